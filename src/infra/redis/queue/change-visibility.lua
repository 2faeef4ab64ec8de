-- change-visibility.lua: hides messages of one queue for a new timeout from now, by receipt
-- handle (RedisMessageQueue.changeVisibility); 0 makes them visible at once (and wakes the
-- long polls blocked on the queue). A handle is valid while the entry is pending with the
-- delivery count it names. Server time only.
--
-- KEYS: 1 meta hash, 2 stream, 3 in-flight zset, 4 wake stream
-- ARGV: triples of entry id, delivery count, timeout seconds
-- Returns {0} when the queue does not exist, else {1, {1 changed | 0 invalid handle, ...}}.

local GROUP = 'baltra'

if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 0 }
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local results = {}
local woke = false

for i = 1, #ARGV, 3 do
  local id, count, seconds = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local pending = redis.call('XPENDING', KEYS[2], GROUP, id, id, 1)[1]
  if pending and tonumber(pending[4]) == count then
    redis.call('ZADD', KEYS[3], string.format('%.0f', now + seconds * 1000), id)
    if seconds == 0 then
      woke = true
    end
    results[#results + 1] = 1
  else
    results[#results + 1] = 0
  end
end
if woke then
  redis.call('XADD', KEYS[4], 'MAXLEN', 1, '*', 'w', '1')
end
return { 1, results }
