local p, g, id = ARGV[1], ARGV[2], ARGV[3]
redis.call('SREM', p .. 'gconn:' .. g, id)
redis.call('SREM', p .. 'cgroups:' .. id, g)
return 1
