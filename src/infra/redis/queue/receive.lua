-- receive.lua: delivers up to ARGV[1] messages of one queue (RedisMessageQueue.receive).
-- Server time only. In this order:
--   1. delayed messages that are due move into the stream;
--   2. in-flight entries whose visibility ended (the in-flight zset, scored by the time they are
--      visible again) are redelivered with XCLAIM, whose delivery counter is the receive count;
--      one already delivered maxReceiveCount times moves to the dead-letter queue instead;
--   3. new entries are read with XREADGROUP >. On a FIFO queue only a group's head is delivered:
--      an entry read while its group is busy is parked in the group's list (its delivery
--      counter set back to 0) until the head is deleted or dead-lettered.
-- An entry without a body, or with unreadable attributes, goes to the dead-letter queue with
-- reason malformed_entry (without one it is acknowledged and left in the stream).
--
-- KEYS: 1 meta hash, 2 stream, 3 in-flight zset, 4 delayed zset, 5 delayed payloads hash,
--       6 wake stream, 7 busy groups hash (group -> head), 8 heads hash (head -> group)
-- ARGV: 1 max messages, 2 visibility ms ('' = the queue's), 3 key prefix, 4 '1' = wait hints
-- Returns {0} when the queue does not exist, else {1, messages, next due in ms (-1: none),
-- last stream entry id, last wake entry id}; a message is {entry id, receive count, fields}.

local GROUP, CONSUMER = 'baltra', 'baltra'
local PROMOTE_LIMIT, READ_BUDGET = 100, 100

local meta = redis.call('HMGET', KEYS[1], 'vis', 'fifo', 'dlq', 'maxrc', 'name')
if not meta[1] then
  return { 0 }
end
local max = tonumber(ARGV[1])
local visibility = tonumber(ARGV[2]) or tonumber(meta[1])
local fifo = meta[2] == '1'
local dlq, maxReceives, queueName = meta[3], tonumber(meta[4]), meta[5]
local stream, inFlight, busy, heads = KEYS[2], KEYS[3], KEYS[7], KEYS[8]
local base = string.sub(KEYS[1], 1, -6)
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local out = {}
local woke = false

local function ms(value)
  return string.format('%.0f', value)
end

local function fieldMap(fields)
  local map = {}
  for i = 1, #fields, 2 do
    map[fields[i]] = fields[i + 1]
  end
  return map
end

-- Why an entry cannot be delivered, or nil.
local function problemOf(map)
  if type(map.b) ~= 'string' then
    return 'it has no body field (b)'
  end
  if map.t and not tonumber(map.t) then
    return 'its sent time (t) is not a number'
  end
  if map.a then
    local ok, attributes = pcall(cjson.decode, map.a)
    if not ok or type(attributes) ~= 'table' then
      return 'its attributes (a) are not a JSON object'
    end
    for name, value in pairs(attributes) do
      if type(name) ~= 'string' or type(value) ~= 'table' or type(value[1]) ~= 'string'
        or type(value[2]) ~= 'string' then
        return 'its attribute ' .. tostring(name) .. ' is not [data type, value]'
      end
    end
  end
  return nil
end

-- ISO 8601 of epoch milliseconds (days to civil date: H. Hinnant's algorithm).
local function iso(epochMs)
  local seconds = math.floor(epochMs / 1000)
  local days = math.floor(seconds / 86400)
  local rest = seconds - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local day = doy - math.floor((153 * mp + 2) / 5) + 1
  local month = mp < 10 and mp + 3 or mp - 9
  local year = yoe + era * 400 + (month <= 2 and 1 or 0)
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', year, month, day,
    math.floor(rest / 3600), math.floor(rest % 3600 / 60), rest % 60, epochMs % 1000)
end

-- Copies an entry to the dead-letter queue with a record (the worker's baltra.dead_letter
-- format) in its field d; false when the queue has none (or it no longer exists).
local function deadLetter(id, fields, map, count, reason, code, message)
  if not dlq then
    return false
  end
  local target = '{' .. ARGV[3] .. 'q:' .. dlq .. '}'
  local targetFifo = redis.call('HGET', target .. ':meta', 'fifo')
  if not targetFifo then
    return false
  end
  local record = cjson.encode({
    reason = reason,
    error_code = code,
    error_message = message,
    source_queue = queueName,
    message_id = map.m or id,
    receive_count = count,
    dead_lettered_at = iso(now),
  })
  local copy = {}
  if reason == 'malformed_entry' then
    -- Nothing of it can be trusted: the body is the entry's fields as JSON.
    copy = { 'm', id, 'b', cjson.encode(map), 't', ms(now),
      'a', cjson.encode({ ['baltra.dead_letter'] = { 'String', record } }) }
    if targetFifo == '1' then
      copy[#copy + 1] = 'g'
      copy[#copy + 1] = type(map.g) == 'string' and map.g or 'malformed'
    end
  else
    for i = 1, #fields, 2 do
      if fields[i] ~= 'd' then
        copy[#copy + 1] = fields[i]
        copy[#copy + 1] = fields[i + 1]
      end
    end
  end
  copy[#copy + 1] = 'd'
  copy[#copy + 1] = record
  redis.call('XADD', target .. ':s', '*', unpack(copy))
  return true
end

-- FIFO: the head leaves its group; the next parked entry heads it, deliverable now.
local function releaseGroup(id)
  local group = redis.call('HGET', heads, id)
  if not group then
    return
  end
  redis.call('HDEL', heads, id)
  local nextId = redis.call('LPOP', base .. ':gq:' .. group)
  if nextId then
    redis.call('HSET', busy, group, nextId)
    redis.call('HSET', heads, nextId, group)
    redis.call('ZADD', inFlight, ms(now), nextId)
    woke = true
  else
    redis.call('HDEL', busy, group)
  end
end

-- The entry leaves the queue: acknowledged, deleted (unless kept) and unscheduled.
local function drop(id, keep)
  redis.call('XACK', stream, GROUP, id)
  if not keep then
    redis.call('XDEL', stream, id)
  end
  redis.call('ZREM', inFlight, id)
  if fifo then
    releaseGroup(id)
  end
end

local function malformed(id, fields, map, count, problem)
  local moved = deadLetter(id, fields, map, count, 'malformed_entry', 'MALFORMED_ENTRY',
    'the stream entry ' .. id .. ' is malformed: ' .. problem)
  drop(id, not moved)
end

local function deliver(id, fields, count)
  redis.call('ZADD', inFlight, ms(now + visibility), id)
  out[#out + 1] = { id, count, fields }
end

if redis.call('EXISTS', stream) == 0 then
  redis.call('XGROUP', 'CREATE', stream, GROUP, '0', 'MKSTREAM')
end

-- 1. Delayed messages that are due.
local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ms(now), 'LIMIT', 0, PROMOTE_LIMIT)
for _, messageId in ipairs(due) do
  local payload = redis.call('HGET', KEYS[5], messageId)
  if payload then
    redis.call('XADD', stream, '*', unpack(cmsgpack.unpack(payload)))
  end
  redis.call('ZREM', KEYS[4], messageId)
  redis.call('HDEL', KEYS[5], messageId)
end

-- 2. In-flight entries visible again (and FIFO heads made deliverable).
local expired = redis.call('ZRANGEBYSCORE', inFlight, '-inf', ms(now), 'LIMIT', 0, max)
for _, id in ipairs(expired) do
  local pending = redis.call('XPENDING', stream, GROUP, id, id, 1)[1]
  if not pending then
    drop(id, true)
  else
    local count = tonumber(pending[4])
    local moved = false
    if maxReceives and count >= maxReceives then
      local entry = redis.call('XRANGE', stream, id, id)[1]
      if not entry then
        drop(id)
        moved = true
      else
        moved = deadLetter(id, entry[2], fieldMap(entry[2]), count, 'max_receives_exceeded',
          'MAX_RECEIVES_EXCEEDED', 'delivered ' .. count .. ' times (maxReceiveCount ' .. maxReceives .. ')')
        if moved then
          drop(id)
        end
      end
    end
    if not moved then
      local claimed = redis.call('XCLAIM', stream, GROUP, CONSUMER, 0, id)[1]
      if not claimed or not claimed[2] then
        drop(id)
      else
        local map = fieldMap(claimed[2])
        local problem = problemOf(map)
        if problem then
          malformed(id, claimed[2], map, count + 1, problem)
        else
          deliver(id, claimed[2], count + 1)
        end
      end
    end
  end
end

-- 3. New entries.
local read = 0
while #out < max and read < READ_BUDGET do
  local reply = redis.call('XREADGROUP', 'GROUP', GROUP, CONSUMER, 'COUNT', max - #out, 'STREAMS', stream, '>')
  if not reply or #reply[1][2] == 0 then
    break
  end
  for _, entry in ipairs(reply[1][2]) do
    read = read + 1
    local id, fields = entry[1], entry[2]
    local map = fieldMap(fields)
    local problem = problemOf(map)
    if problem then
      malformed(id, fields, map, 1, problem)
    elseif fifo then
      local group = type(map.g) == 'string' and map.g or ''
      if redis.call('HEXISTS', busy, group) == 1 then
        redis.call('RPUSH', base .. ':gq:' .. group, id)
        redis.call('XCLAIM', stream, GROUP, CONSUMER, 0, id, 'RETRYCOUNT', 0, 'JUSTID')
      else
        redis.call('HSET', busy, group, id)
        redis.call('HSET', heads, id, group)
        deliver(id, fields, 1)
      end
    else
      deliver(id, fields, 1)
    end
  end
end

if woke then
  redis.call('XADD', KEYS[6], 'MAXLEN', 1, '*', 'w', '1')
end

local hint, streamLast, wakeLast = -1, '0-0', '0-0'
if #out == 0 and ARGV[4] == '1' then
  local nextAt
  local first = redis.call('ZRANGE', inFlight, 0, 0, 'WITHSCORES')
  if first[2] then
    nextAt = tonumber(first[2])
  end
  first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
  if first[2] and (not nextAt or tonumber(first[2]) < nextAt) then
    nextAt = tonumber(first[2])
  end
  if read >= READ_BUDGET then
    nextAt = now
  end
  if nextAt then
    hint = math.max(0, nextAt - now)
  end
  local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
  if last then
    streamLast = last[1]
  end
  last = redis.call('XREVRANGE', KEYS[6], '+', '-', 'COUNT', 1)[1]
  if last then
    wakeLast = last[1]
  end
end
return { 1, out, hint, streamLast, wakeLast }
