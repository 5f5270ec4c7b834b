"""What the Python API costs around the engine, each figure with a baseline
measured in the same run (scripts/test-python.sh runs this; it prints and
asserts nothing: timings are not tests).

1. ``engine.evaluate(case)`` and then reading five fields of the decision
   (``fee.payable``, ``deadline.due_at``, ``procedure.id``,
   ``channel_accepted``, ``processing.effective``), per call; baseline:
   ``evaluate`` alone, and the same five reads from the decision as plain
   dicts (``d.to_dict()`` made beforehand).
2. ``.fee.payable`` read on every one of 100,000 results of
   ``evaluate_many``; baselines: the same read on 10,000 results (the cost
   per result must not grow with the number of results) and
   ``x["fee"]["payable"]`` on 100,000 plain dicts.
3. ``evaluate_many`` throughput on 4 threads against 1 thread (the same
   8 batches, split over the threads; each batch's answers are dropped when
   done, as a server would), and 8 threads calling ``evaluate`` in a loop
   against 1 thread; rounds alternate 1 thread and n threads, and the best
   of each is compared (9 rounds by default, so that a round slowed by
   other work on the machine weighs less); the median of the ratios of the
   rounds taken pair by pair is printed next to it. On a 2-core machine
   2.0x is the ceiling. Each line also gives the CPU time per case: the GIL
   makes threads wait, not work, so CPU per case that grows with threads is
   time lost to handoffs.

Figures 1 and 2 are CPU time of this process (one thread runs), so that
other work on the shared machine weighs less on them. Figure 3 is wall
time, printed with the CPU time the process got in it: ``cores used`` =
CPU / wall shows how much of the machine the threads could have (with other
work on the machine it stays near what one thread gets, and no ratio of
threads can show then). The load average is printed at the start and end.

    python benches/python/bench_decisions.py [--repeat 5] [--rounds 9] [--threads-cases 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
from typing import Any, Callable, Dict, List, Tuple

import tthc

CASE = {
    "procedure": "cu-tru.dang-ky-thuong-tru",
    "channel": "national-portal",
    "submitted_at": "2025-03-14T09:30:00+07:00",
}
#: A case whose deadline is known (due_at is a datetime, not None).
DUE_CASE = {
    "procedure": "ho-tich.dang-ky-khai-sinh",
    "channel": "national-portal",
    "submitted_at": "2025-03-14T09:30:00+07:00",
}


def best(repeat: int, f: Callable[[], object]) -> float:
    """The least CPU time of `repeat` runs of `f`, in seconds."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        f()
        times.append(time.process_time() - t)
    return min(times)


def in_threads(n: int, work: Callable[[int], object]) -> Tuple[float, float]:
    """Wall and CPU seconds for `n` threads to run `work(i)` each, started
    together."""
    start = threading.Barrier(n + 1)

    def run(i: int) -> None:
        start.wait()
        work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    start.wait()
    t0, c0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, time.process_time() - c0


