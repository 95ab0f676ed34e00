"""The reasoning stage: expected inferences on a tiny fixture, nothing already asserted, no junk,
the evidence layer left out, inputs untouched, inconsistencies reported, and the ``reason`` command."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from nrkg.model import iri
from nrkg.errors import CheckFailed
from nrkg.model.ontology import load_ontology
from nrkg.build.reason import domain_triples, infer, is_junk, summarize, summarize_types
from nrkg.model.vocab import NRKG

FIXTURES = Path(__file__).parent / "fixtures" / "reason"
ID = rdflib.Namespace(iri.ENTITY)
C = rdflib.Namespace(iri.claim_ns("fixture"))
ANNO = rdflib.Namespace(iri.ANNO + "fixture/")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology()


def _inputs() -> list[rdflib.Graph]:
    return [rdflib.Graph().parse(FIXTURES / "entities.ttl"), rdflib.Graph().parse(FIXTURES / "document.ttl")]


@pytest.fixture(scope="module", params=["reasonable", "owlrl"])
def run(ontology, request):
    """Reason once per reasoner over the fixture; keep copies of the inputs as they were before."""
    asserted = _inputs()
    before = [set(g) for g in asserted]
    ontology_before = set(ontology)
    inferred = infer(ontology, asserted, reasoner=request.param)
    return SimpleNamespace(asserted=asserted, before=before, ontology_before=ontology_before,
                           inferred=inferred)


def test_subclass_membership_is_inferred(run):
    assert (ID.nato, RDF.type, NRKG.Organisation) in run.inferred
    assert (ID.nato, RDF.type, NRKG.Agent) in run.inferred
    assert (ID.nato, RDF.type, PROV.Agent) in run.inferred  # through the PROV-O alignment
    assert (C.suspension, RDF.type, NRKG.Claim) in run.inferred


def test_inverse_is_inferred(run):
    assert (ID.nato, NRKG.hasMember, ID.hungary) in run.inferred


def test_sub_property_is_inferred(run):
    assert (C.suspension, NRKG.participant, ID.nato) in run.inferred
    assert (C.suspension, NRKG.involves, ID.nato) in run.inferred
    assert (C["kremlin-rejects"], PROV.wasAttributedTo, ID.kremlin) in run.inferred
    assert (ID.hungary, ORG.memberOf, ID.nato) in run.inferred


def test_domain_inference_from_a_claim_property(run):
    # nrkg:speaker has domain nrkg:Statement; the claim is only asserted as nrkg:Rejection (a subclass),
    # so the Statement type arrives by either route, but it must arrive
    assert (C["kremlin-rejects"], RDF.type, NRKG.Statement) in run.inferred


def test_nothing_already_asserted_is_returned(run, ontology):
    assert len(run.inferred) > 0
    assert (ID.kremlin, RDF.type, NRKG.Organisation) not in run.inferred  # asserted in the fixture
    for triple in run.inferred:
        assert triple not in ontology, triple
        assert all(triple not in g for g in run.asserted), triple


def test_inputs_are_not_modified(run, ontology):
    assert set(ontology) == run.ontology_before
    assert [set(g) for g in run.asserted] == run.before
    assert all(len(g) > 0 for g in run.asserted)


def test_evidence_layer_is_not_read(run):
    # the annotation carries nrkg:agent, whose domain would make it an EventDescription if it were read
    anno = ANNO["10-20"]
    assert (anno, RDF.type, NRKG.EventDescription) not in run.inferred
    evidence = {s for s, _, o in run.asserted[1] if str(o).startswith("http://www.w3.org/ns/oa#")}
    assert anno in evidence
    assert not [t for t in run.inferred if t[0] in evidence], "inferred triples about evidence nodes"


def test_domain_triples_drop_annotations_selectors_and_oa_predicates():
    graph = _inputs()[1]
    kept = list(domain_triples(graph))
    assert kept, "the claims must be kept"
    assert not [t for t in kept if str(t[1]).startswith("http://www.w3.org/ns/oa#")]
    assert not [t for t in kept if str(t[0]).startswith(iri.ANNO)]
    assert (C.suspension, NRKG.agent, ID.nato) in kept


def test_junk_is_filtered(run):
    assert len(run.inferred) > 0
    for s, p, o in run.inferred:
        assert isinstance(s, URIRef) and str(s).startswith(iri.BASE), s
        assert not str(s).startswith(iri.BASE + "ontology"), s
        assert not isinstance(o, BNode)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))


@pytest.mark.parametrize("triple, junk", [
    ((ID.nato, OWL.sameAs, ID.nato), True),
    ((Literal("2014"), RDF.type, URIRef("http://www.w3.org/2001/XMLSchema#gYear")), True),
    ((ID.nato, RDF.type, OWL.Thing), True),
    ((ID.nato, RDF.type, RDFS.Resource), True),
    ((ID.nato, RDF.type, OWL.NamedIndividual), True),
    ((NRKG.Alliance, RDFS.subClassOf, NRKG.Agent), True),
    ((URIRef("http://www.w3.org/ns/prov#Agent"), RDF.type, OWL.Class), True),
    ((BNode(), RDF.type, NRKG.Claim), True),
    ((ID.nato, NRKG.relatedTo, BNode()), True),
    ((ID.nato, RDF.type, NRKG.Organisation), False),
    ((ID.nato, OWL.sameAs, ID["north-atlantic-alliance"]), False),
    ((C.suspension, NRKG.participant, ID.nato), False),
])
def test_is_junk(triple, junk):
    assert is_junk(triple) is junk


def test_ontology_alone_infers_nothing(ontology):
    assert len(infer(ontology, [])) == 0


def test_output_is_deterministic(ontology):
    first = infer(ontology, _inputs())
    second = infer(ontology, list(reversed(_inputs())))
    assert len(first) > 0
    assert sorted(first) == sorted(second)


@pytest.mark.parametrize("reasoner", ["reasonable", "owlrl"])
def test_inconsistency_is_reported(ontology, reasoner):
    bad = rdflib.Graph()
    bad.add((ID["someone"], RDF.type, NRKG.Person))
    bad.add((ID["someone"], RDF.type, NRKG.Alliance))  # Person and Organisation are disjoint
    with pytest.raises(CheckFailed) as caught:
        infer(ontology, [bad], reasoner=reasoner)
    assert caught.value.error_id == "reasoning-inconsistent"
    assert "someone" in str(caught.value)


def test_summarize_counts_per_predicate(run):
    counts = dict(summarize(run.inferred))
    assert counts[str(RDF.type)] == len(list(run.inferred.triples((None, RDF.type, None))))
    assert sum(counts.values()) == len(run.inferred)
    values = [n for _, n in summarize(run.inferred)]
    assert values == sorted(values, reverse=True)
    types = dict(summarize_types(run.inferred))
    assert types[str(NRKG.Organisation)] >= 2  # NATO and Hungary


# --- the command --------------------------------------------------------------------------------


def _nquads(tmp_path: Path, inferred: rdflib.Graph) -> Path:
    dataset = rdflib.Dataset()
    target = dataset.graph(URIRef(iri.GRAPH_INFERRED))
    for triple in inferred:
        target.add(triple)
    other = dataset.graph(URIRef(iri.GRAPH_ENTITIES))
    other.add((ID.nato, RDF.type, NRKG.Alliance))  # asserted: must not be counted
    path = tmp_path / "nrkg.nq"
    path.write_text(dataset.serialize(format="nquads"), encoding="utf-8")
    return path


def test_reason_command_reports_counts_per_predicate(runner, run, tmp_path, monkeypatch):
    from nrkg.cli import common as cli_common
    from nrkg.cli import cli

    path = _nquads(tmp_path, run.inferred)
    monkeypatch.setattr(cli_common.Settings, "ensure_built", lambda self: SimpleNamespace(nquads=path))
    result = runner.invoke(cli, ["-q", "reason", "--types"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["predicate", "count"]
    assert f"total" in lines[-1] and lines[-1].split()[-1] == str(len(run.inferred))
    type_count = len(list(run.inferred.triples((None, RDF.type, None))))
    assert any(line.split() == ["rdf:type", str(type_count)] for line in lines), result.output
    assert any(line.split() == ["rdf:type", "nrkg:Organisation", "2"] for line in lines), result.output

    result = runner.invoke(cli, ["-q", "reason", "-f", "json"])
    assert result.exit_code == 0, result.output
    import json

    payload = json.loads(result.output)
    assert payload["total"] == len(run.inferred)
    assert {p["predicate"]: p["count"] for p in payload["predicates"]} == dict(summarize(run.inferred))


def test_both_reasoners_infer_the_same_graph_from_the_shipped_data(ontology):
    """reasonable (the build's) and owlrl (the reference) agree on everything the build keeps."""
    from nrkg.build.pipeline import asserted_graph_names
    from nrkg.build.corpus import load_corpus
    from nrkg.build.ground import ground
    from nrkg.paths import data_dir
    from nrkg.build.sources import parse_sources, source_files

    documents = load_corpus(data_dir("documents"))
    dataset = parse_sources(source_files(data_dir("ontology"), data_dir("graph"), [d.stem for d in documents]))
    ground(dataset, documents)
    asserted = [dataset.graph(rdflib.URIRef(name)) for name in asserted_graph_names(dataset)]
    onto = dataset.graph(rdflib.URIRef(iri.GRAPH_ONTOLOGY))
    fast, reference = infer(onto, asserted, "reasonable"), infer(onto, asserted, "owlrl")
    assert len(reference) > 100
    assert set(fast) == set(reference)
