-- Takes a lock when it is free and hands out the next fencing token, in one step, so a later
-- holder always has a larger token than every earlier one.
-- KEYS[1]: the lock (its value is the holder's owner token; expires with the lease)
-- KEYS[2]: the lock's fencing counter (never expires: tokens must keep increasing)
-- ARGV[1]: the owner token; ARGV[2]: the lease in milliseconds
-- Returns the fencing token (>= 1), or 0 when someone else holds the lock.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
