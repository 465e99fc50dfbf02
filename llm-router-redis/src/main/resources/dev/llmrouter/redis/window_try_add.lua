-- KEYS[1] the window's counter; ARGV: amount, limit, window length in ms
-- Adds amount unless the count would pass limit; returns {added (1/0), count after}, or {-1, 0} when Redis has no
-- count for the window (a new window, or one it lost): the caller rebuilds it from the ledger and asks again.
local current = redis.call('GET', KEYS[1])
if not current then
  return {-1, 0}
end
local count = tonumber(current)
local amount = tonumber(ARGV[1])
if count + amount > tonumber(ARGV[2]) then
  return {0, count}
end
count = redis.call('INCRBY', KEYS[1], amount)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
return {1, count}
