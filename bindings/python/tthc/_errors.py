"""The exceptions tthc raises.

They are defined in Python, not in the extension, so that each can also be
the built-in exception a caller who knows nothing of tthc would catch: a bad
case is a ``ValueError``, an unknown procedure a ``LookupError``. Every one
is a ``tthc.Error`` and carries ``kind``, the engine's stable machine name
for the problem (the same string the C ABI and the conformance vectors use).
The class of an error depends on its kind alone: ``CLASS_OF_KIND`` below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Type

__all__ = [
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


class Error(Exception):
    """Base of every tthc exception.

    Example::

        >>> try:
        ...     tthc.Engine.default().procedures.show("no-such-procedure")
        ... except tthc.Error as e:
        ...     print(e.kind)
        unknown-procedure
    """

    #: Stable machine name of the problem, e.g. ``"invalid-case"``.
    kind: str

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a catalogue file, pointing at a line and column.

    ``code`` is stable (``E0001`` syntax, ``E0101`` unknown key, …; see
    ``crates/tthc/src/diagnostics.rs``); ``help`` says what to do about it.
    ``file``/``line``/``column`` are ``None`` for a problem with no place
    (a directory that cannot be read).

    Example::

        >>> d = tthc.Diagnostic(code="E0101", severity="error", message="unknown key `fee`",
        ...                     help="remove it", file="procedures/a.toml", line=3, column=1)
        >>> print(d)
        procedures/a.toml:3:1: error[E0101]: unknown key `fee`
          help: remove it
    """

    code: str
    severity: str
    message: str
    help: str
    file: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None

    @property
    def col(self) -> Optional[int]:
        """Alias of ``column``."""
        return self.column

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: " if self.file is not None else ""
        return f"{where}{self.severity}[{self.code}]: {self.message}\n  help: {self.help}"


class CatalogError(Error):
    """A catalogue that failed to load; ``diagnostics`` lists every problem
    found (loading does not stop at the first).

    Example::

        >>> try:
        ...     tthc.Engine.from_dir("/nonexistent")
        ... except tthc.CatalogError as e:
        ...     print(len(e.diagnostics) >= 1, e.diagnostics[0].code)
        True E0002
    """

    diagnostics: List[Diagnostic]

    def __init__(self, message: str, kind: str = "catalog-error", diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message, kind)
        self.diagnostics = list(diagnostics)


class CaseError(Error, ValueError):
    """A case the engine cannot evaluate: malformed, an unknown field, a value
    out of range (``kind == "invalid-case"``), an undeclared applicant
    category (``"unknown-category"``), or an agency level that does not
    handle the procedure (``"level-not-competent"``).

    Example::

        >>> try:
        ...     tthc.Engine.default().evaluate({"procedure": "x", "colour": "blue"})
        ... except tthc.CaseError as e:
        ...     print(e.kind)
        invalid-case
    """


class NotFoundError(Error, LookupError):
    """No procedure or province by that id, code or name
    (``kind`` ``"unknown-procedure"`` / ``"unknown-province"``);
    ``suggestions`` holds close matches.

    Example::

        >>> try:
        ...     tthc.Engine.default().procedures.show("ho-tich.dang-ky-khai-sin")
        ... except tthc.NotFoundError as e:
        ...     print(e.suggestions)
        ['ho-tich.dang-ky-khai-sinh']
    """

    suggestions: List[str]

    def __init__(self, message: str, kind: str = "not-found", suggestions: Sequence[str] = ()) -> None:
        super().__init__(message, kind)
        self.suggestions = list(suggestions)


class NotInForceError(NotFoundError):
    """The procedure or province exists but not on the date asked about
    (``kind`` ``"procedure-not-in-force"`` / ``"province-not-in-force"``).

    Example::

        >>> issubclass(tthc.NotInForceError, LookupError)
        True
    """


class CalendarError(Error):
    """The working calendar cannot answer: the catalogue has no calendar data
    (``kind == "no-calendar"``) or no office hours (``"no-office-hours"``).

    Example::

        >>> issubclass(tthc.CalendarRangeError, tthc.CalendarError)
        True
    """


class CalendarRangeError(CalendarError, ValueError):
    """A date, or an answer, outside the years the calendar (or the lunar
    table) covers.

    Example::

        >>> try:
        ...     tthc.Calendar().is_working_day("1800-01-01")
        ... except tthc.CalendarRangeError as e:
        ...     print(e.kind)
        out-of-range
    """


class InvalidDateError(Error, ValueError):
    """A date that does not exist or cannot be read (``"2025-02-30"``, NaT,
    a lunar date with no such leap month).

    Example::

        >>> try:
        ...     tthc.Calendar().is_working_day("2025-02-30")
        ... except tthc.InvalidDateError as e:
        ...     print(e.kind)
        invalid-date
    """


