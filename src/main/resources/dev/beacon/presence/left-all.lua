local p, id = ARGV[1], ARGV[2]
for _, g in ipairs(redis.call('SMEMBERS', p .. 'cgroups:' .. id)) do
  redis.call('SREM', p .. 'gconn:' .. g, id)
end
redis.call('DEL', p .. 'cgroups:' .. id)
return 1
