"""The per-user Gmail token bucket in Redis, shared by every worker process.

One Lua script refills, checks and takes in a single step, on Redis's own clock, so workers on
different machines agree on time and two of them never spend the same units.
"""

from __future__ import annotations

from typing import Any

from core.gmail.quota import QuotaPacer, QuotaSpec

# KEYS[1] bucket hash; ARGV: rate (units/s), burst, units, pause seconds (for "pause").
# Returns the milliseconds to wait (0 when the units were taken).
_RESERVE = """
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local units = tonumber(ARGV[3])
local state = redis.call('hmget', KEYS[1], 'tokens', 'stamp', 'paused')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
local paused = tonumber(state[3]) or 0
if now < paused then
  return paused - now
end
tokens = math.min(burst, tokens + (now - stamp) * rate / 1000)
local need = math.min(units, burst)
local wait = 0
if tokens >= need then
  tokens = tokens - units
else
  wait = math.ceil((need - tokens) * 1000 / rate)
end
redis.call('hset', KEYS[1], 'tokens', tostring(tokens), 'stamp', now)
redis.call('pexpire', KEYS[1], 120000)
return wait
"""
_PAUSE = """
local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ms = now + math.ceil(tonumber(ARGV[1]) * 1000)
local paused = tonumber(redis.call('hget', KEYS[1], 'paused')) or 0
if until_ms > paused then
  redis.call('hset', KEYS[1], 'paused', until_ms)
end
local tokens = tonumber(redis.call('hget', KEYS[1], 'tokens'))
if tokens == nil or tokens > 0 then
  redis.call('hset', KEYS[1], 'tokens', '0', 'stamp', until_ms)
end
redis.call('pexpire', KEYS[1], math.max(120000, until_ms - now + 60000))
return 0
"""


def quota_key(user_id: str) -> str:
    return f"gmail:quota:{user_id}"


class RedisQuota(QuotaPacer):
    def __init__(self, client: Any, user_id: str, spec: QuotaSpec) -> None:
        self._client = client
        self._key = quota_key(user_id)
        self._spec = spec

    def reserve(self, units: float) -> float:
        wait_ms = int(
            self._client.eval(_RESERVE, 1, self._key, self._spec.rate, self._spec.burst, units)
        )
        return wait_ms / 1000.0

    def pause(self, seconds: float) -> None:
        self._client.eval(_PAUSE, 1, self._key, max(0.0, seconds))
