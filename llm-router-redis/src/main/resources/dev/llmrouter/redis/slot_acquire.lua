-- KEYS[1] the key's leases (sorted set: member -> lease end, ms); ARGV: member, limit, now ms, lease end ms
-- Drops leases that ended (their holder stopped renewing them: it died), then takes a slot unless limit are held.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) - tonumber(ARGV[3]) + 60000)
return 1
