local p, g, id = ARGV[1], ARGV[2], ARGV[3]
if redis.call('HEXISTS', p .. 'conns', id) == 0 then return 0 end
redis.call('SADD', p .. 'gconn:' .. g, id)
redis.call('SADD', p .. 'cgroups:' .. id, g)
return 1
