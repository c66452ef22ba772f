/**
 * The Lua scripts: each check-and-write runs atomically on one user's `{u:name}` keys (the name
 * folded to lower case, so `Bob` and `bob` share one account key and case-insensitive uniqueness
 * is one HSETNX). ARGV[1] of every script is a deadline (ms, the node's clock) and the epoch the node started with: a script Redis
 * only gets to after the node has answered 503 (Redis was paused, the command timed out) refuses
 * to run, so a request answered 503 is never done later. Replies: a number or a table; negative
 * numbers are refusals (see NOT_DONE and friends in redis-link.ts).
 */

/** Returns -9 when the deadline has passed, -8 when Redis lost its data (the epoch is gone or new). */
const PRELUDE = `
local deadline, epoch = string.match(ARGV[1], '^(%d+) (.+)$')
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(deadline) then return -9 end
if redis.call('GET', 'parley:epoch') ~= epoch then return -8 end
`;

/** KEYS acct, users-set; ARGV deadline, name, hash, now. 1 created, 0 taken. */
export const REGISTER = `${PRELUDE}
if redis.call('HSETNX', KEYS[1], 'name', ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'hash', ARGV[3], 'created', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('PUBLISH', 'parley:all', 'u+' .. ARGV[2])
return 1`;

/** KEYS fail, lock; ARGV deadline, block ms. 1 locked now, 0 not yet. */
export const FAILURE = `${PRELUDE}
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
if n < 3 then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
redis.call('DEL', KEYS[1])
return 1`;

/**
 * KEYS sess, online, lastseen; ARGV deadline, node, conn, name, now, p2p. Publishes the presence
 * change (one PUBLISH per change; each node fans it out to its own users). 1 claimed, 0 logged in on
 * a live node. A session held by a node whose heartbeat key is gone is taken over; one held by
 * this node is stale (this node's own index said the user is not here).
 */
export const CLAIM = `${PRELUDE}
local owner = redis.call('HGET', KEYS[1], 'node')
if owner and owner ~= ARGV[2] and redis.call('EXISTS', 'parley:node:' .. owner) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'node', ARGV[2], 'conn', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[4], ARGV[2] .. ' ' .. ARGV[6])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('PUBLISH', 'parley:all', 'p+' .. ARGV[2] .. ' ' .. ARGV[4])
return 1`;

/**
 * KEYS sess, online, lastseen; ARGV deadline (ignored: a release is always wanted), node, conn
 * ('' for any of the node's), name, when. 1 released, 0 not this node's (moved on already).
 */
export const RELEASE = `
local owner = redis.call('HGET', KEYS[1], 'node')
if owner ~= ARGV[2] then return 0 end
if ARGV[3] ~= '' and redis.call('HGET', KEYS[1], 'conn') ~= ARGV[3] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
redis.call('PUBLISH', 'parley:all', 'p-' .. ARGV[2] .. ' ' .. ARGV[4])
return 1`;

/**
 * KEYS blocks(blocker); ARGV deadline, blocked, '1' add / '0' delete, blocker, token. The change is
 * published with a token every node answers once its cache holds it. {1, receivers} changed, 0 not.
 */
export const BLOCK = `${PRELUDE}
local changed
if ARGV[3] == '1' then changed = redis.call('SADD', KEYS[1], ARGV[2])
else changed = redis.call('SREM', KEYS[1], ARGV[2]) end
if changed == 0 then return 0 end
local message = (ARGV[3] == '1' and 'k+' or 'k-') .. ARGV[4] .. ' ' .. ARGV[2] .. ' ' .. ARGV[5]
return {1, redis.call('PUBLISH', 'parley:all', message)}`;

/**
 * One direct-stream item. KEYS acct, blocks, meta, inbox, sess (all the recipient's); ARGV
 * deadline, to, from, id, text, ts, route, extra. {seq, delivered} or -1 no such user, -2 blocked.
 * The wakeup goes to the node holding the recipient; it reads the stream itself.
 */
export const SEND = `${PRELUDE}
if redis.call('HGET', KEYS[1], 'name') ~= ARGV[2] then return -1 end
if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 1 then return -2 end
local seq = redis.call('HINCRBY', KEYS[3], 'seq', 1)
redis.call('XADD', KEYS[4], seq .. '-0', 'f', ARGV[3], 'i', ARGV[4], 't', ARGV[5], 's', ARGV[6], 'r', ARGV[7], 'x', ARGV[8])
local owner = redis.call('HGET', KEYS[5], 'node')
if owner then redis.call('PUBLISH', 'parley:node:' .. owner, 'w' .. ARGV[2]) return {seq, 1} end
return {seq, 0}`;

/**
 * KEYS sess, inbox, meta; ARGV deadline (ignored), node, conn, seq. Only the session that holds the
 * user acknowledges: a node that was paused past its heartbeat and woke after its users moved
 * acknowledges nothing for them. 1 done, 0 not the owner.
 */
export const ACK = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[2] or redis.call('HGET', KEYS[1], 'conn') ~= ARGV[3] then return 0 end
local seq = tonumber(ARGV[4])
redis.call('XTRIM', KEYS[2], 'MINID', (seq + 1) .. '-0')
local acked = tonumber(redis.call('HGET', KEYS[3], 'acked') or '0')
if seq > acked then redis.call('HSET', KEYS[3], 'acked', seq) end
return 1`;

/** KEYS inbox; ARGV deadline, from, id. Drops a deleted message and its edits and reactions. */
export const FORGET = `${PRELUDE}
local dropped = 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
  local f = {}
  for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
  if f.f == ARGV[2] and f.i == ARGV[3] and (f.r == 'message' or f.r == 'edit' or f.r == 'reaction') then
    redis.call('XDEL', KEYS[1], entry[1])
    dropped = dropped + 1
  end
end
return dropped`;
