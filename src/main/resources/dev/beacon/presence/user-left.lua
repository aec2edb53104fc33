-- As the service does: the user's connections leave the group with the user.
local p, g, u = ARGV[1], ARGV[2], ARGV[3]
redis.call('SREM', p .. 'gusers:' .. g, u)
redis.call('SREM', p .. 'ugroups:' .. u, g)
for _, id in ipairs(redis.call('SMEMBERS', p .. 'user:' .. u)) do
  redis.call('SREM', p .. 'gconn:' .. g, id)
  redis.call('SREM', p .. 'cgroups:' .. id, g)
end
return 1
