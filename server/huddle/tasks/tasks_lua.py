"""Lua for tasks; see tasks_repository for the key layout. Field values are raw JSON texts that
the scripts only concatenate, never decode (cjson would turn [] into {} and round big numbers).

Scripts derive the workspace's other keys from KEYS[1] (the topic stream `{workspace:<id>}:events`):
all share the hash tag, so they live in one Redis Cluster slot with it.
"""

from huddle.live.publish import PUBLISH_LUA

LIBRARY = (
    PUBLISH_LUA
    + r"""
local stream = KEYS[1]
local P = string.sub(stream, 1, #stream - #'events')
local channel, maxlen, ws = ARGV[1], ARGV[2], ARGV[3]
local TOPIC = 'workspace:' .. ws
local SEQ_FACTOR = 1000000000

local function task_json(key)
  local h = redis.call('HGETALL', key)
  local data, meta = {}, {}
  for i = 1, #h, 2 do
    local k, v = h[i], h[i + 1]
    if string.sub(k, 1, 2) == 'd:' then
      data[#data + 1] = cjson.encode(string.sub(k, 3)) .. ':' .. v
    else
      meta[k] = v
    end
  end
  return '{"id":' .. cjson.encode(meta.id) .. ',"workspaceId":' .. cjson.encode(ws)
    .. ',"displayId":' .. cjson.encode(meta.display_id) .. ',"sequenceNumber":' .. meta.seq
    .. ',"data":{' .. table.concat(data, ',') .. '},"version":' .. meta.version
    .. ',"createdAt":' .. cjson.encode(meta.created_at) .. ',"updatedAt":' .. cjson.encode(meta.updated_at) .. '}'
end

local function plain(json_text)
  -- Only used on enum values and user ids, which never contain escapes.
  if not json_text then return nil end
  return string.sub(json_text, 2, -2)
end

-- Keep the sort and filter indexes of one field in step with its new value (hint '' = removed).
local function index(seq, field, hint, old_json)
  local n = tonumber(seq)
  if field == 'status' or field == 'priority' then
    if old_json then redis.call('SREM', P .. 'by_' .. field .. ':' .. plain(old_json), seq) end
    if hint ~= '' then
      local rank, value = string.match(hint, '^(%d+):(.*)$')
      redis.call('SADD', P .. 'by_' .. field .. ':' .. value, seq)
      redis.call('ZADD', P .. 'idx:' .. field, tonumber(rank) * SEQ_FACTOR + n, seq)
    end
  elseif field == 'assignee' then
    redis.call('SREM', P .. 'by_assignee:' .. (plain(old_json) or '-'), seq)
    redis.call('SADD', P .. 'by_assignee:' .. (hint ~= '' and hint or '-'), seq)
  elseif field == 'dueDate' then
    if hint ~= '' then
      redis.call('ZADD', P .. 'idx:due', tonumber(hint) * SEQ_FACTOR + n, seq)
    else
      redis.call('ZREM', P .. 'idx:due', seq)
    end
  elseif field == 'title' then
    local old = redis.call('HGET', P .. 'titles', seq)
    if old then redis.call('ZREM', P .. 'idx:title', old .. '\0' .. seq) end
    redis.call('HSET', P .. 'titles', seq, hint)
    redis.call('ZADD', P .. 'idx:title', 0, hint .. '\0' .. seq)
  end
end

local function unindex(seq, key)
  for _, field in ipairs({'status', 'priority'}) do
    local value = redis.call('HGET', key, 'd:' .. field)
    if value then redis.call('SREM', P .. 'by_' .. field .. ':' .. plain(value), seq) end
    redis.call('ZREM', P .. 'idx:' .. field, seq)
  end
  redis.call('SREM', P .. 'by_assignee:' .. (plain(redis.call('HGET', key, 'd:assignee')) or '-'), seq)
  local title = redis.call('HGET', P .. 'titles', seq)
  if title then redis.call('ZREM', P .. 'idx:title', title .. '\0' .. seq) end
  redis.call('HDEL', P .. 'titles', seq)
  for _, name in ipairs({'created', 'updated', 'due'}) do redis.call('ZREM', P .. 'idx:' .. name, seq) end
end

local function change_json(field, from_json, to_json)
  return '{"field":' .. cjson.encode(field) .. ',"from":' .. from_json .. ',"to":' .. to_json .. '}'
end

local function log_activity(seq, at, actor, kind, changes)
  local entry = '{"at":' .. cjson.encode(at) .. ',"actor":' .. cjson.encode(actor) .. ',"kind":"' .. kind
    .. '","changes":[' .. table.concat(changes, ',') .. ']}'
  redis.call('LPUSH', P .. 'activity:' .. seq, entry)
  redis.call('LTRIM', P .. 'activity:' .. seq, 0, 199)
end

-- `type` repeats the event name in the data: seed 002's clients read data.type off plain messages.
local function announce(event_type, task)
  local data = '{"type":' .. cjson.encode(event_type) .. ',"topic":' .. cjson.encode(TOPIC) .. ',"task":' .. task .. '}'
  huddle_publish(stream, channel, maxlen, event_type, data)
end
"""
)

