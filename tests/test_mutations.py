"""Mutation tests: corrupt the real built graph in one way at a time and require that the rule named
for that corruption catches it, at the node that was corrupted. Being caught by some other rule does
not count.

| mutation                                   | caught by                                   |
|--------------------------------------------|---------------------------------------------|
| drop an evidence quote                     | shape:QuoteSelector-exact                   |
| shift an offset                            | check evidence-offsets (built graph);       |
|                                            | error grounding-failed (curated source)     |
| give a date the wrong datatype             | shape:Dated-date                            |
| remove a speaker                           | shape:Statement-speaker                     |
| refer to an undefined entity               | check undefined-entity                      |
| assert a property on an entity in a doc    | check entity-in-document                    |
| point a claim at an entity its quotes omit | check mention                               |
| copy a triple into a second graph          | check duplicate-triple                      |
| add a blank node                           | check blank-node                            |
"""

from __future__ import annotations

import pytest

from nrkg.model import iri
from nrkg.build.check import run_checks
from nrkg.build.validate import load_dataset, validate_dataset

OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SHAPE = iri.BASE + "shapes#"


def U(text):
    from rdflib import URIRef

    return URIRef(text)


def doc_graphs(ds):
    return sorted((g for g in ds.graphs() if iri.is_doc_graph(str(g.identifier)) and len(g)),
                  key=lambda g: str(g.identifier))


def evidence(ds):
    """(graph, claim, annotation, target, quote selector, position selector), first in sorted order."""
    for graph in doc_graphs(ds):
        for claim, anno in sorted(graph.subject_objects(U(iri.ONTOLOGY + "hasEvidence"))):
            target = graph.value(anno, U(OA + "hasTarget"))
            selectors = sorted(graph.objects(target, U(OA + "hasSelector")))
            quote = next(s for s in selectors if (s, U(OA + "exact"), None) in graph)
            position = next(s for s in selectors if (s, U(OA + "start"), None) in graph)
            return graph, claim, anno, target, quote, position
    raise AssertionError("the built graph has no evidence")


def claim_with(ds, prop):
    for graph in doc_graphs(ds):
        for claim, value in sorted(graph.subject_objects(U(iri.ONTOLOGY + prop))):
            if str(claim).startswith(iri.CLAIM):
                return graph, claim, value
    raise AssertionError(f"no claim with nrkg:{prop} in the built graph")


def quotes_of(graph, claim) -> list[str]:
    found = []
    for prop in ("hasEvidence", "hasContextEvidence"):
        for anno in graph.objects(claim, U(iri.ONTOLOGY + prop)):
            for target in graph.objects(anno, U(OA + "hasTarget")):
                for selector in graph.objects(target, U(OA + "hasSelector")):
                    found += [str(q).lower() for q in graph.objects(selector, U(OA + "exact"))]
    return found


# ----------------------------------------------------------------------------- mutations
# Each returns what must be reported: ("shape", shape IRI, focus) or ("check", name, graph, node).

def drop_evidence_quote(ds):
    graph, _, _, _, quote, _ = evidence(ds)
    graph.remove((quote, U(OA + "exact"), None))
    return ("shape", SHAPE + "QuoteSelector-exact", str(quote))


def shift_offset(ds):
    from rdflib import Literal

    graph, _, anno, _, _, position = evidence(ds)
    for prop in ("start", "end"):
        value = graph.value(position, U(OA + prop))
        graph.set((position, U(OA + prop), Literal(int(value) + 1, datatype=value.datatype)))
    return ("check", "evidence-offsets", str(graph.identifier), str(anno))


def mistype_date(ds):
    from rdflib import Literal

    graph, claim, value = claim_with(ds, "date")
    graph.remove((claim, U(iri.ONTOLOGY + "date"), value))
    graph.add((claim, U(iri.ONTOLOGY + "date"), Literal(str(value))))
    return ("shape", SHAPE + "Dated-date", str(claim))


def remove_speaker(ds):
    graph, claim, _ = claim_with(ds, "speaker")
    graph.remove((claim, U(iri.ONTOLOGY + "speaker"), None))
    return ("shape", SHAPE + "Statement-speaker", str(claim))


def refer_to_undefined_entity(ds):
    graph, claim, value = claim_with(ds, "speaker")
    undefined = U(iri.ENTITY + "nobody-defined-this")
    graph.remove((claim, U(iri.ONTOLOGY + "speaker"), value))
    graph.add((claim, U(iri.ONTOLOGY + "speaker"), undefined))
    return ("check", "undefined-entity", str(graph.identifier), str(undefined))


