"""Handles are shared between threads, and batch calls release the GIL.

How the GIL test works, without timing thresholds: the switch interval is
raised to 100 s, so a thread that holds the GIL keeps it (no forced
switches) unless it releases it itself. A helper thread counts while
sleeping 1 ms between counts (each sleep releases the GIL). The main thread
reads the count just before and just after some work. If the work held
the GIL throughout, the helper cannot count during it; if the work released
the GIL, the helper counts. A pure-Python loop of similar length is the
control: it must see no progress, which shows the harness can tell the two
apart.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import numpy as np

import tthc

from conftest import CASE

CASE_JSON = json.dumps(CASE)


def _progress_during(work: Callable[[], object]) -> int:
    count = [0]
    stop = threading.Event()
    started = threading.Event()

    def counter() -> None:
        started.set()
        while not stop.is_set():
            count[0] += 1
            stop.wait(0.001)

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    t = threading.Thread(target=counter)
    try:
        t.start()
        started.wait()
        stop.wait(0.01)  # let the helper reach its sleep
        before = count[0]
        work()
        after = count[0]
    finally:
        stop.set()
        sys.setswitchinterval(old)
        t.join()
    return after - before


def test_batch_releases_the_gil(calendar: tthc.Calendar) -> None:
    rng = np.random.default_rng(3)
    days = (np.datetime64("2014-01-01") + rng.integers(0, 365 * 15, 1_000_000)).astype("datetime64[D]")
    offsets = rng.integers(1, 60, days.size)

    def batch() -> None:
        for _ in range(20):
            calendar.add_working_days(days, offsets)

    def python_loop() -> None:
        x = 0
        for i in range(3_000_000):
            x += i

    assert _progress_during(python_loop) == 0, "control: a GIL-holding loop lets nobody run"
    assert _progress_during(batch) > 0, "the helper thread ran while the batch was computing"


def test_evaluate_many_releases_the_gil(engine: tthc.Engine) -> None:
    cases = [CASE] * 100_000
    assert _progress_during(lambda: engine.evaluate_many(cases)) > 0


def test_dropping_a_batch_of_answers_releases_the_gil(engine: tthc.Engine) -> None:
    # Answers are freed in groups with the GIL released: dropping 100,000
    # decisions (tens of milliseconds of frees) lets other threads run.
    answers = [engine.evaluate_many([CASE] * 100_000)]
    assert _progress_during(answers.clear) > 0


def test_freed_memory_is_kept_10_s_unless_the_environment_says() -> None:
    # Batches free tens of megabytes; given back to the OS after mimalloc's
    # 1 s, the next batch faulted the pages in again (lib.rs).
    from tthc import _tthc

    if "MIMALLOC_PURGE_DELAY" not in os.environ:
        assert _tthc._purge_delay() == 10_000
    child = subprocess.run(
        [sys.executable, "-c", "from tthc import _tthc; print(_tthc._purge_delay())"],
        env={**os.environ, "MIMALLOC_PURGE_DELAY": "250"}, capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "250"


def test_every_engine_call_releases_the_gil_for_the_engine_work(engine: tthc.Engine) -> None:
    # A single call is a few microseconds; many in a row give the helper
    # thread its chances (the Python loop itself holds the GIL).
    received = [{"kind": "received", "at": "2025-03-14T09:30:00"}]
    calls = {
        "evaluate": lambda: [engine.evaluate(CASE) for _ in range(20_000)],
        "evaluate_json": lambda: [engine.evaluate_json(CASE_JSON) for _ in range(20_000)],
        "deadline": lambda: [engine.deadline(CASE) for _ in range(20_000)],
        "track": lambda: [engine.track(CASE, received, as_of="2025-03-14T10:00:00") for _ in range(20_000)],
        "deadline_many": lambda: engine.deadline_many([CASE] * 50_000),
        "track_many": lambda: engine.track_many([{"case": CASE, "events": received}] * 50_000),
    }
    stuck = [name for name, call in calls.items() if _progress_during(call) == 0]
    assert stuck == []


def test_one_engine_many_threads(engine: tthc.Engine, calendar: tthc.Calendar) -> None:
    want = engine.evaluate(CASE).to_json()
    days = np.arange("2015-01-01", "2030-01-01", dtype="datetime64[D]")
    want_days = calendar.add_working_days(days, 7)

    def job(i: int) -> bool:
        same = all(engine.evaluate(CASE).to_json() == want for _ in range(200))
        return same and bool((calendar.add_working_days(days, 7) == want_days).all())

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(job, range(32)))
    assert results == [True] * 32
