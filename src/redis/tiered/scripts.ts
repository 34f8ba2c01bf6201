/**
 * The Lua scripts of the Redis tier. Every key starts with the tier's prefix; keys built inside a
 * script (tag indexes, value keys found in an index) are why Redis Cluster needs a `{hash tag}` prefix.
 *
 * Layout under prefix P:
 * - `P` + `g`: the generations hash: field `t:<tag>` is the tag's generation (HINCRBY), field `epoch`
 *   a token made when the hash is (re)created, so values written before the hash was lost never match.
 * - `P` + `v:` + encoded key: a hash `d` (serialized value), `t` (JSON array of tags), `g` (the tags'
 *   generations at write time, comma-separated), `e` (epoch at write time), `v` (the key's version).
 *   A delete leaves a tombstone holding only `v` for `guardMs`, so a load that started before it is refused.
 * - `P` + `t:` + tag: a sorted set of encoded keys scored by expiry time (ms, Redis clock), trimmed
 *   (ZREMRANGEBYSCORE up to now) on every write to the tag, and expiring with its last member.
 */

const HELPERS = [
  'local function now_ms()',
  "  local t = redis.call('TIME')",
  '  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)',
  'end',
  'local function hmget_all(key, fields)',
  '  local out = {}',
  '  for i = 1, #fields, 1000 do',
  '    local chunk = {}',
  '    for j = i, math.min(i + 999, #fields) do chunk[#chunk + 1] = fields[j] end',
  "    local got = redis.call('HMGET', key, unpack(chunk))",
  '    for j = 1, #got do out[#out + 1] = got[j] end',
  '  end',
  '  return out',
  'end',
  'local function split(text)',
  '  local out = {}',
  "  if text == nil or text == false or text == '' then return out end",
  "  for part in string.gmatch(text, '[^,]+') do out[#out + 1] = part end",
  '  return out',
  'end',
  'local function tag_fields(list, from, count)',
  '  local out = {}',
  "  for i = 1, count do out[i] = 't:' .. list[from + i] end",
  '  return out',
  'end',
  'local function decode_tags(text)',
  "  if type(text) ~= 'string' then return nil end",
  '  local ok, list = pcall(cjson.decode, text)',
  "  if not ok or type(list) ~= 'table' then return nil end",
  '  return list',
  'end',
].join('\n');

/**
 * KEYS: value key, generations hash. ARGV: the tags of the request. Returns
 * {status, data, tags JSON, pttl, version, epoch, redis now, {current generation of each request tag}}
 * where status is hit, miss, stale or corrupt (data and tags only on a hit).
 */
export const READ_SCRIPT = `${HELPERS}
local now = now_ms()
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local status, data, tags, pttl, version = 'miss', false, false, -2, 0
local rec = redis.pcall('HMGET', KEYS[1], 'd', 't', 'g', 'e', 'v')
if rec.err then
  status = 'corrupt'
else
  version = tonumber(rec[5]) or 0
  if rec[1] then
    local list = decode_tags(rec[2])
    local seen = split(rec[3])
    if list == nil or #seen ~= #list or not rec[4] then
      status = 'corrupt'
    elseif rec[4] ~= epoch then
      status = 'stale'
    else
      status = 'hit'
      local current = hmget_all(KEYS[2], tag_fields(list, 0, #list))
      for i = 1, #list do
        if (tonumber(current[i]) or 0) ~= tonumber(seen[i]) then status = 'stale' break end
      end
    end
    if status == 'hit' then
      data = rec[1]
      tags = rec[2]
      pttl = redis.call('PTTL', KEYS[1])
    end
  end
end
local gens = hmget_all(KEYS[2], tag_fields(ARGV, 0, #ARGV))
for i = 1, #gens do gens[i] = tonumber(gens[i]) or 0 end
return {status, data, tags, pttl, version, epoch, now, gens}`;

/**
 * KEYS: value key, generations hash. ARGV: 1 tag index prefix, 2 encoded key, 3 data, 4 tags JSON,
 * 5 ttl ms, 6 latest Redis time to run at, 7 guarded ('1': a fill, checked), 8 epoch seen, 9 version
 * seen, 10 Redis time the load started, 11 guardMs, 12 epoch token if one must be made, 13 tag count n,
 * then n tags, then n generations seen. Returns 'ok', 'late' (ran after its deadline) or 'refused'
 * (an invalidation of the key or of a tag, or a lost generations hash, since the load started).
 */