def load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs per timing (best is reported)")
    ap.add_argument("--calls", type=int, default=20_000, help="calls per latency timing")
    ap.add_argument("--results", type=int, default=100_000, help="results for the field-read timing")
    ap.add_argument("--threads-cases", type=int, default=20_000, help="cases per evaluate_many batch")
    ap.add_argument("--rounds", type=int, default=9, help="rounds of the thread timings (best is reported)")
    args = ap.parse_args()
    engine = tthc.Engine.default()
    print(f"tthc {tthc.__version__}; {os.cpu_count()} cores; {load()}")

    # 1. evaluate + five fields.
    n = args.calls
    case = dict(DUE_CASE)
    # The same procedure submitted at 1,000 different minutes: every answer
    # has its own instants (dates and instants read lately are kept, so the
    # same case over and over reads its due_at from that store).
    varied = [dict(DUE_CASE, submitted_at="2025-03-%02dT%02d:%02d:00+07:00" % (3 + k // 600, 8 + k // 60 % 10, k % 60))
              for k in range(1000)]

    def evaluate_only() -> None:
        for _ in range(n):
            engine.evaluate(case)

    def evaluate_and_read() -> None:
        for _ in range(n):
            d = engine.evaluate(case)
            d.fee.payable, d.deadline.due_at, d.procedure.id, d.channel_accepted, d.processing.effective

    def evaluate_varied() -> None:
        for k in range(n):
            engine.evaluate(varied[k % 1000])

    def evaluate_varied_and_read() -> None:
        for k in range(n):
            d = engine.evaluate(varied[k % 1000])
            d.fee.payable, d.deadline.due_at, d.procedure.id, d.channel_accepted, d.processing.effective

    plain: Dict[str, Any] = engine.evaluate(case).to_dict()

    def dict_reads() -> None:
        p = plain
        for _ in range(n):
            p["fee"]["payable"], p["deadline"]["due_at"], p["procedure"]["id"], p["channel_accepted"], p["processing"]["effective"]

    evaluate_only()  # warm-up
    t_eval = best(args.repeat, evaluate_only) / n * 1e6
    t_both = best(args.repeat, evaluate_and_read) / n * 1e6
    t_dict = best(args.repeat, dict_reads) / n * 1e6
    t_veval = best(args.repeat, evaluate_varied) / n * 1e6
    t_vboth = best(args.repeat, evaluate_varied_and_read) / n * 1e6
    t_fields = (t_both - t_eval) / 5
    print()
    print("1. evaluate + reading 5 fields, per call (target <= 3 us):")
    print(f"   evaluate alone            {t_eval:7.2f} us")
    print(f"   evaluate + 5 fields       {t_both:7.2f} us   = {t_both / t_eval:.2f}x evaluate alone")
    print(f"   per field read            {t_fields:7.2f} us   (the 5 reads from plain dicts: {t_dict / 5:.3f} us each;"
          f" {t_fields / (t_dict / 5):.1f}x)")
    print(f"   1,000 different submission instants: evaluate {t_veval:.2f} us, + 5 fields {t_vboth:.2f} us"
          f" = {t_vboth / t_veval:.2f}x")

    # 2. .fee.payable on many results.
    def field_reads(results: List[Any]) -> float:
        def run() -> None:
            for d in results:
                d.fee.payable

        return best(args.repeat, run)

    many = engine.evaluate_many([CASE] * args.results)
    few = many[: args.results // 10]
    t_many = field_reads(many)
    t_few = field_reads(few)
    dicts = [{"fee": {"payable": 10000}} for _ in range(args.results)]

    def dict_field() -> None:
        for x in dicts:
            x["fee"]["payable"]

    t_dicts = best(args.repeat, dict_field)
    per_many = t_many / len(many) * 1e6
    per_few = t_few / len(few) * 1e6
    print()
    print(f"2. .fee.payable on every result of evaluate_many (target: {len(many):,} results <= 100 ms):")
    print(f"   {len(many):>7,} results      {t_many * 1e3:7.1f} ms   {per_many:.3f} us each")
    print(f"   {len(few):>7,} results      {t_few * 1e3:7.1f} ms   {per_few:.3f} us each"
          f"   (per result, {len(many):,} / {len(few):,}: {per_many / per_few:.2f}x)")
    print(f"   x['fee']['payable'] on {len(dicts):,} dicts: {t_dicts * 1e3:.1f} ms"
          f"   (records: {t_many / t_dicts:.1f}x)")
    del many, few, dicts

    # 3. Threads: the same work (8 batches) on 1 thread and on 4 threads,
    # several rounds alternating, the best (least wall time) of each.
    batch = [dict(CASE) for _ in range(args.threads_cases)]
    batches = 8
    calls = args.calls
    cases = batches * len(batch)

    def batches_on(threads: int) -> Tuple[float, float]:
        def work(i: int) -> None:
            for _ in range(batches // threads):
                engine.evaluate_many(batch)

        return in_threads(threads, work)

    def evaluates_on(threads: int) -> Tuple[float, float]:
        def work(i: int) -> None:
            for _ in range(calls // threads):
                engine.evaluate(case)

        return in_threads(threads, work)

    def rounds(run: Callable[[int], Tuple[float, float]], threads: int) -> Tuple[Tuple[float, float], Tuple[float, float], float]:
        """The best 1-thread and n-thread rounds, and the median of each
        pair's wall-time ratio."""
        one: List[Tuple[float, float]] = []
        many: List[Tuple[float, float]] = []
        for _ in range(args.rounds):
            one.append(run(1))
            many.append(run(threads))
        return min(one), min(many), statistics.median(a[0] / b[0] for a, b in zip(one, many))

    def line(what: str, one: Tuple[float, float], many: Tuple[float, float], n: int, items: int) -> str:
        return (f"   {what}: 1 thread {one[0] * 1e3:.0f} ms ({one[1] / one[0]:.2f} cores used,"
                f" CPU {one[1] / items * 1e6:.2f} us each), {n} threads {many[0] * 1e3:.0f} ms"
                f" ({many[1] / many[0]:.2f} cores used, CPU {many[1] / items * 1e6:.2f} us each)"
                f"   = {one[0] / many[0]:.2f}x")

    batches_on(1)  # warm-up
    b1, b4, b_median = rounds(batches_on, 4)
    e1, e8, _ = rounds(evaluates_on, 8)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print()
    print(f"3. threads, wall time for the same work, best of {args.rounds} rounds; {cores} cores available"
          " (target: evaluate_many on 4 threads >= 1.6x one thread):")
    print(line(f"evaluate_many, {batches} batches of {len(batch):,} = {cases:,} cases", b1, b4, 4, cases))
    print(line(f"evaluate in a loop, {calls:,} calls", e1, e8, 8, calls))
    print(f"   evaluate_many, 4 threads vs 1: {b1[0] / b4[0]:.2f}x (median of the {args.rounds} pairs of rounds:"
          f" {b_median:.2f}x)")
    print()
    print(load())


if __name__ == "__main__":
    main()
