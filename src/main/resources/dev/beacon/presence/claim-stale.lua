-- Marks the stale connections it returns as heard of now, so no other replica checks them too.
local p = ARGV[1]
local stale = redis.call('ZRANGEBYSCORE', p .. 'seen', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
for _, id in ipairs(stale) do redis.call('ZADD', p .. 'seen', ARGV[3], id) end
return stale