def property_on_entity_in_document(ds):
    graph, _, entity = claim_with(ds, "speaker")
    graph.add((entity, U(iri.ONTOLOGY + "memberOf"), entity))
    return ("check", "entity-in-document", str(graph.identifier), str(entity))


def point_at_unnamed_entity(ds):
    from rdflib import RDF

    entities = ds.graph(U(iri.GRAPH_ENTITIES))
    graph, claim, _ = claim_with(ds, "speaker")
    quotes = quotes_of(graph, claim)
    assert quotes
    for entity in sorted(set(entities.subjects(RDF.type, None))):
        if not str(entity).startswith(iri.ENTITY):
            continue
        labels = [str(label).lower() for p in ("prefLabel", "altLabel")
                  for label in entities.objects(entity, U(SKOS + p))]
        if labels and not any(label in quote for label in labels for quote in quotes):
            graph.add((claim, U(iri.ONTOLOGY + "topic"), entity))
            return ("check", "mention", str(graph.identifier), str(claim))
    raise AssertionError("every entity is named in the claim's quotes")


def copy_triple_to_second_graph(ds):
    graph, claim, value = claim_with(ds, "modality")
    background = ds.graph(U(iri.GRAPH_BACKGROUND))
    background.add((claim, U(iri.ONTOLOGY + "modality"), value))
    first = min(str(graph.identifier), iri.GRAPH_BACKGROUND)
    return ("check", "duplicate-triple", first, str(claim))


def add_blank_node(ds):
    from rdflib import BNode, Literal
    from rdflib.namespace import RDFS

    graph, claim, _ = claim_with(ds, "modality")
    node = BNode()
    graph.add((claim, RDFS.seeAlso, node))
    graph.add((node, RDFS.label, Literal("unnamed")))
    return ("check", "blank-node", str(graph.identifier), str(claim))


MUTATIONS = [drop_evidence_quote, shift_offset, mistype_date, remove_speaker, refer_to_undefined_entity,
             property_on_entity_in_document, point_at_unnamed_entity, copy_triple_to_second_graph,
             add_blank_node]


def findings(ds, kind):
    if kind == "shape":
        return {("shape", r.shape, r.focus) for r in validate_dataset(ds, fail_on="info").results}
    return {("check", r.name, row["graph"], row["node"]) for r in run_checks(ds) for row in r.rows}


@pytest.fixture(scope="module")
def baseline(built):
    """What the unmutated built graph reports: nothing at all."""
    ds = load_dataset(built.nquads)
    found = findings(ds, "shape") | findings(ds, "check")
    assert found == set()
    return found


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__)
def test_mutation_is_caught_by_its_rule(built, baseline, mutate):
    ds = load_dataset(built.nquads)
    expected = mutate(ds)
    assert expected not in baseline
    after = findings(ds, expected[0])
    assert expected in after, f"{mutate.__name__}: not caught by {expected[1]}; found {sorted(after)[:10]}"


def test_shifted_offset_in_a_curated_source_fails_grounding():
    """At the source, a curator's oa:start that does not point at the quote stops the build."""
    from rdflib import BNode, Dataset, Literal, URIRef

    from nrkg.build.corpus import load_corpus
    from nrkg.errors import CheckFailed
    from nrkg.build.ground import ground, locate
    from nrkg.paths import data_dir

    documents = load_corpus(data_dir("documents"))
    document = documents[0]
    ds = Dataset()
    graph = ds.graph(URIRef(iri.doc_graph(document.stem)))
    graph.parse(data_dir("graph") / "documents" / f"{document.stem}.ttl", format="turtle")
    node = next(o for o in sorted(graph.objects(None, U(iri.ONTOLOGY + "hasEvidence"))) if isinstance(o, BNode))
    exact = str(graph.value(node, U(OA + "exact")))
    prefix = str(graph.value(node, U(OA + "prefix")) or "")
    suffix = str(graph.value(node, U(OA + "suffix")) or "")
    occurrence = graph.value(node, U(iri.ONTOLOGY + "occurrence"))
    start = graph.value(node, U(OA + "start"))
    span = locate(document.text, exact, prefix, suffix, int(occurrence) if occurrence is not None else None,
                  int(start) if start is not None else None)
    graph.set((node, U(OA + "start"), Literal(span.start + 1)))
    graph.remove((node, U(iri.ONTOLOGY + "occurrence"), None))
    with pytest.raises(CheckFailed) as caught:
        ground(ds, documents)
    assert caught.value.error_id == "grounding-failed"
    assert f"offset {span.start + 1}" in caught.value.message
