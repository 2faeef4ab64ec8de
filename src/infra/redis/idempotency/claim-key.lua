-- Claims an idempotency key for one run. KEYS[1]: the record; ARGV[1]: the run's owner
-- token; ARGV[2]: the lease in ms. The record is a string: 'p:<owner>' while a run holds the
-- claim (it expires after the lease unless renewed), 'c:<result JSON>' once completed (it
-- expires after the retention).
-- Returns {'new'}, {'completed', resultJson} or {'held', pttl}.
if redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'new'}
end
local record = redis.call('GET', KEYS[1])
if string.sub(record, 1, 2) == 'c:' then
  return {'completed', string.sub(record, 3)}
end
return {'held', redis.call('PTTL', KEYS[1])}
