"""The type stubs (tthc/_tthc.pyi) describe the native module as it is."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import tthc
from tthc import _tthc


def _stub() -> ast.Module:
    path = Path(tthc.__file__).with_name("_tthc.pyi")
    assert path.exists(), "the wheel ships the stubs"
    assert Path(tthc.__file__).with_name("py.typed").exists(), "the wheel is marked typed"
    return ast.parse(path.read_text(encoding="utf-8"))


def test_every_native_name_is_stubbed_and_nothing_else() -> None:
    tree = _stub()
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    # The test hooks exist only in the wheel built for the tests (the
    # `test-hooks` feature); the stubs describe the published module.
    native = {n for n in dir(_tthc) if not n.startswith("__")} - {"_panic_for_tests", "_error_kinds"}
    assert native == stubbed


def test_every_public_method_is_stubbed() -> None:
    tree = _stub()
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        stubbed = {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}
        stubbed |= {a.target.id for a in cls.body if isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name)}
        runtime = getattr(_tthc, cls.name)
        public = {n for n, _ in inspect.getmembers(runtime) if not n.startswith("_")}
        missing = public - stubbed
        assert not missing, f"{cls.name}: not in the stubs: {sorted(missing)}"
