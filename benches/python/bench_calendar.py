"""tthc's batch working-day arithmetic against numpy.busday_offset, and the
per-call latency of the Python API.

In one process, on the same 1,000,000 random (start, offset) pairs:

- ``Calendar.add_working_days(dates, offsets)`` (tthc, GIL released);
- ``numpy.busday_offset(dates, offsets, roll="backward", busdaycal=...)``
  with a Monday–Friday week and, as holidays, every weekday tthc's own
  calendar says is not worked, so both see the same days off.
  ``roll="backward"`` gives numpy tthc's meaning ("the n-th working day
  strictly after the start", also from a rest day).

numpy cannot express a working Saturday (làm bù): its holidays only remove
days. The script counts the results that differ and checks that every
difference has a make-up working day between the start and tthc's answer.

Then the per-call latency of ``Engine.evaluate`` (a dict in, a Decision
out) and of the scalar calendar calls, each a mean over many calls.

    python benches/python/bench_calendar.py [--n 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import time
from typing import Callable, List

import numpy as np

import tthc

CASE = {
    "procedure": "ho-tich.dang-ky-khai-sinh",
    "channel": "national-portal",
    "submitted_at": "2025-03-14T09:30:00+07:00",
}


def best_of(repeat: int, f: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed one)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def interleaved(repeat: int, fs: List[Callable[[], object]]) -> List[float]:
    """Best time of each function, the runs interleaved so that a busy
    moment of the machine weighs on all of them alike."""
    best = [float("inf")] * len(fs)
    for _ in range(repeat):
        for i, f in enumerate(fs):
            best[i] = min(best[i], best_of(1, f))
    return best


def per_call(n: int, f: Callable[[], object]) -> float:
    """Mean microseconds per call over `n` calls (after a warm-up)."""
    for _ in range(min(n, 1000)):
        f()
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="number of random dates")
    ap.add_argument("--repeat", type=int, default=5, help="runs per batch timing (best is reported)")
    ap.add_argument("--calls", type=int, default=200_000, help="calls per latency measurement")
    args = ap.parse_args()

    engine = tthc.Engine.default()
    cal = engine.calendar()
    rng = np.random.default_rng(20260101)
    lo, hi = np.datetime64("2014-01-01"), np.datetime64("2030-12-31")
    starts = lo + rng.integers(0, int((hi - lo).astype(int)), args.n)
    starts = starts.astype("datetime64[D]")
    offsets = rng.integers(1, 60, args.n)

    # The same days off for numpy: every weekday tthc does not work, over a
    # range wide enough for every answer.
    first, last = datetime.date(2013, 12, 1), datetime.date(2031, 12, 31)
    special = cal.exceptions(first, last)
    holidays = [d.date for d in special if not d.working]
    make_up = np.array([d.date for d in special if d.working], dtype="datetime64[D]")
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=holidays)

    ours = cal.add_working_days(starts, offsets)
    theirs = np.busday_offset(starts, offsets, roll="backward", busdaycal=busdaycal)
    cores = tthc.batch_threads()

    def tthc_threads(n: int) -> Callable[[], object]:
        def run() -> object:
            tthc.set_batch_threads(n)
            return cal.add_working_days(starts, offsets)
        return run

    t_one, t_all, t_numpy = interleaved(args.repeat, [
        tthc_threads(1),
        tthc_threads(0),
        lambda: np.busday_offset(starts, offsets, roll="backward", busdaycal=busdaycal),
    ])
    tthc.set_batch_threads(0)

    differ = np.nonzero(ours != theirs)[0]
    # A difference is explained by a make-up day in (start, tthc's answer].
    lo_idx = np.searchsorted(make_up, starts[differ], side="right")
    hi_idx = np.searchsorted(make_up, ours[differ], side="right")
    explained = int(np.count_nonzero(hi_idx > lo_idx))

    print(f"tthc {tthc.__version__}, numpy {np.__version__}, catalogue {engine.content_hash[:12]}")
    print(f"calendar days off on weekdays (numpy holidays): {len(holidays)}; make-up working days: {len(make_up)}")
    print()
    print(f"add working days, {args.n:,} random starts 2014–2030, offsets 1–59 (best of {args.repeat}, interleaved):")
    print(f"  tthc  Calendar.add_working_days, 1 thread   {t_one * 1e3:8.1f} ms   {t_one / args.n * 1e9:6.1f} ns/date")
    print(f"  tthc  Calendar.add_working_days, {cores} threads  {t_all * 1e3:8.1f} ms   {t_all / args.n * 1e9:6.1f} ns/date")
    print(f"  numpy busday_offset (1 thread)            {t_numpy * 1e3:8.1f} ms   {t_numpy / args.n * 1e9:6.1f} ns/date")
    print(f"  ratio numpy / tthc, 1 thread              {t_numpy / t_one:8.1f} x")
    print(f"  ratio numpy / tthc, {cores} threads             {t_numpy / t_all:8.1f} x")
    print(f"  results that differ: {len(differ):,} of {args.n:,}; "
          f"with a make-up working day numpy cannot express: {explained:,}")
    print()

    date = datetime.date(2025, 3, 14)
    dt_case = dict(CASE, submitted_at=datetime.datetime(2025, 3, 14, 9, 30))
    case_json = json.dumps(CASE)
    rows: List[tuple] = [
        ("Engine.evaluate(dict)", per_call(args.calls, lambda: engine.evaluate(CASE))),
        ("Engine.evaluate(dict with datetime)", per_call(args.calls, lambda: engine.evaluate(dt_case))),
        ("Engine.evaluate_json(str) -> str", per_call(args.calls, lambda: engine.evaluate_json(case_json))),
        ("Engine.deadline(dict)", per_call(args.calls // 4, lambda: engine.deadline(CASE))),
        ("Calendar.add_working_days(date, 10)", per_call(args.calls, lambda: cal.add_working_days(date, 10))),
        ("Calendar.is_working_day(date)", per_call(args.calls, lambda: cal.is_working_day(date))),
    ]
    many = [CASE] * 100_000
    t = best_of(3, lambda: engine.evaluate_many(many))
    rows.append(("Engine.evaluate_many, per case", t / len(many) * 1e6))
    print("per-call latency from Python (mean):")
    for name, us in rows:
        print(f"  {name:<40} {us:7.2f} µs")
    print()
    print(f"median of per-call figures: {statistics.median(us for _, us in rows):.2f} µs")


if __name__ == "__main__":
    main()
