"""tthc: Vietnam's administrative-procedure (TTHC) catalogue, working calendar
and policy rules, as an embedded engine.

The default catalogue is compiled in, so nothing needs to be configured::

    >>> import datetime, tthc
    >>> engine = tthc.Engine.default()
    >>> d = engine.evaluate(procedure="ho-tich.dang-ky-khai-sinh", channel="national-portal",
    ...                     submitted_at=datetime.datetime(2025, 3, 14, 9, 30))
    >>> d.procedure.name
    'Đăng ký khai sinh'
    >>> tthc.Calendar().add_working_days(datetime.date(2025, 4, 29), 1)
    datetime.date(2025, 5, 5)

Times: Vietnam has a single offset, UTC+07:00, with no daylight saving. A
naive ``datetime`` passed in is taken to be Vietnam time; an aware one is
converted to it; datetimes returned are aware, in +07:00.

Threads: every handle (``Engine``, ``Calendar``, ``Decision``) is safe to
share between threads; the engine's work runs with the GIL released (one
case or a batch), and a long calendar batch is split across cores
(``set_batch_threads``).
"""

from ._errors import (
    CalendarError,
    CalendarRangeError,
    CaseError,
    CatalogError,
    ClosedError,
    DeadlineError,
    Diagnostic,
    DossierError,
    Error,
    InternalError,
    InvalidDateError,
    MetricsError,
    NotFoundError,
    NotInForceError,
)
from ._types import DayInfo, Deadline, ProcedureInfo, Record, SearchHit, Tracking
from ._tthc import (
    Calendar,
    Decision,
    Engine,
    LunarDate,
    MetricsReport,
    MetricsState,
    Procedures,
    __version__,
    batch_threads,
    from_lunar,
    set_batch_threads,
    to_lunar,
    today,
)

__all__ = [
    "__version__",
    "Engine",
    "Decision",
    "Procedures",
    "MetricsReport",
    "MetricsState",
    "Calendar",
    "LunarDate",
    "to_lunar",
    "from_lunar",
    "today",
    "set_batch_threads",
    "batch_threads",
    "Record",
    "DayInfo",
    "ProcedureInfo",
    "SearchHit",
    "Deadline",
    "Tracking",
    "Error",
    "CatalogError",
    "Diagnostic",
    "CaseError",
    "NotFoundError",
    "NotInForceError",
    "CalendarError",
    "CalendarRangeError",
    "InvalidDateError",
    "DeadlineError",
    "DossierError",
    "MetricsError",
    "ClosedError",
    "InternalError",
]
