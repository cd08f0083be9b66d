"""A fixed pure-Python workload, timed: how fast this machine runs Python right now.

    .venv/bin/python bench/cpu_reference.py      # prints e.g. "cpu reference 0.84 s"

Load results from different VMs (each session may get another) cannot be compared directly; this number,
printed beside them by bench/alternate_load.sh, and at the start and end of search_bench.py, search_ab.py
and ingest_bench.py (`stamp`), says how much faster or slower the machine was, even within one session
(stop 24's VM went from 0.38 to 0.53 s in an hour). The workload is 10 million integer additions in a
loop, the best of three runs (in seconds: lower is faster).
"""

from __future__ import annotations

import time


def reference_seconds(runs: int = 3, n: int = 10_000_000) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        total = 0
        for i in range(n):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def stamp(label: str) -> None:
    """Print the machine's Python speed now, with the time, beside a benchmark's own output."""
    # UTC: Django sets the process's TZ to TIME_ZONE when a benchmark sets it up.
    print(
        f"cpu reference {reference_seconds():.2f} s ({label}, {time.strftime('%H:%M', time.gmtime())} UTC)",
        flush=True,
    )


if __name__ == "__main__":
    print(f"cpu reference {reference_seconds():.2f} s")
