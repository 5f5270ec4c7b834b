"""Working-day arithmetic in every shape (date, list, numpy array), and lunar dates."""

from __future__ import annotations

import datetime
import random

import numpy as np
import pytest

import tthc

from conftest import d

MAKE_UP_SATURDAY = d("2024-05-04")  # worked in exchange for Monday 29/4/2024


def test_make_up_saturday_is_a_working_day(calendar: tthc.Calendar) -> None:
    assert calendar.is_working_day(MAKE_UP_SATURDAY) is True
    info = calendar.day_info(MAKE_UP_SATURDAY)
    assert isinstance(info, tthc.DayInfo)
    assert (info.kind, info.working, info.weekday) == ("make-up", True, "sat")
    assert info.date == MAKE_UP_SATURDAY
    assert calendar.is_working_day(d("2024-04-29")) is False  # the swapped Monday
    # numpy's busday calendar cannot say this: its Saturday is never a business day.
    assert not np.is_busday(np.datetime64(MAKE_UP_SATURDAY), weekmask="1111100")


def test_holidays_and_weekends(calendar: tthc.Calendar) -> None:
    assert calendar.is_working_day("2025-09-02") is False   # National Day
    assert calendar.is_working_day("2025-09-06") is False   # Saturday
    assert calendar.is_working_day("2025-09-03") is True
    assert calendar.next_working_day(d("2024-05-03")) == MAKE_UP_SATURDAY
    assert calendar.previous_working_day(d("2024-05-06")) == MAKE_UP_SATURDAY
    assert calendar.add_working_days(d("2025-04-29"), 1) == d("2025-05-05")  # 30/4, 1/5, swapped 2/5
    assert calendar.add_working_days(d("2025-05-03"), 0) == d("2025-05-05")  # roll forward
    assert calendar.working_days_between(d("2025-04-28"), d("2025-05-05")) == 2
    assert calendar.working_days_between(d("2025-05-05"), d("2025-04-28")) == -2


def test_exceptions_list(calendar: tthc.Calendar) -> None:
    days = calendar.exceptions("2024-04-27", "2024-05-05")
    assert [(x.date, x.kind) for x in days if x.kind == "make-up"] == [(MAKE_UP_SATURDAY, "make-up")]
    assert all(isinstance(x, tthc.DayInfo) for x in days)
    assert {x.date for x in days if not x.working} >= {d("2024-04-29"), d("2024-04-30"), d("2024-05-01")}


def test_dates_in_other_forms(calendar: tthc.Calendar) -> None:
    want = calendar.add_working_days(d("2025-03-14"), 5)
    assert calendar.add_working_days("2025-03-14", 5) == want
    assert calendar.add_working_days(np.datetime64("2025-03-14"), 5) == want
    # A datetime counts by its date in Vietnam: 20:00 UTC on the 13th is the 14th in Hanoi.
    late = datetime.datetime(2025, 3, 13, 20, 0, tzinfo=datetime.timezone.utc)
    assert calendar.add_working_days(late, 5) == want


