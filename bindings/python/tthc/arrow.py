"""Per-record answers for Arrow record batches of dossier records.

A batch has columns named after the record fields of ``docs/metrics.md``
(``dossier``, ``procedure``, ``province``, ``channel``, ``received_at``,
``completed_at``, …): strings are read as CSV cells are, booleans, integers,
timestamps and dates as the text a CSV export would hold. The work is done
in Rust with the GIL released, on the columns where pyarrow holds them.

Needs ``pyarrow`` (``pip install tthc[arrow]``)::

    >>> import pyarrow as pa
    >>> import tthc.arrow
    >>> batch = pa.record_batch({
    ...     "dossier": ["D1", "D2"],
    ...     "procedure": ["ho-tich.dang-ky-khai-sinh", "ho-tich.dang-ky-khai-sinh"],
    ...     "province": ["ha-noi", "ha-noi"],
    ...     "channel": ["in-person", "fax"],
    ...     "received_at": ["2025-03-03T09:00:00", "2025-03-03T09:00:00"],
    ...     "completed_at": ["2025-03-03T16:00:00", None],
    ... })
    >>> out = tthc.arrow.deadlines(batch, as_of="2025-03-31T12:00:00")
    >>> out.column("status").to_pylist()
    ['on-time', None]
    >>> out.column("problem").to_pylist()[1].split(":")[0:2]
    ['malformed', ' channel']
"""

from __future__ import annotations

from typing import Any, Optional, Union

from . import _tthc

__all__ = ["deadlines"]


def deadlines(
    batch: Any,
    engine: Optional[_tthc.Engine] = None,
    *,
    as_of: Optional[Union[str, Any]] = None,
    fees: bool = False,
) -> Any:
    """The engine's answers for every record of ``batch`` (a pyarrow
    ``RecordBatch`` or ``Table``), in row order, as a ``pyarrow.RecordBatch``
    with the columns:

    * ``due_at`` (timestamp, +07:00): the deadline the engine computes from
      the procedure's processing time, the province's working calendar and
      the receipt instant (after supplements and reschedules for a record
      with ``events``);
    * ``status``: ``early``, ``on-time``, ``late`` (finished, against that
      deadline), ``open``, ``overdue`` (at ``as_of``, default now) or
      ``withdrawn``;
    * ``on_time``: early or on time; ``False`` when late or overdue; null
      while open;
    * ``fee_payable`` (đồng, int64): only with ``fees=True`` (it costs a
      whole evaluation per record); null when the catalogue does not know
      the fee — unknown is not zero;
    * ``problem``: why an answer is missing (``kind: message``, e.g. a
      malformed record or a procedure without a processing time), else null.

    A column whose type holds no text raises ``tthc.MetricsError`` naming it.
    """
    import pyarrow as pa  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional dependency

    return pa.record_batch(_tthc.record_answers(batch, engine, as_of=as_of, fees=fees))
