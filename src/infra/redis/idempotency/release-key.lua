-- Gives up a claim the run still owns (its unit of work rolled back). KEYS[1]: the record;
-- ARGV[1]: the owner token. Returns 1, or 0 when the run did not own it any more.
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then
  return 0
end
return redis.call('DEL', KEYS[1])
