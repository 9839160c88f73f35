"""OwnerTurns: the Redis queue's waiting room, where jobs wait per owner and are let onto
the delivery stream in turns between owners. Two Lua scripts keep every step atomic."""

from __future__ import annotations

from redis import Redis

# KEYS: ring, waiting list, turn counter, doorbell, arrivals, last turns. ARGV: owner, job id.
# An owner not in the ring joins just before the owner served last (whose score is the
# turn), after those that joined since: the n-th newcomer since the last turn scores
# turn - 1/(n+1), between the turn before and this one. An owner that comes back goes no
# further forward than its own last turn, so queueing one job at a time gains nothing.
_ENQUEUE = """
redis.call('RPUSH', KEYS[2], ARGV[2])
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local turn = tonumber(redis.call('GET', KEYS[3]) or '0')
  local n = redis.call('INCR', KEYS[5])
  local score = turn - 1 / (n + 1)
  local last = tonumber(redis.call('HGET', KEYS[6], ARGV[1]) or '-1')
  if last > score then score = last end
  redis.call('ZADD', KEYS[1], string.format('%.17g', score), ARGV[1])
end
redis.call('LPUSH', KEYS[4], '1')
redis.call('LTRIM', KEYS[4], 0, 63)
return 1
"""

# KEYS: ring, turn counter, stream, doorbell, arrivals, last turns. ARGV: waiting-list prefix, how many.
# The owner whose turn is oldest gives its first waiting job to the stream and goes to the
# back; an owner with nothing left leaves the ring. An empty ring silences the doorbell in
# the same step, so no wake-up is lost and none is left over.
_PROMOTE = """
local moved = 0
for _ = 1, tonumber(ARGV[2]) do
  local first = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #first == 0 then break end
  local owner = first[1]
  local waiting = ARGV[1] .. owner
  local job_id = redis.call('LPOP', waiting)
  local turn = redis.call('INCR', KEYS[2])
  redis.call('DEL', KEYS[5])
  redis.call('HSET', KEYS[6], owner, turn)
  if job_id then
    redis.call('XADD', KEYS[3], '*', 'job_id', job_id)
    moved = moved + 1
  end
  if redis.call('LLEN', waiting) > 0 then
    redis.call('ZADD', KEYS[1], turn, owner)
  else
    redis.call('ZREM', KEYS[1], owner)
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[4]) end
return moved
"""

# KEYS: ring. ARGV: waiting-list prefix.
_WAITING = """
local total = 0
for _, owner in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  total = total + redis.call('LLEN', ARGV[1] .. owner)
end
return total
"""


class OwnerTurns:
    """Keys beside the stream `base`: a sorted set of owners with waiting jobs scored by
    their turn, one list of waiting job ids per owner, a turn counter (with a count of
    owners that joined since the last turn, and each owner's last turn: one field per
    key that ever queued) and a doorbell list that idle consumers block
    on. Keyless jobs wait as one owner (""). The keys are built inside the scripts, so
    this is for one Redis, not a cluster."""

    def __init__(self, client: Redis, base: str) -> None:
        self._redis = client
        self._ring = f"{base}:owners"
        self._waiting_prefix = f"{base}:waiting:"
        self._turn = f"{base}:turn"
        self._arrivals = f"{base}:arrivals"
        self._last_turns = f"{base}:last-turns"
        self.doorbell = f"{base}:doorbell"
        self._stream = base
        self._enqueue = client.register_script(_ENQUEUE)
        self._promote = client.register_script(_PROMOTE)
        self._waiting = client.register_script(_WAITING)

    def enqueue(self, owner: str | None, job_id: str) -> None:
        owner = owner or ""
        keys = [self._ring, self._waiting_prefix + owner, self._turn, self.doorbell, self._arrivals, self._last_turns]
        self._enqueue(keys=keys, args=[owner, job_id])

    def promote(self, count: int) -> int:
        """Move up to `count` waiting jobs onto the stream, in turns; how many moved."""
        keys = [self._ring, self._turn, self._stream, self.doorbell, self._arrivals, self._last_turns]
        return int(self._promote(keys=keys, args=[self._waiting_prefix, count]))

    def waiting(self) -> int:
        return int(self._waiting(keys=[self._ring], args=[self._waiting_prefix]))

    def wait_for_doorbell(self, block_ms: int) -> None:
        self._redis.blpop([self.doorbell], timeout=block_ms / 1000)
