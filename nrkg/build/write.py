"""Deterministic serialisation: the same quads always give the same bytes.

Terms go through pyoxigraph, which writes canonical N-Triples terms; quads are sorted by graph,
subject, predicate and object before writing, and TriG groups them in that order.
"""

from __future__ import annotations

from pathlib import Path

from nrkg.model import iri


def to_ox_term(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term!r} cannot be written: every node needs an IRI")
    raise TypeError(f"unexpected term {term!r}")


def dataset_quads(dataset) -> list:
    """All quads of an rdflib Dataset as pyoxigraph Quads, sorted, without duplicates."""
    import pyoxigraph as ox

    quads = set()
    for graph in dataset.graphs():
        if not len(graph):
            continue
        name = ox.NamedNode(str(graph.identifier))
        for s, p, o in graph:
            quads.add(ox.Quad(to_ox_term(s), to_ox_term(p), to_ox_term(o), name))
    return sorted(quads, key=quad_key)


def quad_key(quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def nquads_bytes(quads) -> bytes:
    return b"".join(f"{q} .\n".encode("utf-8") for q in quads)


def trig_bytes(quads) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=iri.PREFIXES)


def turtle_bytes(triples) -> bytes:
    import pyoxigraph as ox

    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=iri.PREFIXES)
