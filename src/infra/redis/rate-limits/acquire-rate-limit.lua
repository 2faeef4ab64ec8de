-- Takes one slot of a tenant's quotas when both the minute and the day quota allow it, and
-- nothing otherwise: the rule of src/infra/rate-limits/tenant-quota-window.ts (ADR 0014), the
-- same as the PostgreSQL adapter's upsert. Per minute a sliding-window approximation (the
-- previous fixed minute weighted by the share of the current one still to run, plus the
-- current minute), in exact integers; per day a fixed UTC day. Windows are numbered from the
-- Unix epoch.
-- KEYS[1]: the tenant's counters, a hash: mw (minute window), mc (its count), pc (the count of
--          the minute before it), dw (day window), dc (its count)
-- ARGV[1]: the request time in ms since the epoch, or '' for the server's TIME
-- ARGV[2]: slots per minute, or '' for unlimited
-- ARGV[3]: slots per day, or '' for unlimited
-- Returns {1, now} for a slot taken; {0, now, mw, mc, pc, dw, dc} (the counters that refused
-- it, unchanged) for a refusal.
local MINUTE = 60000
local DAY = 86400000

local now = tonumber(ARGV[1])
if now == nil then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local per_minute = tonumber(ARGV[2])
local per_day = tonumber(ARGV[3])

local minute = math.floor(now / MINUTE)
local day = math.floor(now / DAY)
local stored = redis.call('HMGET', KEYS[1], 'mw', 'mc', 'pc', 'dw', 'dc')
local mw, mc, pc = tonumber(stored[1]), tonumber(stored[2]) or 0, tonumber(stored[3]) or 0
local dw, dc = tonumber(stored[4]), tonumber(stored[5]) or 0

-- The counters as seen at `now`.
local window, current, previous, remaining = minute, 0, 0, (minute + 1) * MINUTE - now
if mw ~= nil and mw == minute - 1 then
  previous = mc
elseif mw ~= nil and mw >= minute then
  window, current, previous = mw, mc, pc
  -- A request stamped before the stored window (a lagging clock): weigh the previous window
  -- fully, the most cautious reading.
  if mw > minute then remaining = MINUTE end
end
local day_window, day_count = day, 0
if dw ~= nil and dw >= day then
  day_window, day_count = dw, dc
end

local minute_allows = per_minute == nil
  or previous * remaining + current * MINUTE < per_minute * MINUTE
local day_allows = per_day == nil or day_count < per_day
if not (minute_allows and day_allows) then
  return { 0, now, mw or -1, mc, pc, dw or -1, dc }
end

redis.call('HSET', KEYS[1], 'mw', window, 'mc', current + 1, 'pc', previous,
  'dw', day_window, 'dc', day_count + 1)
-- Kept while it still counts: to the end of its day, and two minutes past its minute.
local keep_until = math.max((day_window + 1) * DAY, (window + 2) * MINUTE)
redis.call('PEXPIRE', KEYS[1], keep_until - now)
return { 1, now }
