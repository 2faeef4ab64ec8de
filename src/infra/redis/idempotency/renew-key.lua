-- Renews the lease of a claim the run still owns. KEYS[1]: the record; ARGV[1]: the owner
-- token; ARGV[2]: the lease in ms. Returns 1, or 0 when the run does not own it any more.
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then
  return 0
end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
