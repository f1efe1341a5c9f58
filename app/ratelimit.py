"""Rate limits: deposits and self-evaluations per client address, writes per API key.

With CKB_REDIS_URL the counters live in Redis, so a limit holds across every worker and
machine; without it they live in each worker's memory (a limit then applies per worker).
If Redis stops answering, requests are let through and the failure is logged: a deposit
form that fails closed would turn everyone away.
"""

from __future__ import annotations

import logging
import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.config import Settings
from app.errors import TooManyRequests
from app.i18n import N_, _

log = logging.getLogger("app.ratelimit")

# A limit in words: the English is the limits library's own ("10 per 1 minute").
_PER: dict[str, str] = {
    "second": N_("{amount} per {multiples} second"),
    "minute": N_("{amount} per {multiples} minute"),
    "hour": N_("{amount} per {multiples} hour"),
    "day": N_("{amount} per {multiples} day"),
    "month": N_("{amount} per {multiples} month"),
    "year": N_("{amount} per {multiples} year"),
}


def limit_words(item: RateLimitItem) -> str:
    template = _PER.get(item.GRANULARITY.name)
    return _(template, amount=item.amount, multiples=item.multiples) if template else str(item)


class RateLimits:
    def __init__(self, settings: Settings) -> None:
        uri = settings.redis_url or "memory://"
        # limits: storage_from_string is typed to return its sync or async storage union; a
        # redis:// or memory:// URI always gives a synchronous Storage.
        self.storage: Storage = storage_from_string(uri)  # type: ignore[assignment]
        self.shared = settings.redis_url is not None
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.deposit: list[RateLimitItem] = parse_many(settings.deposit_rate_limit)
        self.write: list[RateLimitItem] = parse_many(settings.write_rate_limit)
        self.assessment: list[RateLimitItem] = parse_many(settings.assessment_rate_limit)

    def hit(self, items: list[RateLimitItem], *identity: str) -> None:
        """Count one request; raise 429 with Retry-After when a limit is used up."""
        for item in items:
            try:
                allowed = self.limiter.hit(item, "ckb", *identity)
            except Exception:
                log.exception("rate limit storage failed; letting the request through")
                return
            if not allowed:
                stats = self.limiter.get_window_stats(item, "ckb", *identity)
                retry = max(1, math.ceil(stats.reset_time - time.time()))
                raise TooManyRequests(
                    _(
                        "Too many requests: the limit is {limit}. Try again in {retry} seconds.",
                        limit=limit_words(item),
                        retry=retry,
                    ),
                    headers={"Retry-After": str(retry)},
                )
