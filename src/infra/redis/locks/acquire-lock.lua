-- Takes a lock when it is free and hands out the next fencing token, in one step, so a later
-- holder always has a larger token than every earlier one.
-- KEYS[1]: the lock (its value is the holder's owner token; expires with the lease)
-- KEYS[2]: the lock's fencing counter (no TTL)
-- ARGV[1]: the owner token; ARGV[2]: the lease in milliseconds
-- Returns the fencing token, or 0 when someone else holds the lock.
--
-- The token is the counter's INCR, raised to the server's clock in microseconds when it is
-- behind it: so it keeps increasing even when the counter loses its last increments (a crash
-- with appendfsync everysec, a failover, an evicted key), as long as the server's clock does
-- not step back by more than what was lost.
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 0
end
local token = redis.call('INCR', KEYS[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
if token < now then
  redis.call('SET', KEYS[2], string.format('%.0f', now))
  token = now
end
return token
