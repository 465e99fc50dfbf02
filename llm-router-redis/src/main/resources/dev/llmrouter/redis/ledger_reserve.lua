-- Reserves an amount on every budget line, or on none.
-- KEYS: for each line i, three keys: spent (nano-USD), reserved (nano-USD), leases (sorted set id -> lease end ms),
--       then the amounts hash (id -> nano-USD) of each line: KEYS[3n + i].
-- ARGV: n, amount, id, now ms, lease end ms, then the n limits (nano-USD).
-- Returns {1, spent_1, ..., spent_n} granted; {0, i, standing} refused by line i; {-1, i} line i has no spent
-- figure (never restored, or Redis lost it): the caller rebuilds it from the ledger and asks again.
local n = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
local now = ARGV[4]
local spent = {}
for i = 1, n do
  local leases = KEYS[3 * i]
  local amounts = KEYS[3 * n + i]
  local ended = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  for _, rid in ipairs(ended) do
    local a = redis.call('HGET', amounts, rid)
    if a then
      redis.call('DECRBY', KEYS[3 * i - 1], a)
      redis.call('HDEL', amounts, rid)
    end
    redis.call('ZREM', leases, rid)
  end
  local s = redis.call('GET', KEYS[3 * i - 2])
  if not s then
    return {-1, i}
  end
  spent[i] = tonumber(s)
  local standing = spent[i] + tonumber(redis.call('GET', KEYS[3 * i - 1]) or '0')
  if standing + amount > tonumber(ARGV[5 + i]) then
    return {0, i, standing}
  end
end
local out = {1}
for i = 1, n do
  redis.call('INCRBY', KEYS[3 * i - 1], amount)
  redis.call('ZADD', KEYS[3 * i], ARGV[5], ARGV[3])
  redis.call('HSET', KEYS[3 * n + i], ARGV[3], amount)
  out[i + 1] = spent[i]
end
return out
