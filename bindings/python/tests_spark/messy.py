"""Makes a messy copy of a CSV file of made-up dossier records (``tthc synth``):
about one line in a hundred is broken the ways real exports break — an
unknown channel, an impossible date, a missing dossier code, a field too many
or too few, a byte that is not UTF-8, a stray quote, a repeated header, a
completion before the receipt, an unknown procedure or province, blank lines
and CRLF endings — so that the malformed rows, warnings and line numbers of
``tthc metrics`` and ``tthc.spark`` can be compared.

Usage: python messy.py CLEAN.csv MESSY.csv [SEED]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def breaks(header: bytes):
    """The ways to break one line (each takes the line's fields, returns bytes)."""

    def field(i: int, value: bytes):
        def f(cells):
            cells = list(cells)
            cells[i] = value
            return b",".join(cells)

        return f

    return [
        field(6, b"fax"),  # channel
        field(7, b"31/02/2025"),  # received_at
        field(0, b""),  # dossier
        lambda cells: b",".join(cells) + b",extra",  # a field too many
        lambda cells: b",".join(cells[:9]),  # cut short
        field(2, b"S\xe1\xbb\x9f T\xff ph\xc3\xa1p"),  # not UTF-8
        field(2, b'UBND "x\xc3\xa3" A'),  # a quote inside an unquoted field
        lambda cells: header,  # the header again
        field(1, b"9.999999"),  # unknown procedure (a warning)
        field(3, b"Atlantis"),  # unknown province (a warning)
        field(9, b"2023-01-01T08:00:00+07:00"),  # completed before received
        lambda cells: b",".join(cells) + b"\r",  # CRLF
        lambda cells: b"\n" + b",".join(cells),  # a blank line before
        field(14, b"maybe"),  # full_process not a boolean
    ]


def make(clean: Path, messy: Path, seed: int = 17) -> None:
    """Writes the messy copy of ``clean`` to ``messy``."""
    rng = random.Random(seed)
    with open(clean, "rb") as f:
        header = f.readline().rstrip(b"\n")
        ways = breaks(header)
        with open(messy, "wb") as out:
            out.write(header + b"\n")
            for line in f:
                line = line.rstrip(b"\n")
                if rng.random() < 0.01:
                    line = rng.choice(ways)(line.split(b","))
                out.write(line + b"\n")


if __name__ == "__main__":
    make(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 17)
