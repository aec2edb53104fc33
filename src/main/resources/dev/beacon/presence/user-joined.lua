local p, g, u = ARGV[1], ARGV[2], ARGV[3]
redis.call('SADD', p .. 'gusers:' .. g, u)
redis.call('SADD', p .. 'ugroups:' .. u, g)
return 1
