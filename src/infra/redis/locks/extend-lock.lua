-- Sets a new lease on the lock only while it still holds this owner token (compare and
-- extend). The lease counts from now, so it can also shorten one.
-- KEYS[1]: the lock; ARGV[1]: the owner token; ARGV[2]: the lease in milliseconds
-- Returns 1 when extended, 0 when the lock is free or held by someone else.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
