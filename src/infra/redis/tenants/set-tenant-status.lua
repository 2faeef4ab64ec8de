-- Sets the status of a tenant that exists (an unknown tenant is never half-created).
-- KEYS[1]: the tenant's hash; ARGV[1]: the status
-- Returns 1 when set, 0 when the tenant does not exist.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
return 1
