#!/usr/bin/env python3
"""Generate the lunar-calendar oracle tables that crates/tthc/tests/calendar_lunar.rs checks.

Independent oracles (not tthc's code):

* PyPI ``vnlunar`` 1.0.5: a Python implementation of Hồ Ngọc Đức's algorithm.
  ``convert_solar_to_lunar(d, m, y, 7.0)`` forces the astronomical algorithm at
  UTC+7, which is what tthc computes (docs/sources.md §5). Its *default* path instead
  reads Hồ Ngọc Đức's published TK19–TK22 tables, which follow the calendar in
  force historically (UTC+8 before 1968) and use more precise astronomy; the
  script reports how often the two disagree, for the record.
* PyPI ``holidays`` 0.109: python-holidays' Vietnamese lunar tables (Chinese
  tables with Vietnamese overrides, e.g. 1985, 2007, 2030), for Tết and
  Giỗ Tổ Hùng Vương in 1901–2100. Written to a second file.

Usage (pyenv's python3, not /usr/bin/python3):

    python3 -m venv /tmp/oracle && /tmp/oracle/bin/pip install vnlunar==1.0.5 holidays==0.109
    /tmp/oracle/bin/python scripts/lunar_oracle.py

Outputs, relative to the workspace root:

* crates/tthc/tests/data/lunar_month_starts.csv: ``start,year,month,leap``,
  one row per lunar month whose days meet 1900-01-01 ..= 2100-12-31.
* crates/tthc/tests/data/vn_lunar_holidays.csv: ``year,tet,hung_kings`` from
  holidays 0.109, 1901–2100.
"""

import datetime as dt
import pathlib
import sys

import holidays
import vnlunar
from holidays.calendars.chinese import _ChineseLunisolar
from vnlunar import core

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "tthc" / "tests" / "data"
FIRST = dt.date(1900, 1, 1)
LAST = dt.date(2100, 12, 31)


def lunar(d: dt.date):
    r = core.convert_solar_to_lunar(d.day, d.month, d.year, 7.0)
    return r["year"], r["month"], r["day"], r["leap"]


def month_starts():
    rows = []
    d = FIRST
    y, m, day, leap = lunar(d)
    rows.append((d - dt.timedelta(days=day - 1), y, m, leap))
    table_diff_days = 0
    while d <= LAST:
        y, m, day, leap = lunar(d)
        if day == 1 and d != FIRST:
            rows.append((d, y, m, leap))
        t = core.get_lunar_date_from_table(d.day, d.month, d.year)
        if t is not None and (t["year"], t["month"], t["day"], t["leap"]) != (y, m, day, leap):
            table_diff_days += 1
        d += dt.timedelta(days=1)
    return rows, table_diff_days


def main() -> int:
    assert vnlunar.__version__ == "1.0.5", vnlunar.__version__
    assert holidays.__version__ == "0.109", holidays.__version__
    OUT.mkdir(parents=True, exist_ok=True)
    rows, table_diff_days = month_starts()
    with open(OUT / "lunar_month_starts.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write("start,year,month,leap\n")
        for start, y, m, leap in rows:
            f.write(f"{start.isoformat()},{y},{m},{1 if leap else 0}\n")

    vn = _ChineseLunisolar(calendar="VIETNAMESE_CALENDAR")
    disagreements = []
    with open(OUT / "vn_lunar_holidays.csv", "w", encoding="utf-8", newline="\n") as f:
        f.write("year,tet,hung_kings\n")
        for y in range(1901, 2101):
            tet, _ = vn.lunar_new_year_date(y)
            hung, _ = vn.hung_kings_date(y)
            f.write(f"{y},{tet.isoformat()},{hung.isoformat()}\n")
            if lunar(tet) != (y, 1, 1, 0) or lunar(hung) != (y, 3, 10, 0):
                disagreements.append(y)

    print(f"{len(rows)} lunar months written")
    print(f"holidays 0.109 vs vnlunar UTC+7 on Tết / Hùng Vương, 1901-2100: {len(disagreements)} years disagree {disagreements}")
    print(f"vnlunar UTC+7 algorithm vs Hồ Ngọc Đức's TK tables, 1900-2100: {table_diff_days} days differ "
          "(expected: the tables follow UTC+8 before 1968 and finer astronomy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
