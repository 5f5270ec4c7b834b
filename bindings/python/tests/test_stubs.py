"""The type stubs (tthc/_tthc.pyi) describe the native module as it is.

``mypy.stubtest`` imports the installed package and compares every name,
signature and class in the stubs with the running module; the few
deliberate differences are listed, with the reason, in
``stubtest-allowlist.txt``. mypy comes from PyPI (scripts/test-python.sh
installs it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tthc

HERE = Path(__file__).resolve().parent


def _mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # Run outside the source tree, so that `tthc` is the installed wheel.
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True)


def test_the_wheel_ships_typed_stubs() -> None:
    package = Path(tthc.__file__).parent
    assert (package / "_tthc.pyi").exists()
    assert (package / "py.typed").exists()


def test_stubtest_finds_no_difference(tmp_path: Path) -> None:
    run = _mypy(
        "mypy.stubtest",
        "tthc",
        "--allowlist",
        str(HERE / "stubtest-allowlist.txt"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_typical_use_type_checks_strictly(tmp_path: Path) -> None:
    program = tmp_path / "use.py"
    program.write_text(
        """
import datetime
from typing import Optional

import tthc

engine = tthc.Engine.default()
d = engine.evaluate(procedure="ho-tich.dang-ky-khai-sinh", channel="national-portal",
                    submitted_at=datetime.datetime(2025, 3, 14, 9, 30))
payable: Optional[int] = d.fee.payable
due: datetime.date = tthc.Calendar().add_working_days(datetime.date(2025, 4, 29), 1)
for item in engine.evaluate_many([{"procedure": "x"}]):
    if isinstance(item, tthc.Error):
        kind: str = item.kind
    else:
        text: str = item.to_json()
""",
        encoding="utf-8",
    )
    run = _mypy("mypy", "--strict", "--no-incremental", "--show-traceback", str(program), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
