-- Removes ids from one user's inbox, and only that user's. ARGV: prefix, user, id...
local p, user = ARGV[1], ARGV[2]
local order, messages, all = p .. 'order:' .. user, p .. 'messages:' .. user, p .. 'all'
local removed = 0
for i = 3, #ARGV do
  if redis.call('HDEL', messages, ARGV[i]) == 1 then
    redis.call('ZREM', order, ARGV[i])
    redis.call('ZREM', all, user .. '\n' .. ARGV[i])
    removed = removed + 1
  end
end
return removed
