local p, g = ARGV[1], ARGV[2]
local ids = {}
for _, id in ipairs(redis.call('SMEMBERS', p .. 'gconn:' .. g)) do ids[id] = true end
for _, u in ipairs(redis.call('SMEMBERS', p .. 'gusers:' .. g)) do
  for _, id in ipairs(redis.call('SMEMBERS', p .. 'user:' .. u)) do ids[id] = true end
end
local out = {}
for id, _ in pairs(ids) do
  local value = redis.call('HGET', p .. 'conns', id)
  if value then
    out[#out + 1] = id
    out[#out + 1] = value
  end
end
return out
