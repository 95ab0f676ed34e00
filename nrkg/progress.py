"""Progress messages on standard error: one callable type every long-running function accepts."""

from __future__ import annotations

import sys
from typing import Callable

Progress = Callable[[str], None]


def silent(_: str) -> None:
    """Report nothing (the default of library calls)."""


def to_stderr(message: str) -> None:
    """Report as ``nrkg: message`` on standard error, flushed at once."""
    print(f"nrkg: {message}", file=sys.stderr, flush=True)