export const WRITE_SCRIPT = `${HELPERS}
local now = now_ms()
if now > tonumber(ARGV[6]) then return 'late' end
local n = tonumber(ARGV[13])
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local kind = redis.call('TYPE', KEYS[1]).ok
local version, old = 0, nil
if kind == 'hash' then
  local rec = redis.call('HMGET', KEYS[1], 't', 'v')
  version = tonumber(rec[2]) or 0
  old = decode_tags(rec[1])
end
local current = hmget_all(KEYS[2], tag_fields(ARGV, 13, n))
if ARGV[7] == '1' then
  if (epoch or '') ~= ARGV[8] or version ~= tonumber(ARGV[9]) or now - tonumber(ARGV[10]) > tonumber(ARGV[11]) then
    return 'refused'
  end
  for i = 1, n do
    if (tonumber(current[i]) or 0) ~= tonumber(ARGV[13 + n + i]) then return 'refused' end
  end
end
if not epoch then
  epoch = ARGV[12] .. ':' .. now
  redis.call('HSET', KEYS[2], 'epoch', epoch)
end
if old then
  for i = 1, #old do
    if type(old[i]) == 'string' then redis.call('ZREM', ARGV[1] .. old[i], ARGV[2]) end
  end
end
local gens = {}
for i = 1, n do gens[i] = tostring(tonumber(current[i]) or 0) end
local ttl = tonumber(ARGV[5])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'd', ARGV[3], 't', ARGV[4], 'g', table.concat(gens, ','), 'e', epoch, 'v', version + 1)
redis.call('PEXPIRE', KEYS[1], ttl)
for i = 1, n do
  local index = ARGV[1] .. ARGV[13 + i]
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  redis.call('ZADD', index, now + ttl, ARGV[2])
  if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
end
return 'ok'`;

/**
 * KEYS: value key. ARGV: 1 tag index prefix, 2 encoded key, 3 tombstone ms. Removes the value and its
 * index entries, leaving a tombstone with the next version. Returns 1 if a value was there.
 */
export const DELETE_SCRIPT = `${HELPERS}
local kind = redis.call('TYPE', KEYS[1]).ok
local version, existed = 0, 0
if kind == 'hash' then
  local rec = redis.call('HMGET', KEYS[1], 'd', 't', 'v')
  version = tonumber(rec[3]) or 0
  if rec[1] then existed = 1 end
  local old = decode_tags(rec[2])
  if old then
    for i = 1, #old do
      if type(old[i]) == 'string' then redis.call('ZREM', ARGV[1] .. old[i], ARGV[2]) end
    end
  end
elseif kind ~= 'none' then
  existed = 1
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', version + 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return existed`;

/** KEYS: generations hash. ARGV: tags. Bumps each tag's generation; returns the new generations. */
export const BUMP_TAGS_SCRIPT = `local out = {}
for i = 1, #ARGV do out[i] = redis.call('HINCRBY', KEYS[1], 't:' .. ARGV[i], 1) end
return out`;

/** KEYS: generations hash. ARGV: 1 token. Replaces the epoch: every value in the tier is stale at once. */
export const BUMP_EPOCH_SCRIPT = `local t = redis.call('TIME')
redis.call('HSET', KEYS[1], 'epoch', ARGV[1] .. ':' .. t[1] .. t[2])
return 1`;

/**
 * KEYS: none. ARGV: 1 value key prefix, 2 tag index prefix, 3 budget, 4 tag position (1-based),
 * 5 ZSCAN cursor, 6 tag count n, then n tags, then n generations (from the bump). Removes, page by
 * page, every value indexed under a tag whose recorded generation of that tag is below the bump
 * (values written after the bump stay), until `budget` index entries and tags are spent.
 * Returns {removed, next tag position, next cursor}; done when the position is past n.
 */
export const REMOVE_TAGGED_SCRIPT = `${HELPERS}
local budget = tonumber(ARGV[3])
local at = tonumber(ARGV[4])
local cursor = ARGV[5]
local n = tonumber(ARGV[6])
local removed = 0
while at <= n and budget > 0 do
  local tag = ARGV[6 + at]
  local bump = tonumber(ARGV[6 + n + at])
  local index = ARGV[2] .. tag
  if cursor == '0' then redis.call('ZREMRANGEBYSCORE', index, '-inf', now_ms()) end
  local page = redis.call('ZSCAN', index, cursor, 'COUNT', 256)
  cursor = page[2] and page[1] or '0'
  local items = page[2] or {}
  for j = 1, #items, 2 do
    local member = items[j]
    local key = ARGV[1] .. member
    local drop = true
    local rec = redis.pcall('HMGET', key, 'd', 't', 'g')
    if not rec.err and rec[1] then
      local list = decode_tags(rec[2]) or {}
      local gens = split(rec[3])
      for k = 1, #list do
        if list[k] == tag then
          if (tonumber(gens[k]) or 0) < bump then
            for m = 1, #list do
              if list[m] ~= tag and type(list[m]) == 'string' then redis.call('ZREM', ARGV[2] .. list[m], member) end
            end
            redis.call('DEL', key)
            removed = removed + 1
            budget = budget - #list
          else
            drop = false
          end
          break
        end
      end
    end
    if drop then redis.call('ZREM', index, member) end
    budget = budget - 1
  end
  if cursor == '0' then at = at + 1 end
end
return {removed, at, cursor}`;
