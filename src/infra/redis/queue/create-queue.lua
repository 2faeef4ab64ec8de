-- create-queue.lua: creates a queue (its meta hash, and its stream with the consumer group) or
-- brings the attributes of the existing one in line; the type (FIFO or standard) of an
-- existing queue cannot change.
--
-- KEYS: 1 meta hash, 2 stream
-- ARGV: 1 queue name, 2 '1' FIFO | '0', 3 visibility timeout ms, 4 dead-letter queue ('' none),
--       5 maxReceiveCount, 6 '1' content-based deduplication | '0', 7 '1' = keep the
--       attributes of an existing queue (dead-letter queues)
-- Returns 1 (created), 2 (existed: attributes set or kept) or -1 (it exists with the other type).

local existing = redis.call('HGET', KEYS[1], 'fifo')
if existing and existing ~= ARGV[2] then
  return -1
end
if existing and ARGV[7] == '1' then
  redis.pcall('XGROUP', 'CREATE', KEYS[2], 'baltra', '0', 'MKSTREAM')
  return 2
end
redis.call('HSET', KEYS[1], 'name', ARGV[1], 'fifo', ARGV[2], 'vis', ARGV[3], 'cbd', ARGV[6])
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'dlq', ARGV[4], 'maxrc', ARGV[5])
else
  redis.call('HDEL', KEYS[1], 'dlq', 'maxrc')
end
-- BUSYGROUP (the group exists already) is the answer of every later call: ignored.
redis.pcall('XGROUP', 'CREATE', KEYS[2], 'baltra', '0', 'MKSTREAM')
if existing then
  return 2
end
return 1
