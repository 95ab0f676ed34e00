"""Running SPARQL over a build: the engines (pyoxigraph, rdflib), parameter binding, federated
endpoints and the output formats. Imports neither rdflib nor pyshacl at start-up.

The names are re-exported lazily so that ``nrkg query`` imports only what it runs.
"""

from __future__ import annotations

__all__ = ["catalog", "open_engine"]


def __getattr__(name: str):
    if name == "open_engine":
        from nrkg.query.engines import open_engine

        return open_engine
    if name == "catalog":
        from nrkg.model.catalog import catalog

        return catalog
    raise AttributeError(f"module 'nrkg.query' has no attribute {name!r}")
