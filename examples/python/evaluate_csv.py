"""Evaluate a CSV of dossiers with tthc and print a summary table.

Each row is one dossier (procedure, province, channel, submission time,
applicant categories separated by ';'). The whole file is evaluated in one
batch call; a row the engine rejects is reported with its error instead of
stopping the run.

    python evaluate_csv.py sample-dossiers.csv
"""

from __future__ import annotations

import csv
import sys
from collections import Counter

import tthc


def read_cases(path: str) -> list[tuple[str, dict]]:
    with open(path, encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        out = []
        for row in rows:
            case = {"procedure": row["procedure"], "channel": row["channel"],
                    "submitted_at": row["submitted_at"]}
            if row["province"]:
                case["province"] = row["province"]
            if row["categories"]:
                case["applicant"] = {"categories": row["categories"].split(";")}
            out.append((row["dossier"], case))
        return out


def main(path: str) -> int:
    engine = tthc.Engine.default()
    dossiers = read_cases(path)
    cases = [case for _, case in dossiers]
    decisions = engine.evaluate_many(cases)
    deadlines = engine.deadline_many(cases)

    print(f"{'dossier':<8} {'procedure':<28} {'channel':<17} {'fee (đ)':>8}  {'due':<18}  note")
    outcomes: Counter[str] = Counter()
    for (dossier, case), d, dl in zip(dossiers, decisions, deadlines):
        if isinstance(d, tthc.Error):
            outcomes["rejected"] += 1
            print(f"{dossier:<8} {case['procedure']:<28} {case['channel']:<17} {'-':>8}  {'-':<18}  {d.kind}: {d}")
            continue
        outcomes["accepted" if d.channel_accepted else "channel refused"] += 1
        due = dl.due_at.strftime("%Y-%m-%d %H:%M") if not isinstance(dl, tthc.Error) else dl.kind
        note = "; ".join(p.policy for p in d.receipt.applied) or ""
        if d.province and d.province.resolved_to_successor:
            note = f"{d.province.requested} → {d.province.id}; {note}".rstrip("; ")
        # Unknown is not zero: a fee no source gives is None, with the reason.
        fee = f"{d.fee.payable:,}" if d.fee.payable is not None else "unknown"
        if d.fee.payable is None:
            note = f"fee unknown: {d.fee.unknown}; {note}".rstrip("; ")
        print(f"{dossier:<8} {d.procedure.id:<28.28} {case['channel']:<17} {fee:>8}  {due:<18}  {note}")

    print()
    print(", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())),
          f"(catalogue {engine.content_hash[:12]}, tthc {tthc.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "sample-dossiers.csv"))