# ARGV: channel, maxlen, ws, key letters, now iso, now ms, actor, then (field, json, hint) triples.
CREATE = (
    LIBRARY
    + """
local letters, now_iso, now_ms, actor = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local seq = tostring(redis.call('INCR', P .. 'seq'))
local key = P .. 'task:' .. seq
redis.call('HSET', key, 'id', ws .. '-' .. seq, 'seq', seq, 'display_id', letters .. '-' .. seq, 'version', 1,
  'created_at', now_iso, 'updated_at', now_iso)
local assigned = false
local changes = {}
for i = 8, #ARGV, 3 do
  local field, value, hint = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  redis.call('HSET', key, 'd:' .. field, value, 'v:' .. field, 1)
  index(seq, field, hint, nil)
  if field == 'assignee' then assigned = true end
  changes[#changes + 1] = change_json(field, 'null', value)
end
if not assigned then redis.call('SADD', P .. 'by_assignee:-', seq) end
redis.call('ZADD', P .. 'idx:created', tonumber(seq), seq)
redis.call('ZADD', P .. 'idx:updated', tonumber(now_ms), seq)
log_activity(seq, now_iso, actor, 'created', changes)
local task = task_json(key)
announce('task_created', task)
return task
"""
)

# KEYS: stream, task key, activity key. ARGV: channel, maxlen, ws, now iso, now ms, actor, expected
# version or '', then (field, json or '' to remove, hint) triples.
PATCH = (
    LIBRARY
    + """
local key, activity = KEYS[2], KEYS[3]

-- Who made the newest change of `field` (a conflict names them); nil when it left the kept history.
local function last_editor(field)
  for _, raw in ipairs(redis.call('LRANGE', activity, 0, -1)) do
    local entry = cjson.decode(raw)
    for _, change in ipairs(entry.changes) do
      if change.field == field then return entry.actor end
    end
  end
  return nil
end

local seq = string.match(key, ':task:(%d+)$')
local now_iso, now_ms, actor, expected = ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if redis.call('EXISTS', key) == 0 then return '{"error":"not_found"}' end
-- Only fields whose value really changes can conflict: a stale tab writing the value a field
-- already has overwrites nothing it has not seen.
local changes, writes, stale = {}, {}, {}
for i = 8, #ARGV, 3 do
  local field, value, hint = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local old = redis.call('HGET', key, 'd:' .. field)
  if (value == '' and old) or (value ~= '' and value ~= old) then
    if expected ~= '' then
      local changed_at = redis.call('HGET', key, 'v:' .. field)
      if changed_at and tonumber(changed_at) > tonumber(expected) then
        stale[#stale + 1] = '{"field":' .. cjson.encode(field) .. ',"version":' .. changed_at
          .. ',"by":' .. cjson.encode(last_editor(field) or cjson.null) .. '}'
      end
    end
    writes[#writes + 1] = {field, value, hint, old}
    changes[#changes + 1] = change_json(field, old or 'null', value ~= '' and value or 'null')
  end
end
if #stale > 0 then
  return '{"error":"conflict","stale":[' .. table.concat(stale, ',') .. '],"task":' .. task_json(key) .. '}'
end
if #writes == 0 then return '{"task":' .. task_json(key) .. '}' end
local version = redis.call('HINCRBY', key, 'version', 1)
for _, w in ipairs(writes) do
  if w[2] == '' then redis.call('HDEL', key, 'd:' .. w[1]) else redis.call('HSET', key, 'd:' .. w[1], w[2]) end
  redis.call('HSET', key, 'v:' .. w[1], version)
  index(seq, w[1], w[3], w[4] or nil)
end
redis.call('HSET', key, 'updated_at', now_iso)
redis.call('ZADD', P .. 'idx:updated', tonumber(now_ms), seq)
log_activity(seq, now_iso, actor, 'updated', changes)
local task = task_json(key)
announce('task_updated', task)
return '{"task":' .. task .. '}'
"""
)

