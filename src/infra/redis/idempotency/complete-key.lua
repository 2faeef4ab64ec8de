-- Completes a claim only if the run still owns it. KEYS[1]: the record; ARGV[1]: the owner
-- token; ARGV[2]: the result JSON; ARGV[3]: the retention in ms. Returns 1, or 0 when the
-- claim is gone (its lease expired) or held by another run.
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], 'c:' .. ARGV[2], 'PX', ARGV[3])
return 1
