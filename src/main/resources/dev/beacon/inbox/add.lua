-- Keeps a message for a user: the same id twice is kept once; beyond the maximum the
-- oldest are dropped. The order is a counter of the hub's, not the clock, so messages kept
-- in the same millisecond keep the order they were kept in. 'all' scores every kept
-- message by its expiry, for the hub's count.
-- ARGV: prefix (the hub's), user, id, created ms, message JSON, max, ttl ms, expires ms, now ms
local p, user, id = ARGV[1], ARGV[2], ARGV[3]
local order, messages, all = p .. 'order:' .. user, p .. 'messages:' .. user, p .. 'all'
if redis.call('HSETNX', messages, id, ARGV[5]) == 0 then return 0 end
redis.call('ZADD', order, redis.call('INCR', p .. 'sequence'), id)
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
-- An unread inbox goes away with its longest-lived message: the keys' expiry only grows,
-- so a message that lives shorter (a lowered ttl) never takes older ones with it.
local ttl = tonumber(ARGV[7])
if redis.call('PTTL', messages) < ttl then
  redis.call('PEXPIRE', order, ttl)
  redis.call('PEXPIRE', messages, ttl)
end
return dropped
