-- send.lua: adds the messages of one RedisMessageQueue.send call, all of them in this one script.
-- Server time only. A message with a delay waits in the delayed set (its fields packed in the
-- payload hash) until receive.lua moves it into the stream; the others are XADDed at once.
-- FIFO queues: a deduplication id already seen within 5 minutes drops the message and answers
-- the original message id; without one, the queue must deduplicate by content (SHA-1 of the body).
--
-- KEYS: 1 meta hash, 2 stream, 3 delayed zset, 4 delayed payloads hash, 5 wake stream
-- ARGV: 1 number of messages, then 6 per message: message id, body, attributes JSON ('' none),
--       group id ('' none), deduplication id ('' none), delay seconds
-- Returns {0} when the queue does not exist, else {1, {message id per message}}: '' marks a
-- FIFO message without a deduplication id on a queue that does not deduplicate by content.

local meta = redis.call('HMGET', KEYS[1], 'vis', 'fifo', 'cbd')
if not meta[1] then
  return { 0 }
end
local fifo = meta[2] == '1'
local byContent = meta[3] == '1'
local base = string.sub(KEYS[1], 1, -6)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local sentAt = string.format('%.0f', now)

local ids = {}
local delayed = false
for i = 0, tonumber(ARGV[1]) - 1 do
  local at = 2 + i * 6
  local id, body, attributes, group, dedup = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4]
  local delay = tonumber(ARGV[at + 5])
  local answer = id
  local skip = false
  if fifo then
    if dedup == '' and byContent then
      dedup = redis.sha1hex(body)
    end
    if dedup == '' then
      answer = ''
      skip = true
    else
      local key = base .. ':dd:' .. dedup
      if not redis.call('SET', key, id, 'NX', 'EX', 300) then
        answer = redis.call('GET', key) or id
        skip = true
      end
    end
  end
  if not skip then
    local fields = { 'm', id, 'b', body, 't', sentAt }
    if attributes ~= '' then
      fields[#fields + 1] = 'a'
      fields[#fields + 1] = attributes
    end
    if group ~= '' then
      fields[#fields + 1] = 'g'
      fields[#fields + 1] = group
    end
    if delay > 0 then
      redis.call('ZADD', KEYS[3], string.format('%.0f', now + delay * 1000), id)
      redis.call('HSET', KEYS[4], id, cmsgpack.pack(fields))
      delayed = true
    else
      redis.call('XADD', KEYS[2], '*', unpack(fields))
    end
  end
  ids[#ids + 1] = answer
end
-- Long polls blocked on this queue recompute when to wake up.
if delayed then
  redis.call('XADD', KEYS[5], 'MAXLEN', 1, '*', 'w', '1')
end
return { 1, ids }
