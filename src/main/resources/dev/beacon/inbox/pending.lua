-- A user's messages oldest first, with those past their expiry removed.
-- ARGV: prefix, user, now ms. Returns { expired, json, json, ... }.
local p, user, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local order, messages, all = p .. 'order:' .. user, p .. 'messages:' .. user, p .. 'all'
local out = { 0 }
for _, id in ipairs(redis.call('ZRANGE', order, 0, -1)) do
  local json = redis.call('HGET', messages, id)
  local expires = json and tonumber(string.match(json, '"expiresAtMillis":(%d+)'))
  if json and expires and expires > now then
    out[#out + 1] = json
  else
    redis.call('ZREM', order, id)
    redis.call('HDEL', messages, id)
    redis.call('ZREM', all, user .. '\n' .. id)
    if json then out[1] = out[1] + 1 end
  end
end
return out
