-- Creates or replaces a tenant's record in one step, so a reader never sees half of it.
-- KEYS[1]: the tenant's hash; ARGV[1]: tier; ARGV[2]: status; ARGV[3]: limits JSON ('' none)
-- Returns 1.
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'tier', ARGV[1], 'status', ARGV[2])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'limits', ARGV[3])
end
return 1
