local p, u = ARGV[1], ARGV[2]
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', p .. 'user:' .. u)) do
  local value = redis.call('HGET', p .. 'conns', id)
  if value then
    out[#out + 1] = id
    out[#out + 1] = value
  end
end
return out
