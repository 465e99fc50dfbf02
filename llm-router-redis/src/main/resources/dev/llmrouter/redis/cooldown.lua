-- KEYS[1] the deployment's cooldown; ARGV: until ms, now ms, channel, message
-- Keeps the later end; tells the other instances when it changed.
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = tonumber(ARGV[1])
if untilMs <= current or untilMs <= tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', untilMs - tonumber(ARGV[2]))
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
