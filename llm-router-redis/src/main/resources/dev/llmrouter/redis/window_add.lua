-- KEYS[1] the window's counter; ARGV: amount (may be negative), window length in ms
local count = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return count
