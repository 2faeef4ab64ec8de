-- Deletes the lock only while it still holds this owner token (compare and delete).
-- KEYS[1]: the lock; ARGV[1]: the owner token
-- Returns 1 when released, 0 when the lock is free or held by someone else.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
