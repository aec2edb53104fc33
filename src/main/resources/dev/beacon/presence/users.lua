local p = ARGV[1]
local min = (ARGV[2] == '') and '-' or ('(' .. ARGV[2])
local users = redis.call('ZRANGEBYLEX', p .. 'users', min, '+', 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, u in ipairs(users) do
  out[#out + 1] = u
  out[#out + 1] = tostring(redis.call('SCARD', p .. 'user:' .. u))
end
return out
