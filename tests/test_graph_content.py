"""The document graphs hold the documents' words where the ontology says "as the document writes it":
quotations, characterisations, scopes, purposes, provisions, role names, hedges, dates as written,
titles and bylines occur verbatim in their own document. Paraphrases (nrkg:content) are exempt."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from nrkg.model import iri
from support import ROOT

NRKG = iri.ONTOLOGY
VERBATIM = [NRKG + name for name in ("quotation", "characterisation", "scope", "purpose", "provision", "roleLabel",
                                     "hedgeCue", "dateAsWritten", "publishedAsWritten", "byline")] + \
    ["http://purl.org/dc/terms/title"]
GRAPH_FILES = sorted((ROOT / "graph" / "documents").glob("*.ttl"))


def not_verbatim(graph: Graph, text: str) -> list[tuple[str, str, str]]:
    """(claim, property, value) for each value that is not a substring of the document's text."""
    return sorted((str(s), str(p), str(o)) for p in map(URIRef, VERBATIM)
                  for s, o in graph.subject_objects(p) if str(o) not in text)


def test_the_check_finds_words_the_document_does_not_have():
    graph = Graph().parse(data="""
        @prefix nrkg: <https://w3id.org/nrkg/ontology#> .
        <urn:c1> nrkg:characterisation "a brief war" ; nrkg:content "a paraphrase is free" .
        <urn:c2> nrkg:scope "aide to the President" ; nrkg:hedgeCue "reportedly" .""", format="turtle")
    found = not_verbatim(graph, "It was a brief war, reportedly; his aide Vladimir Medinsky.")
    assert found == [("urn:c2", NRKG + "scope", "aide to the President")]


def test_the_graph_files_cover_the_documents():
    assert [path.stem for path in GRAPH_FILES] == sorted(p.stem for p in (ROOT / "documents").glob("*.txt"))


@pytest.mark.parametrize("path", GRAPH_FILES, ids=lambda path: path.stem[:3])
def test_document_words_are_verbatim(path):
    text = (ROOT / "documents" / f"{path.stem}.txt").read_text(encoding="utf-8")
    graph = Graph().parse(path, format="turtle")
    assert sum(1 for p in VERBATIM for _ in graph.subject_objects(URIRef(p))) >= 5, "too few values to check"
    assert not_verbatim(graph, text) == []
