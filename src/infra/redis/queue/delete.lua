-- delete.lua: acknowledges messages of one queue by receipt handle (RedisMessageQueue.delete):
-- XACK + XDEL, and the entry leaves the in-flight set. A handle is valid while the entry is
-- pending with the delivery count it names (a later delivery makes it stale). FIFO queues: a
-- deleted head frees its group, whose next parked entry becomes deliverable at once.
--
-- KEYS: 1 meta hash, 2 stream, 3 in-flight zset, 4 wake stream, 5 busy groups hash,
--       6 heads hash
-- ARGV: pairs of entry id, delivery count
-- Returns {0} when the queue does not exist, else {1, {1 deleted | 0 invalid handle, ...}}.

local GROUP = 'baltra'

local fifo = redis.call('HGET', KEYS[1], 'fifo')
if not fifo then
  return { 0 }
end
local stream, inFlight, busy, heads = KEYS[2], KEYS[3], KEYS[5], KEYS[6]
local base = string.sub(KEYS[1], 1, -6)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local results = {}
local woke = false

for i = 1, #ARGV, 2 do
  local id, count = ARGV[i], tonumber(ARGV[i + 1])
  local pending = redis.call('XPENDING', stream, GROUP, id, id, 1)[1]
  if pending and tonumber(pending[4]) == count then
    redis.call('XACK', stream, GROUP, id)
    redis.call('XDEL', stream, id)
    redis.call('ZREM', inFlight, id)
    local group = fifo == '1' and redis.call('HGET', heads, id)
    if group then
      redis.call('HDEL', heads, id)
      local nextId = redis.call('LPOP', base .. ':gq:' .. group)
      if nextId then
        redis.call('HSET', busy, group, nextId)
        redis.call('HSET', heads, nextId, group)
        redis.call('ZADD', inFlight, string.format('%.0f', now), nextId)
        woke = true
      else
        redis.call('HDEL', busy, group)
      end
    end
    results[#results + 1] = 1
  else
    results[#results + 1] = 0
  end
end
-- Long polls blocked on this queue look again: a group's next message is deliverable.
if woke then
  redis.call('XADD', KEYS[4], 'MAXLEN', 1, '*', 'w', '1')
end
return { 1, results }
