"""Run a stored query on the built dataset and read its rows as plain strings, for competency tests.

Competency tests state what a careful reader of the five documents expects a query to answer; the
expected rows are written from the documents, never copied from the query's output.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nrkg.model import iri
from nrkg.query.engines import open_engine
from nrkg.model.catalog import catalog

ID = iri.ENTITY
NRKG = iri.ONTOLOGY

# the five documents by their stems' leading number (see documents/MANIFEST.sha256)
DOC0, DOC1, DOC2, DOC3, DOC4 = (iri.doc_iri(stem) for stem in (
    "000_f4bd2b601ba6e3cd", "001_41982bf2e623ae9c", "002_adc9f996618461c5",
    "003_7e393bef011fd978", "004_af8638a6b41f8da4"))


@lru_cache(maxsize=2)
def _engine(nquads: Path):
    return open_engine("oxigraph", nquads)


def rows(built, name: str, **params: str) -> list[dict[str, str | None]]:
    """The rows of stored query NAME with PARAMS, each a dict of column -> lexical value (None if unbound).

    Asserts that the query returned rows: every competency test expects an answer.
    """
    result = _engine(built.nquads).run(catalog()[name], dict(params))
    found = [{var: (term.value if term is not None else None) for var, term in zip(result.variables, row)}
             for row in result.rows]
    assert found, f"{name} {params}: no rows"
    return found


def column(found: list[dict], name: str) -> set:
    return {row[name] for row in found}
