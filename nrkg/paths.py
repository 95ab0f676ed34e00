"""Where the curated inputs live and where the build is written.

In a checkout the data directories sit at the repository root and the build goes to ``dist/``.
In an installed wheel they are shipped inside the package as ``nrkg/data/<name>`` and the build goes
to a per-user cache directory keyed by the hash of the inputs, so several versions never collide.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_NAMES = ("ontology", "graph", "shapes", "queries", "documents", "mappings")


def _checkout_root() -> Path | None:
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "graph").is_dir():
        return root
    return None


def data_root() -> Path:
    """The directory holding ontology/, graph/, shapes/, queries/, documents/, mappings/."""
    env = os.environ.get("NRKG_DATA")
    if env:
        return Path(env)
    packaged = PACKAGE_DIR / "data"
    if (packaged / "graph").is_dir():
        return packaged
    root = _checkout_root()
    if root is not None:
        return root
    raise RuntimeError("nrkg data directories not found: the installation is incomplete")


def data_dir(name: str) -> Path:
    if name not in DATA_NAMES:
        raise ValueError(f"unknown data directory {name!r}; expected one of {', '.join(DATA_NAMES)}")
    return data_root() / name


def in_checkout() -> bool:
    return not (PACKAGE_DIR / "data" / "graph").is_dir() and _checkout_root() is not None


def default_out_dir(input_hash: str) -> Path:
    """``dist/`` in a checkout; otherwise a per-user cache directory keyed by the input hash."""
    env = os.environ.get("NRKG_OUT")
    if env:
        return Path(env)
    if in_checkout() and "NRKG_DATA" not in os.environ:
        return _checkout_root() / "dist"  # type: ignore[operator]
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("nrkg")) / input_hash[:16]
