/**
 * One page of operations, newest first, read in one atomic step from the indexes: the sorted sets
 * by creation (all, or per type) and BullMQ's state sets. The filter is driven from the smaller
 * side: walking the creation order when types/since narrow most (stopping once the page is full),
 * or gathering the requested state sets and sorting those when they are smaller. Either way the
 * cost follows what matches (plus O(log n) counts), not what is retained.
 *
 * KEYS: 1 by-creation, 2 cancel-requests, 3 indexed-types.
 * ARGV: 1 BullMQ job prefix, 2 per-type index prefix, 3 filter JSON {states, types, since (µs), offset, limit}.
 * Reply: per operation {id, BullMQ state, cancel-request ms or nil, name, data, progress, processedOn, finishedOn, failedReason}.
 */
export const LIST_OPERATIONS_LUA = `
local jobs, byType = ARGV[1], ARGV[2]
local f = cjson.decode(ARGV[3])
local since = tonumber(f.since) or -1
local minScore = since >= 0 and string.format('%.0f', since) or '-inf'
local offset = tonumber(f.offset) or 0
local limit = tonumber(f.limit) or -1

local wanted = nil
if type(f.states) == 'table' and #f.states > 0 then
  wanted = {}
  for _, s in ipairs(f.states) do wanted[s] = true end
end
local types, typeKeys = nil, {}
if type(f.types) == 'table' and #f.types > 0 then
  types = {}
  for _, t in ipairs(f.types) do
    if not types[t] then types[t] = true; typeKeys[#typeKeys + 1] = byType .. t end
  end
end

local activeIds = redis.call('LRANGE', jobs .. 'active', 0, -1)
local active = {}
for _, id in ipairs(activeIds) do active[id] = true end

-- BullMQ's state of a job, as Job.getState() names it; false when the job is gone.
local function jobState(id)
  if redis.call('ZSCORE', jobs .. 'completed', id) then return 'completed' end
  if redis.call('ZSCORE', jobs .. 'failed', id) then return 'failed' end
  if active[id] then return 'active' end
  for _, s in ipairs({'delayed', 'prioritized', 'waiting-children'}) do
    if redis.call('ZSCORE', jobs .. s, id) then return s end
  end
  if redis.call('EXISTS', jobs .. id) == 1 then return 'waiting' end
  return false
end

-- The operation state, as operationState() in operation-job.ts derives it. A failed job is
-- CANCELLED when its run ended by a cancel (data.cancelled), which the worker only records after
-- the cancel request is stored: only those with a request need their data decoded. Running and
-- completed operations render the same with or without a cancel request, so it is not read for them.
local function operationState(id, state)
  if state == 'active' then return 'RUNNING', false end
  if state == 'completed' then return 'COMPLETED', false end
  local cancelAt = redis.call('HGET', KEYS[2], id)
  if state == 'failed' then
    if cancelAt then
      local ok, data = pcall(cjson.decode, redis.call('HGET', jobs .. id, 'data') or '{}')
      if ok and type(data) == 'table' and data.cancelled == true then return 'CANCELLED', cancelAt end
    end
    return 'FAILED', cancelAt
  end
  if cancelAt then return 'CANCELLED', cancelAt end
  return 'PENDING', cancelAt
end

local page, matched, gone = {}, 0, {}
-- Adds one operation if it matches the states; true once the page is full. known: its BullMQ
-- state when the caller just read it from that state's set.
local function consider(id, known)
  local state = known or jobState(id)
  if not state then gone[#gone + 1] = id; return false end
  local opState, cancelAt = operationState(id, state)
  if wanted and not wanted[opState] then return false end
  matched = matched + 1
  if matched > offset then page[#page + 1] = {id, state, cancelAt} end
  return limit >= 0 and #page >= limit
end

-- Where each operation state lives among BullMQ's sets, with the BullMQ state a member of that set
-- has (CANCELLED: the ids with a cancel request, in whichever set).
local sources = {
  RUNNING = {{'list', jobs .. 'active', 'active'}},
  COMPLETED = {{'zset', jobs .. 'completed', 'completed'}},
  FAILED = {{'zset', jobs .. 'failed', 'failed'}},
  CANCELLED = {{'hash', KEYS[2], false}},
  PENDING = {{'list', jobs .. 'wait', 'waiting'}, {'list', jobs .. 'paused', 'waiting'}, {'zset', jobs .. 'delayed', 'delayed'},
    {'zset', jobs .. 'prioritized', 'prioritized'}, {'zset', jobs .. 'waiting-children', 'waiting-children'}},
}
local size = {list = 'LLEN', zset = 'ZCARD', hash = 'HLEN'}
local members = {
  list = function(key) return redis.call('LRANGE', key, 0, -1) end,
  zset = function(key) return redis.call('ZRANGE', key, 0, -1) end,
  hash = function(key) return redis.call('HKEYS', key) end,
}

local ordered = types and typeKeys or {KEYS[1]}
local orderedSize = 0
for _, key in ipairs(ordered) do orderedSize = orderedSize + redis.call('ZCOUNT', key, minScore, '+inf') end
local stateSize = 0
if wanted then
  for s in pairs(wanted) do
    for _, source in ipairs(sources[s] or {}) do stateSize = stateSize + redis.call(size[source[1]], source[2]) end
  end
end

if wanted and stateSize < orderedSize then
  -- Few operations in the requested states: gather them, keep those of the types and since, sort.
  local seen, hits = {}, {}
  for s in pairs(wanted) do
    for _, source in ipairs(sources[s] or {}) do
      for _, id in ipairs(members[source[1]](source[2])) do
        if not seen[id] then
          seen[id] = true
          local score = tonumber(redis.call('ZSCORE', KEYS[1], id))
          if score and score >= since and (not types or types[redis.call('HGET', jobs .. id, 'name')]) then
            hits[#hits + 1] = {id, score, source[3]}
          end
        end
      end
    end
  end
  table.sort(hits, function(a, b) return a[2] > b[2] end)
  for _, hit in ipairs(hits) do
    if consider(hit[1], hit[3]) then break end
  end
elseif #ordered == 1 then
  -- Walk the creation order newest first, in rank chunks, until the page is full.
  local chunk = limit >= 0 and math.min(math.max(offset + limit, 16), 1000) or 1000
  local rank, done = 0, false
  while rank < orderedSize and not done do
    local ids = redis.call('ZREVRANGE', ordered[1], rank, math.min(rank + chunk, orderedSize) - 1)
    for _, id in ipairs(ids) do
      if consider(id) then done = true; break end
    end
    if #ids == 0 then break end
    rank = rank + #ids
  end
else
  -- Several types: merge their (already narrowed) sorted sets.
  local all = {}
  for _, key in ipairs(ordered) do
    local flat = redis.call('ZREVRANGEBYSCORE', key, '+inf', minScore, 'WITHSCORES')
    for i = 1, #flat, 2 do all[#all + 1] = {flat[i], tonumber(flat[i + 1])} end
  end
  table.sort(all, function(a, b) return a[2] > b[2] end)
  for _, entry in ipairs(all) do
    if consider(entry[1]) then break end
  end
end

-- Entries whose job is gone (removed between BullMQ's clean and our index removal, or by hand).
if #gone > 0 then
  local typeSets = redis.call('SMEMBERS', KEYS[3])
  for first = 1, #gone, 500 do
    local chunk = {unpack(gone, first, math.min(first + 499, #gone))}
    redis.call('ZREM', KEYS[1], unpack(chunk))
    redis.call('HDEL', KEYS[2], unpack(chunk))
    for _, t in ipairs(typeSets) do redis.call('ZREM', byType .. t, unpack(chunk)) end
  end
end

local reply = {}
for i, entry in ipairs(page) do
  local fields = redis.call('HMGET', jobs .. entry[1], 'name', 'data', 'progress', 'processedOn', 'finishedOn', 'failedReason')
  reply[i] = {entry[1], entry[2], entry[3], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]}
end
return reply
`;
