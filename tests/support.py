"""Test helpers shared across modules."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, why: str) -> None:
    """Skip with a reason on a developer machine; fail under CI=true, where everything must be installed."""
    if available:
        return
    if in_ci():
        pytest.fail(f"required in CI but missing: {why}")
    pytest.skip(why)


def find_binary(name: str) -> str | None:
    """A program next to the running interpreter (pip-installed servers) or on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def copy_data(target: Path) -> Path:
    """A private copy of the curated inputs, for tests that edit them (use with NRKG_DATA)."""
    for name in ("ontology", "graph", "shapes", "queries", "documents", "mappings"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    return target