# KEYS: stream, task key, trash key. ARGV: channel, maxlen, ws, now iso, actor, trash ttl.
DELETE = (
    LIBRARY
    + """
local key, trash = KEYS[2], KEYS[3]
local seq = string.match(key, ':task:(%d+)$')
if redis.call('EXISTS', key) == 0 then return '{"error":"not_found"}' end
local task = task_json(key)
unindex(seq, key)
redis.call('RENAME', key, trash)
redis.call('EXPIRE', trash, tonumber(ARGV[6]))
log_activity(seq, ARGV[4], ARGV[5], 'deleted', {})
-- The history goes with the task: kept while it can be restored, then gone.
redis.call('EXPIRE', P .. 'activity:' .. seq, tonumber(ARGV[6]))
announce('task_deleted', task)
return '{"task":' .. task .. '}'
"""
)

# KEYS: stream, task key, trash key. ARGV: channel, maxlen, ws, now iso, now ms, actor, then
# (field, hint) pairs of the indexed fields of the trashed task.
RESTORE = (
    LIBRARY
    + """
local key, trash = KEYS[2], KEYS[3]
local seq = string.match(key, ':task:(%d+)$')
if redis.call('EXISTS', trash) == 0 then return '{"error":"not_found"}' end
redis.call('RENAME', trash, key)
redis.call('PERSIST', key)
redis.call('HINCRBY', key, 'version', 1)
redis.call('HSET', key, 'updated_at', ARGV[4])
local assigned = false
for i = 7, #ARGV, 2 do
  index(seq, ARGV[i], ARGV[i + 1], nil)
  if ARGV[i] == 'assignee' then assigned = true end
end
if not assigned then redis.call('SADD', P .. 'by_assignee:-', seq) end
redis.call('ZADD', P .. 'idx:created', tonumber(seq), seq)
redis.call('ZADD', P .. 'idx:updated', tonumber(ARGV[5]), seq)
log_activity(seq, ARGV[4], ARGV[6], 'restored', {})
redis.call('PERSIST', P .. 'activity:' .. seq)
local task = task_json(key)
announce('task_created', task)
return '{"task":' .. task .. '}'
"""
)

