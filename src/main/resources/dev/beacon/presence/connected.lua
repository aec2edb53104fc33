-- A connection arrives: ignored while a tombstone says it already left, or if it is known.
local p, id, user = ARGV[1], ARGV[2], ARGV[3]
if redis.call('EXISTS', p .. 'gone:' .. id) == 1 then return 0 end
if redis.call('HSETNX', p .. 'conns', id, ARGV[4] .. '|' .. user) == 0 then return 0 end
redis.call('ZADD', p .. 'seen', ARGV[4], id)
if user ~= '' then
  redis.call('SADD', p .. 'user:' .. user, id)
  redis.call('ZADD', p .. 'users', 0, user)
else
  redis.call('SADD', p .. 'anon', id)
end
return 1
