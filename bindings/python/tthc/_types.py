"""Record types for tthc's answers.

Answers (a decision's parts, a procedure as of a date, a calendar day) are
built from the engine's JSON shape, so a field the engine adds appears here
without a new release of the binding. A ``Record`` allows attribute and item
access, so ``info.reason.name`` reads as well as ``info["reason"]["name"]``. Dates in records are ``datetime.date`` and
instants aware ``datetime.datetime`` in +07:00.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, ClassVar, Dict, FrozenSet, Iterator, List, Mapping, Optional, Tuple

__all__ = ["Record", "DayInfo", "ProcedureInfo", "SearchHit", "Deadline", "Tracking"]


class Record:
    """An answer's object: its fields are attributes and items.

    Not a ``dict`` subclass on purpose: answers have fields named ``items``
    (a fee's lines) and ``values`` would be next, and a dict's methods would
    hide them. ``to_dict()`` gives plain nested dicts; ``==`` compares with
    records and dicts alike. Records are read-only.

    Example::

        >>> r = tthc.Record({"payable": 50000, "items": []})
        >>> r.payable, r["payable"], r.items
        (50000, 50000, [])
    """

    __slots__ = ("_fields",)
    _fields: Dict[str, Any]
    #: Fields the engine leaves out when they have no value; reading one gives None.
    _optional: ClassVar[FrozenSet[str]] = frozenset()

    def __init__(self, fields: Optional[Mapping[str, Any]] = None, /, **more: Any) -> None:
        data = dict(fields or {})
        data.update(more)
        object.__setattr__(self, "_fields", data)

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            if name in type(self)._optional:
                return None
            raise AttributeError(f"{type(self).__name__} has no field {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._fields == other._fields
        if isinstance(other, dict):
            return self._fields == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self._fields,))

    def __dir__(self) -> List[str]:
        return sorted(set(self._fields) | {"to_dict"})

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._fields.items())
        return f"{type(self).__name__}({inner})"

    def to_dict(self) -> Dict[str, Any]:
        """The fields as plain nested dicts and lists (dates stay ``date`` objects).

        Example::

            >>> tthc.Record({"a": tthc.Record({"b": 1})}).to_dict()
            {'a': {'b': 1}}
        """
        return {k: _plain(v) for k, v in self._fields.items()}

    def to_json(self, indent: Optional[int] = None) -> str:
        """The record as JSON text, dates and instants in ISO 8601 / RFC 3339
        (as the engine writes them).

        Example::

            >>> tthc.Record({"due": datetime.date(2025, 3, 17)}).to_json()
            '{"due":"2025-03-17"}'
        """
        separators = (",", ":") if indent is None else None
        return json.dumps(self.to_dict(), default=_iso, ensure_ascii=False, indent=indent, separators=separators)


def _iso(v: Any) -> str:
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def _plain(v: Any) -> Any:
    if isinstance(v, Record):
        return v.to_dict()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


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
