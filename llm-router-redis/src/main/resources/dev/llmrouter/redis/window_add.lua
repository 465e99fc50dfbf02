-- KEYS[1] the window's counter; ARGV: amount (may be negative), window length in ms
-- Settles what a call took. A count Redis lost is not re-created here: the next check rebuilds it from the ledger,
-- which has this call.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local count = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return count
