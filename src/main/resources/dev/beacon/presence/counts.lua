local p = ARGV[1]
return { redis.call('HLEN', p .. 'conns'), redis.call('ZCARD', p .. 'users'), redis.call('SCARD', p .. 'anon') }