class DeadlineError(Error):
    """A deadline the catalogue cannot settle: the procedure has no
    processing time and no same-day rule applies (``"no-processing-time"``),
    or no rule says how to count its unit (``"no-counting-rule"``).

    Example::

        >>> issubclass(tthc.DossierError, tthc.DeadlineError)
        True
    """


class DossierError(DeadlineError, ValueError):
    """A dossier's events that cannot be tracked: an event that cannot
    happen at that point (``"invalid-event"``), no ``received`` event
    (``"no-events"``), ``as_of`` before the last event
    (``"as-of-before-events"``), or events that are not well formed
    (``"invalid-dossier"``).

    Example::

        >>> try:
        ...     engine.track(CASE, [])
        ... except tthc.DossierError as e:
        ...     print(e.kind)
        no-events
    """


class MetricsError(Error):
    """A metrics run (``Engine.metrics``) that stopped: the input cannot be
    read (``kind == "io"``), a CSV header lacks a required column
    (``"header"``), a malformed row with ``strict=True`` (``"malformed"``;
    ``line`` says which), or an unknown ``by`` / ``period``
    (``"invalid-option"``). Without ``strict`` a malformed row is reported
    in ``report.issues``, not raised.

    Example::

        >>> try:
        ...     engine.metrics([{"dossier": "D1", "procedure": "1.000894", "channel": "fax",
        ...                      "received_at": "2025-03-03T09:00:00"}], strict=True)
        ... except tthc.MetricsError as e:
        ...     print(e.kind, e.line)
        malformed 1
    """

    #: The line (or, for an iterable, the item's position from 1) of the
    #: malformed row that stopped a strict run; ``None`` otherwise.
    line: Optional[int]

    def __init__(self, message: str, kind: str = "metrics", line: Optional[int] = None) -> None:
        super().__init__(message, kind)
        self.line = line


class ClosedError(Error, ValueError):
    """A call on an ``Engine`` after its ``close()`` (kind ``closed``), a
    ``ValueError`` as for a closed file. The library is never called for it,
    so the kind is the binding's own (as in the PHP and Java bindings) and
    not in ``CLASS_OF_KIND``.

    Example::

        >>> e = tthc.Engine.default()
        >>> e.close()
        >>> try:
        ...     e.evaluate(CASE)
        ... except tthc.ClosedError as err:
        ...     print(err.kind)
        closed
    """

    def __init__(self, message: str, kind: str = "closed") -> None:
        super().__init__(message, kind)


class InternalError(Error):
    """A bug in tthc (a Rust panic), reported instead of crashing the host
    process. Please report it with the input that caused it.

    Example::

        >>> issubclass(tthc.InternalError, tthc.Error)
        True
    """


#: The exception class of every error kind (the engine's ``tthc::ErrorKind``),
#: one row per kind: Python's column of the table whose C column is
#: ``crates/tthc-ffi/src/status.rs``. The extension raises ``class_of(kind)``,
#: so one failure raises one class on every path. A kind the engine adds needs
#: a row here; ``tests/test_errors.py`` names any kind without one.
CLASS_OF_KIND: Dict[str, Type[Error]] = {
    # A case and what it names.
    "invalid-case": CaseError,
    "unknown-procedure": NotFoundError,
    "procedure-not-in-force": NotInForceError,
    "unknown-province": NotFoundError,
    "province-not-in-force": NotInForceError,
    "unknown-category": CaseError,
    "level-not-competent": CaseError,
    # Deadlines and dossiers.
    "no-processing-time": DeadlineError,
    "no-counting-rule": DeadlineError,
    "invalid-event": DossierError,
    "no-events": DossierError,
    "as-of-before-events": DossierError,
    "invalid-dossier": DossierError,
    # The working calendar and dates.
    "out-of-range": CalendarRangeError,
    "result-out-of-range": CalendarRangeError,
    "lunar-out-of-range": CalendarRangeError,
    "offset-out-of-range": CalendarRangeError,
    "no-calendar": CalendarError,
    "no-office-hours": CalendarError,
    "invalid-lunar-date": InvalidDateError,
    "invalid-date": InvalidDateError,
    # Catalogues and metrics (this package reads files only for metrics).
    "catalog-error": CatalogError,
    "io": MetricsError,
    "header": MetricsError,
    "malformed": MetricsError,
    "targets": MetricsError,
    "invalid-state": MetricsError,
    "invalid-option": MetricsError,
    # The library's own failures.
    "internal": InternalError,
    "poisoned": InternalError,
    # What the C ABI checks in its arguments; Python's types rule these out,
    # and the families are those of the PHP and Java clients.
    "null-argument": CaseError,
    "invalid-utf8": CaseError,
    "invalid-json": CaseError,
    "input-too-large": CaseError,
    "invalid-input": CaseError,
    "not-found": NotFoundError,
}


def class_of(kind: str) -> Type[Error]:
    """The class of the exceptions of ``kind``; ``Error`` for a kind this
    version does not know."""
    return CLASS_OF_KIND.get(kind, Error)