def _random_days(n: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    start = d("2014-01-01")
    return [start + datetime.timedelta(days=rng.randrange(0, 365 * 15)) for _ in range(n)]


def test_list_and_array_agree_with_scalars(calendar: tthc.Calendar) -> None:
    days = _random_days(300)
    offsets = [random.Random(1).randrange(-40, 60) for _ in days]
    scalar = [calendar.add_working_days(x, k) for x, k in zip(days, offsets)]
    as_list = calendar.add_working_days(days, offsets)
    as_array = calendar.add_working_days(np.array(days, dtype="datetime64[D]"), np.array(offsets))
    assert as_list == scalar
    assert isinstance(as_array, np.ndarray) and as_array.dtype == np.dtype("datetime64[D]")
    assert as_array.tolist() == scalar
    # A scalar offset broadcasts; tuples are lists too.
    assert calendar.add_working_days(tuple(days), 3) == [calendar.add_working_days(x, 3) for x in days]
    working = calendar.is_working_day(np.array(days, dtype="datetime64[D]"))
    assert working.dtype == np.bool_ and working.tolist() == [calendar.is_working_day(x) for x in days]
    nxt = calendar.next_working_day(np.array(days, dtype="datetime64[D]"))
    between = calendar.working_days_between(np.array(days, dtype="datetime64[D]"), nxt)
    assert between.dtype == np.int64 and set(between.tolist()) == {1}
    assert calendar.previous_working_day(days) == [calendar.add_working_days(x, -1) for x in days]


def test_array_dtypes_are_converted(calendar: tthc.Calendar) -> None:
    days = _random_days(20)
    want = calendar.add_working_days(days, 2)
    seconds = np.array(days, dtype="datetime64[D]").astype("datetime64[s]")
    assert calendar.add_working_days(seconds, 2).tolist() == want
    assert calendar.add_working_days(np.array([x.isoformat() for x in days]), 2).tolist() == want
    small = np.full(len(days), 2, dtype=np.int8)
    assert calendar.add_working_days(np.array(days, dtype="datetime64[D]"), small).tolist() == want
    with pytest.raises(TypeError):
        calendar.add_working_days(np.array(days, dtype="datetime64[D]"), np.full(len(days), 2.0))
    with pytest.raises(ValueError, match="one-dimensional"):
        calendar.is_working_day(np.array(days, dtype="datetime64[D]").reshape(4, 5))


def test_missing_dates_and_coerce(calendar: tthc.Calendar) -> None:
    arr = np.array(["2025-03-14", "NaT"], dtype="datetime64[D]")
    out = calendar.add_working_days(arr, 1)
    assert out[0] == np.datetime64("2025-03-17") and np.isnat(out[1])
    assert calendar.add_working_days([d("2025-03-14"), None], 1) == [d("2025-03-17"), None]
    first, last = calendar.range
    coerced = calendar.add_working_days([first, last], 10, errors="coerce")
    assert coerced[0] is not None and coerced[1] is None
    with pytest.raises(tthc.InvalidDateError, match="NaT"):
        calendar.is_working_day(arr)


def test_empty_inputs(calendar: tthc.Calendar) -> None:
    assert calendar.add_working_days([], 1) == []
    empty = calendar.add_working_days(np.array([], dtype="datetime64[D]"), 1)
    assert empty.shape == (0,) and empty.dtype == np.dtype("datetime64[D]")


def test_working_hours(calendar: tthc.Calendar) -> None:
    start = datetime.datetime(2025, 3, 14, 9, 0)
    end = calendar.add_working_hours(start, 8)
    assert end.tzinfo is not None and end.utcoffset() == datetime.timedelta(hours=7)
    assert end > start.replace(tzinfo=end.tzinfo)
    assert calendar.is_working_day(end.date())


@pytest.mark.parametrize(
    "solar, lunar",
    [
        ("2024-02-10", (2024, 1, 1, False)),   # Tết Giáp Thìn
        ("2025-01-29", (2025, 1, 1, False)),   # Tết Ất Tỵ
        ("2025-04-07", (2025, 3, 10, False)),  # Giỗ Tổ Hùng Vương
        ("2023-03-22", (2023, 2, 1, True)),    # leap 2nd month of Quý Mão
    ],
)
def test_lunar_round_trip(solar: str, lunar: tuple) -> None:
    got = tthc.to_lunar(d(solar))
    assert (got.year, got.month, got.day, got.leap) == lunar
    assert tthc.from_lunar(*lunar[:3], leap=lunar[3]) == d(solar)
    assert tthc.from_lunar(got) == d(solar) == got.to_solar()
    assert got == tthc.LunarDate(*lunar) and hash(got) == hash(tthc.LunarDate(*lunar))


def test_lunar_text() -> None:
    assert str(tthc.to_lunar(d("2023-03-22"))) == "01/02/2023 (nhuận)"
    assert repr(tthc.LunarDate(2025, 1, 1)) == "tthc.LunarDate(year=2025, month=1, day=1, leap=False)"


def test_today_is_a_date() -> None:
    assert isinstance(tthc.today(), datetime.date)


def test_long_batches_split_across_threads_agree(calendar: tthc.Calendar) -> None:
    rng = np.random.default_rng(11)
    days = (np.datetime64("2014-01-01") + rng.integers(0, 365 * 15, 400_000)).astype("datetime64[D]")
    offsets = rng.integers(-40, 60, days.size)
    try:
        tthc.set_batch_threads(1)
        one = calendar.add_working_days(days, offsets)
        tthc.set_batch_threads(4)
        assert tthc.batch_threads() == 4
        four = calendar.add_working_days(days, offsets)
        assert (one == four).all()
        # The error names the first failing row, as a sequential run would.
        first, last = calendar.range
        bad = days.copy()
        bad[300_000] = np.datetime64(last)
        bad[350_000] = np.datetime64(last)
        with pytest.raises(tthc.CalendarRangeError, match="row 300000"):
            calendar.add_working_days(bad, 30)
    finally:
        tthc.set_batch_threads(0)
