local p, u = ARGV[1], ARGV[2]
for _, g in ipairs(redis.call('SMEMBERS', p .. 'ugroups:' .. u)) do
  redis.call('SREM', p .. 'gusers:' .. g, u)
end
redis.call('DEL', p .. 'ugroups:' .. u)
for _, id in ipairs(redis.call('SMEMBERS', p .. 'user:' .. u)) do
  for _, g in ipairs(redis.call('SMEMBERS', p .. 'cgroups:' .. id)) do
    redis.call('SREM', p .. 'gconn:' .. g, id)
  end
  redis.call('DEL', p .. 'cgroups:' .. id)
end
return 1
