"""Percentiles and timed loops shared by the benchmarks."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), p in 0..100."""
    if not sorted_values:
        return math.nan
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    if lo == hi:
        return sorted_values[lo]
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def summarise(samples_ms: Iterable[float]) -> dict[str, Any]:
    """p50/p95/p99, mean and max of latencies in milliseconds."""
    values = sorted(samples_ms)
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "p99": round(percentile(values, 99), 3),
        "mean": round(sum(values) / len(values), 3),
        "max": round(values[-1], 3),
    }


def timed_each(call: Callable[[T], Any], items: Sequence[T], *, rounds: int = 1, warmup: int = 1) -> list[float]:
    """Milliseconds of call(item) for each item, `rounds` times over, after `warmup` untimed
    passes (which fill caches, as a running server's would be)."""
    for _ in range(warmup):
        for item in items:
            call(item)
    out: list[float] = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            call(item)
            out.append((time.perf_counter() - started) * 1000)
    return out


def per_item_medians(samples: Sequence[float], items: int) -> list[float]:
    """From timed_each's samples (`rounds` passes over `items` items, in order), each item's
    median over the passes: one figure per query, robust to a pass disturbed by other work
    on the machine."""
    rounds = len(samples) // items
    out = []
    for i in range(items):
        values = sorted(samples[r * items + i] for r in range(rounds))
        out.append(percentile(values, 50))
    return out


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or not b or math.isnan(a) or math.isnan(b):
        return None
    return round(a / b, 2)


class Stopwatch:
    """`with Stopwatch() as sw: …` then sw.seconds."""

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
