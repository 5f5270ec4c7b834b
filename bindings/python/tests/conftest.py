"""Shared fixtures: the repository root, engines, and a sample case."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

import tthc

#: The repository root (this file is bindings/python/tests/conftest.py).
REPO = Path(os.environ.get("TTHC_REPO", Path(__file__).resolve().parents[3]))
FIXTURES = REPO / "tests" / "fixtures"

#: A case on the embedded catalogue, used by the docstring examples too.
CASE = {
    "procedure": "ho-tich.dang-ky-khai-sinh",
    "channel": "national-portal",
    "submitted_at": "2025-03-14T09:30:00+07:00",
}


@pytest.fixture(scope="session")
def engine() -> tthc.Engine:
    return tthc.Engine.default()


@pytest.fixture(scope="session")
def calendar(engine: tthc.Engine) -> tthc.Calendar:
    return engine.calendar()


@pytest.fixture(scope="session")
def policy_engine() -> tthc.Engine:
    """The made-up catalogue the conformance vectors run on."""
    return tthc.Engine.from_dir(FIXTURES / "sample-policy-catalog")


@pytest.fixture
def case() -> dict:
    return dict(CASE)


def d(s: str) -> datetime.date:
    return datetime.date.fromisoformat(s)
