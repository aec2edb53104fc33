-- A connection leaves: a tombstone for its late connected, then out of every set it was in.
local p, id = ARGV[1], ARGV[2]
redis.call('SET', p .. 'gone:' .. id, '1', 'PX', ARGV[3])
local value = redis.call('HGET', p .. 'conns', id)
if not value then return 0 end
redis.call('HDEL', p .. 'conns', id)
redis.call('ZREM', p .. 'seen', id)
redis.call('SREM', p .. 'anon', id)
local user = string.sub(value, string.find(value, '|', 1, true) + 1)
if user ~= '' then
  redis.call('SREM', p .. 'user:' .. user, id)
  if redis.call('SCARD', p .. 'user:' .. user) == 0 then redis.call('ZREM', p .. 'users', user) end
end
for _, g in ipairs(redis.call('SMEMBERS', p .. 'cgroups:' .. id)) do
  redis.call('SREM', p .. 'gconn:' .. g, id)
end
redis.call('DEL', p .. 'cgroups:' .. id)
return 1
