"""The build, one module per stage: corpus → sources → ground → links → reason → check and validate →
write. :func:`ensure_built` (in :mod:`nrkg.build.pipeline`) is what every command calls.

The names are re-exported lazily so that importing one stage does not import them all.
"""

from __future__ import annotations

__all__ = ["Build", "ensure_built"]


def __getattr__(name: str):
    if name in __all__:
        from nrkg.build import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'nrkg.build' has no attribute {name!r}")
