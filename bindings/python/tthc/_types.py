"""Record types for tthc's answers.

``Record`` (native, ``tthc._tthc.Record``) reads an answer's fields as
attributes and items, converting a field only when it is read; a field the
engine adds appears without a new release of the binding. The classes here
name the kinds of answer. Dates in records are ``datetime.date`` and instants
aware ``datetime.datetime`` in +07:00.
"""

from __future__ import annotations

from ._tthc import Record

__all__ = ["Record", "DayInfo", "ProcedureInfo", "SearchHit", "Deadline", "Tracking"]


class DayInfo(Record):
    """One day of a working calendar: ``date``, ``weekday`` (``"mon"``…),
    ``working``, ``kind``, ``estimated`` and ``reason`` (``name``,
    ``legal_basis``, ``status``, …).

    Example::

        >>> tthc.Calendar().day_info("2025-09-02").kind
        'holiday'
    """

    __slots__ = ()


class ProcedureInfo(Record):
    """A procedure as it applies on one date in one province (the JSON shape
    of the CLI's ``procedures show``).

    Example::

        >>> tthc.Engine.default().procedures.show("1.000894", on="2025-07-01").code
        '1.000894'
    """

    __slots__ = ()
    _optional = frozenset({"code", "code_unknown", "name_en", "sector_name", "province", "online_level", "note"})


class SearchHit(Record):
    """One search result: ``id``, ``code`` (or None), ``name`` and ``score``.

    Example::

        >>> hit = tthc.Engine.default().procedures.search("ket hon")[0]
        >>> sorted(hit)
        ['code', 'id', 'name', 'score']
    """

    __slots__ = ()
    _optional = frozenset({"code"})


class Deadline(Record):
    """When a case's result is due (``Engine.deadline``): ``received_at``
    (after the cut-off and after-hours rules), ``due_date``, ``due_at``,
    the ``processing`` time it counts, the ``period`` and an ``explanation``
    citing each rule applied.

    Example::

        >>> engine.deadline(CASE).due_at.utcoffset()
        datetime.timedelta(seconds=25200)
    """

    __slots__ = ()
    _optional = frozenset({"province"})


class Tracking(Record):
    """Where a dossier stands (``Engine.track``): ``state``, ``due_at``,
    ``remaining``, ``overdue``, ``timeliness`` (early / on time / late and
    the Circular 01/2018 score) and the ``log`` of events with their rules.

    Example::

        >>> t = engine.track(CASE, [{"kind": "received", "at": "2025-03-14T09:30:00"}],
        ...                  as_of="2025-03-14T10:00:00")
        >>> t.state
        'processing'
    """

    __slots__ = ()
    _optional = frozenset({"rescheduled", "remaining", "timeliness", "against_rescheduled", "apology"})
