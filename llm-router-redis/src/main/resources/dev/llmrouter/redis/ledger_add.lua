-- Adds spend made while Redis was away (fail open), once per batch id, in the epoch it was made in.
-- KEYS[1] the batch marker, KEYS[2] the epoch, KEYS[3] spent; ARGV: nano-USD, marker time to live (s), epoch
-- Returns 1 added, 0 added before, -1 Redis lost its data since (the ledger rebuild has this spend).
if redis.call('GET', KEYS[2]) ~= ARGV[3] then
  return -1
end
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[2])) then
  return 0
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('INCRBY', KEYS[3], tonumber(ARGV[1]))
end
return 1
