-- Keeps a message for a user: the same id twice is kept once; beyond the maximum the
-- oldest are dropped. 'all' scores every kept message by its expiry, for the hub's count.
-- ARGV: prefix (the hub's), user, id, created ms, message JSON, max, ttl ms, expires ms, now ms
local p, user, id = ARGV[1], ARGV[2], ARGV[3]
local order, messages, all = p .. 'order:' .. user, p .. 'messages:' .. user, p .. 'all'
if redis.call('HSETNX', messages, id, ARGV[5]) == 0 then return 0 end
redis.call('ZADD', order, ARGV[4], id)
redis.call('ZADD', all, ARGV[8], user .. '\n' .. id)
redis.call('ZREMRANGEBYSCORE', all, '-inf', ARGV[9])
local dropped = 0
local excess = redis.call('ZCARD', order) - tonumber(ARGV[6])
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', order, 0, excess - 1)) do
    redis.call('ZREM', order, old)
    redis.call('HDEL', messages, old)
    redis.call('ZREM', all, user .. '\n' .. old)
    dropped = dropped + 1
  end
end
-- The user's keys outlive their newest message by nothing: unread, they expire with it.
redis.call('PEXPIRE', order, ARGV[7])
redis.call('PEXPIRE', messages, ARGV[7])
return dropped
