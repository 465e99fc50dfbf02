-- Settles a reservation once: gives back what it reserved on each line and spends actual (0 for a release).
-- KEYS: the settled marker, the epoch, then for each line i: spent, reserved, leases, then the n amounts hashes.
-- ARGV: n, id, actual (nano-USD), marker time to live (s), epoch ('' for none)
-- A replay (queued while Redis was away) names the epoch its reservation was granted in: when Redis has lost its
-- data since (another epoch), the spend is left out, as the counters are rebuilt from the ledger that has it.
-- A reservation whose lease ended (it was given back for a holder that seemed dead) still spends actual: the call
-- happened. A spent figure Redis lost is not re-created here: the next reservation rebuilds it from the ledger.
-- Returns 1 when settled now, 0 when it had been settled before (a replay after Redis was away).
if ARGV[5] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[5] then
  return -1
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[4])) then
  return 0
end
local n = tonumber(ARGV[1])
local actual = tonumber(ARGV[3])
for i = 1, n do
  local amounts = KEYS[2 + 3 * n + i]
  local a = redis.call('HGET', amounts, ARGV[2])
  if a then
    redis.call('DECRBY', KEYS[2 + 3 * i - 1], a)
    redis.call('HDEL', amounts, ARGV[2])
  end
  redis.call('ZREM', KEYS[2 + 3 * i], ARGV[2])
  if actual ~= 0 and redis.call('EXISTS', KEYS[2 + 3 * i - 2]) == 1 then
    redis.call('INCRBY', KEYS[2 + 3 * i - 2], actual)
  end
end
return 1