# KEYS: stream. ARGV: channel, maxlen, ws, sort (created|updated|status|priority|due|title),
# descending ('1'/'0'), offset, limit, q (lower case, '' for none), then (field, 'v1,v2') filters.
QUERY = (
    LIBRARY
    + """
local sort, descending, offset, limit, q = ARGV[4], ARGV[5] == '1', tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local has_filters = #ARGV > 8

local function page_json(total, seqs)
  local tasks = {}
  for i, seq in ipairs(seqs) do tasks[i] = task_json(P .. 'task:' .. seq) end
  return '{"total":' .. total .. ',"tasks":[' .. table.concat(tasks, ',') .. ']}'
end

-- Fast path: no filter and no search: read the page straight off the sorted index.
if not has_filters and q == '' and sort ~= 'due' then
  local total = redis.call('ZCARD', P .. 'idx:created')
  local seqs = {}
  if sort == 'title' then
    local members
    if descending then
      members = redis.call('ZRANGE', P .. 'idx:title', '+', '-', 'BYLEX', 'REV', 'LIMIT', offset, limit)
    else
      members = redis.call('ZRANGE', P .. 'idx:title', '-', '+', 'BYLEX', 'LIMIT', offset, limit)
    end
    for i, member in ipairs(members) do seqs[i] = string.match(member, '%z(%d+)$') end
  else
    local args = {P .. 'idx:' .. sort, offset, offset + limit - 1}
    if descending then args[4] = 'REV' end
    seqs = redis.call('ZRANGE', unpack(args))
  end
  return page_json(total, seqs)
end

-- Candidates: the intersection over filtered fields of the union of each field's values.
local candidates
for i = 9, #ARGV, 2 do
  local union, count = {}, 0
  for value in string.gmatch(ARGV[i + 1], '[^,]+') do
    for _, seq in ipairs(redis.call('SMEMBERS', P .. 'by_' .. ARGV[i] .. ':' .. value)) do union[seq] = true end
  end
  if candidates == nil then
    candidates = union
  else
    for seq in pairs(candidates) do if not union[seq] then candidates[seq] = nil end end
  end
end
-- Without a search: walk the sort index in order, keeping the tasks that pass the filters, until
-- the page is full. A filter that keeps a fifth of 10,000 tasks reads ~250 index entries for the
-- first page instead of sorting 2,000 tasks (15 ms -> ~2 ms, and Redis is blocked that much less).
if q == '' then
  local total = 0
  if candidates == nil then
    total = redis.call('ZCARD', P .. 'idx:created')
  else
    for _ in pairs(candidates) do total = total + 1 end
  end
  local wanted, matched, seqs = offset + limit, 0, {}
  local function take(seq)
    if candidates == nil or candidates[seq] then
      matched = matched + 1
      if matched > offset then seqs[#seqs + 1] = seq end
    end
    return matched >= wanted
  end
  -- Returns true once the page is full, false when the index ran out first.
  local function walk(index, by_title, undated_only)
    local position, chunk = 0, 512
    while true do
      local members
      if by_title then
        if descending then
          members = redis.call('ZRANGE', index, '+', '-', 'BYLEX', 'REV', 'LIMIT', position, chunk)
        else
          members = redis.call('ZRANGE', index, '-', '+', 'BYLEX', 'LIMIT', position, chunk)
        end
      else
        local args = {index, position, position + chunk - 1}
        if descending then args[4] = 'REV' end
        members = redis.call('ZRANGE', unpack(args))
      end
      if #members == 0 then return false end
      local dated = {}
      if undated_only then dated = redis.call('ZMSCORE', P .. 'idx:due', unpack(members)) end
      for i, member in ipairs(members) do
        local seq = member
        if by_title then seq = string.match(member, '%z(%d+)$') end
        if not dated[i] and take(seq) then return true end
      end
      position = position + chunk
    end
  end
  if not walk(P .. 'idx:' .. sort, sort == 'title', false) and sort == 'due' then
    -- Tasks without a due date are not in idx:due: they come last, by creation in the sort's direction.
    walk(P .. 'idx:created', false, true)
  end
  return page_json(total, seqs)
end

local list = {}
if candidates == nil then
  list = redis.call('ZRANGE', P .. 'idx:created', 0, -1)
else
  for seq in pairs(candidates) do list[#list + 1] = seq end
end

if q ~= '' then
  local kept = {}
  for start = 1, #list, 1000 do
    local batch = {}
    for j = start, math.min(start + 999, #list) do batch[#batch + 1] = list[j] end
    local titles = redis.call('HMGET', P .. 'titles', unpack(batch))
    for j, title in ipairs(titles) do
      if title and string.find(title, q, 1, true) then kept[#kept + 1] = batch[j] end
    end
  end
  list = kept
end

-- Sort keys: index scores (rank/day * 1e9 + seq), titles, or the sequence number itself.
local keys = {}
for start = 1, #list, 1000 do
  local batch = {}
  for j = start, math.min(start + 999, #list) do batch[#batch + 1] = list[j] end
  local values
  if sort == 'title' then
    values = redis.call('HMGET', P .. 'titles', unpack(batch))
  elseif sort == 'created' then
    values = batch
  else
    values = redis.call('ZMSCORE', P .. 'idx:' .. sort, unpack(batch))
  end
  for j, seq in ipairs(batch) do keys[seq] = values[j] end
end
local numeric = sort ~= 'title'
table.sort(list, function(a, b)
  local ka, kb = keys[a], keys[b]
  if ka == kb or (not ka and not kb) then
    if descending then return tonumber(a) > tonumber(b) end
    return tonumber(a) < tonumber(b)
  end
  if not ka then return false end  -- no value (e.g. no due date) sorts last either way
  if not kb then return true end
  if numeric then ka, kb = tonumber(ka), tonumber(kb) end
  if descending then return ka > kb end
  return ka < kb
end)
local seqs = {}
for i = offset + 1, math.min(offset + limit, #list) do seqs[#seqs + 1] = list[i] end
return page_json(#list, seqs)
"""
)
