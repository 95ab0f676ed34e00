"""The SHACL quality gate: every shape fires on its own negative fixture, the shipped graph conforms,
the report is usable, and Jena's SHACL engine agrees with pyshacl."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nrkg.model import iri
from nrkg.build.validate import class_axioms, load_dataset, load_ontology, load_shapes, validate_dataset

import support_jena
from shacl_cases import FIXTURES, PREFIXES, good_dataset, read_cases
from support import ROOT, require

SH = "http://www.w3.org/ns/shacl#"
SHAPE = PREFIXES["shape"]
CASES = read_cases(FIXTURES / "shacl" / "negative-cases.ru")
CONSTRAINT_PARAMETERS = {SH + p for p in (
    "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive maxInclusive "
    "minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan lessThanOrEquals not and "
    "or xone node property qualifiedValueShape closed hasValue in sparql").split()}


def pairs(report) -> set[tuple[str, str]]:
    return {(r.shape, r.focus) for r in report.results}


# ----------------------------------------------------------------------------- fixtures

def test_good_fixture_conforms_with_no_result_at_all():
    report = validate_dataset(good_dataset(), fail_on="info")
    assert report.triples > 200
    assert report.results == [], report.to_text()
    assert report.conforms


@pytest.mark.parametrize("case", CASES, ids=str)
def test_negative_fixture_gives_exactly_its_results(case):
    assert case.expect, f"case {case.name} names no expected result"
    ds = good_dataset()
    case.apply(ds)
    report = validate_dataset(ds, fail_on="info")
    assert pairs(report) == set(case.expect), report.to_text()
    assert not report.conforms


def test_every_shape_with_a_constraint_has_a_negative_fixture():
    shapes = load_shapes()
    constrained = {str(s) for s, p, _ in shapes if p in {URI(c) for c in CONSTRAINT_PARAMETERS}
                   and str(s).startswith(SHAPE) and not has_only_property_links(shapes, s)}
    expected = {shape for case in CASES for shape, _ in case.expect}
    assert constrained, "no constrained shapes found"
    assert constrained - expected == set(), "shapes without a negative fixture"


def URI(text):
    from rdflib import URIRef

    return URIRef(text)


def has_only_property_links(shapes, node) -> bool:
    """A node shape whose only constraint parameter is sh:property (its property shapes are tested)."""
    used = {str(p) for p in shapes.predicates(node, None)} & CONSTRAINT_PARAMETERS
    return used == {SH + "property"}


def test_every_constraint_has_a_severity_and_a_plain_message():
    from rdflib import Literal

    shapes = load_shapes()
    checked = 0
    for node in set(shapes.subjects()):
        used = {str(p) for p in shapes.predicates(node, None)} & CONSTRAINT_PARAMETERS
        if not used or used == {SH + "property"} or not str(node).startswith(SHAPE):
            continue
        checked += 1
        severities = list(shapes.objects(node, URI(SH + "severity")))
        messages = list(shapes.objects(node, URI(SH + "message")))
        assert [str(s) for s in severities] in ([SH + "Violation"], [SH + "Warning"], [SH + "Info"]), node
        assert len(messages) == 1 and isinstance(messages[0], Literal), node
        text = str(messages[0])
        assert "{$" not in text and "{?" not in text and len(text) > 20, f"{node}: message should be plain text: {text!r}"
    assert checked >= 60


def test_every_shape_is_named_in_the_shapes_namespace():
    """Nested shapes inside sh:or/sh:not are the only blank nodes; results always name an IRI shape."""
    from rdflib import BNode

    shapes = load_shapes()
    for node in shapes.subjects(URI(SH + "severity"), None):
        assert not isinstance(node, BNode) and str(node).startswith(SHAPE), node


def test_shapes_cover_every_class_of_the_ontology():
    from rdflib import OWL, RDF, RDFS

    ontology = load_ontology()
    shapes = load_shapes()
    targets = {str(c) for c in shapes.objects(None, URI(SH + "targetClass"))}
    classes = {str(c) for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(iri.ONTOLOGY)}
    assert len(classes) > 30
    uncovered = []
    for cls in sorted(classes):
        ancestors = {str(a) for a in ontology.transitive_objects(URI(cls), RDFS.subClassOf)}
        if not ancestors & targets:
            uncovered.append(cls)
    assert uncovered == []
    missing = sorted(t for t in targets if t.startswith(iri.ONTOLOGY) and t not in classes)
    assert missing == [], "shapes target classes the ontology does not define"


def test_entity_attestation_reaches_exactly_the_entities_the_entity_shape_does():
    """shape:EntityAttestation repeats shape:Entity's targets (a separate IRI names its rule in reports)."""
    shapes = load_shapes()

    def targets(name):
        return {str(c) for c in shapes.objects(URI(SHAPE + name), URI(SH + "targetClass"))}

    assert len(targets("Entity")) >= 5
    assert targets("EntityAttestation") == targets("Entity")


def test_shapes_graph_is_kept_apart_from_the_ontology():
    from rdflib import OWL, RDF

    shapes, ontology = load_shapes(), load_ontology()
    assert not list(shapes.subjects(RDF.type, OWL.Class))
    assert not [t for t in ontology if str(t[1]).startswith(SH)]
    assert len(class_axioms(ontology)) > 50


# ----------------------------------------------------------------------------- report

def hedged_without_cue():
    ds = good_dataset()
    next(c for c in CASES if c.name == "hedged-claim").apply(ds)
    return ds


def test_fail_on_threshold():
    ds = hedged_without_cue()
    assert [r.severity for r in validate_dataset(ds).results] == ["Warning"]
    assert validate_dataset(ds, fail_on="violation").conforms
    assert not validate_dataset(ds, fail_on="warning").conforms
    assert not validate_dataset(ds, fail_on="info").conforms
    with pytest.raises(ValueError):
        validate_dataset(ds, fail_on="error")


def test_results_carry_label_graph_path_value_and_counts():
    ds = good_dataset()
    next(c for c in CASES if c.name == "entity-prefLabel-lang").apply(ds)
    next(c for c in CASES if c.name == "statement-certainty").apply(ds)
    report = validate_dataset(ds)
    by_shape = {r.shape: r for r in report.results}
    entity = by_shape[SHAPE + "Entity-prefLabel-lang"]
    assert entity.focus == iri.ENTITY + "kremlin" and entity.label in ("Kremlin", "The Kremlin")
    assert entity.graphs == (iri.GRAPH_ENTITIES,)
    statement = by_shape[SHAPE + "Statement-certainty"]
    assert statement.graphs == (iri.doc_graph("fx"),) and statement.document == "graph:doc/fx"
    assert statement.path == iri.ONTOLOGY + "certainty" and statement.value == iri.ONTOLOGY + "Sure"
    assert "certainty" in statement.message
    assert report.counts == {"Violation": 2, "Warning": 0, "Info": 0}
    assert report.shape_counts == {SHAPE + "Entity-prefLabel-lang": 1, SHAPE + "Statement-certainty": 1}
    text = report.to_text()
    assert "does not conform" in text and "shape:Statement-certainty" in text and "id:kremlin" in text
    assert "graph:doc/fx" in report.to_table()


def test_report_written_as_json_and_turtle_deterministically(tmp_path):
    from rdflib import Graph, Literal

    ds = good_dataset()
    next(c for c in CASES if c.name == "statement-speaker").apply(ds)
    report = validate_dataset(ds)
    data = json.loads(report.write(tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["conforms"] is False and data["counts"]["Violation"] == 1
    assert data["results"][0]["shape"] == SHAPE + "Statement-speaker"
    first = report.write(tmp_path / "r.ttl").read_bytes()
    again = validate_dataset(good_dataset_with("statement-speaker")).write(tmp_path / "r2.ttl").read_bytes()
    assert first == again
    graph = Graph().parse(data=first.decode("utf-8"), format="turtle")
    assert (None, URI(SH + "conforms"), Literal(False)) in graph
    assert len(list(graph.subjects(URI(SH + "sourceShape"), URI(SHAPE + "Statement-speaker")))) == 1
    with pytest.raises(ValueError):
        report.write(tmp_path / "r.xml")


def good_dataset_with(name):
    ds = good_dataset()
    next(c for c in CASES if c.name == name).apply(ds)
    return ds


def test_validation_modules_import_no_heavy_library():
    code = ("import sys, nrkg.build.validate, nrkg.build.check, nrkg.cli.validate; "
            "print(sorted(m for m in ('rdflib', 'pyshacl', 'owlrl', 'pyoxigraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_literals_judged_after_owlrl_has_run():
    """owlrl leaves a wrong xsd:gMonthDay converter behind; validation must not mistake a valid date."""
    import owlrl
    from rdflib import Graph

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(Graph())
    ds = good_dataset()
    ds.update(f"""PREFIX nrkg: <{iri.ONTOLOGY}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {{ GRAPH <{iri.doc_graph('fx')}> {{
          <{iri.claim_ns('fx')}nrc-last-meeting> nrkg:dateCandidate "--01-20"^^xsd:gMonthDay }} }}""")
    assert validate_dataset(ds, fail_on="info").results == []


# ----------------------------------------------------------------------------- the shipped graph

def test_shipped_graph_conforms_quickly(built):
    """Well under 5 s. Measured as the process's CPU time, which other work on a shared machine
    does not inflate the way it inflates wall-clock time."""
    ds = load_dataset(built.nquads)
    validate_dataset(ds)  # warm: pyshacl import and shapes parse are paid once per process
    started = time.process_time()
    report = validate_dataset(ds)
    elapsed = time.process_time() - started
    assert report.triples > 1000
    assert report.conforms, report.to_text()
    assert elapsed < 5.0, f"validation took {elapsed:.2f} s of CPU time"


def test_shapes_reach_the_shipped_graph(built):
    """Guard against shapes that silently target nothing: remove every modality and count the results."""
    ds = load_dataset(built.nquads)
    ds.update(f"DELETE {{ GRAPH ?g {{ ?c <{iri.ONTOLOGY}modality> ?m }} }} "
              f"WHERE {{ GRAPH ?g {{ ?c <{iri.ONTOLOGY}modality> ?m }} }}")
    report = validate_dataset(ds)
    claims = {r.focus for r in report.results if r.shape == SHAPE + "Claim-modality"}
    assert len(claims) > 20 and all(c.startswith(iri.CLAIM) for c in claims)


# ----------------------------------------------------------------------------- Jena cross-check

def merged_for_jena(ds, path: Path) -> Path:
    """The union of the asserted graphs plus the ontology, as N-Triples (Jena validates one graph)."""
    from rdflib import Graph
    from rdflib import URIRef

    from nrkg.build.validate import asserted_union

    merged = Graph()
    for triple in asserted_union(ds):
        merged.add(triple)
    ontology = ds.graph(URIRef(iri.GRAPH_ONTOLOGY))
    for triple in (ontology if len(ontology) else load_ontology()):
        merged.add(triple)
    merged.serialize(path, format="nt", encoding="utf-8")
    return path


def jena_results(data: Path) -> tuple[bool, set]:
    from rdflib import BNode, Graph

    proc = support_jena.run("shacl.shacl", "validate", "--shapes", str(ROOT / "shapes" / "nrkg-shapes.ttl"),
                            "--data", str(data))
    assert "ValidationReport" in proc.stdout, proc.stdout + proc.stderr
    report = Graph().parse(data=proc.stdout, format="turtle")
    conforms = [str(o) for o in report.objects(None, URI(SH + "conforms"))]
    assert conforms in (["true"], ["false"]), proc.stdout[:2000]
    results = set()
    for node in report.subjects(URI(SH + "focusNode"), None):
        shape = report.value(node, URI(SH + "sourceShape"))
        if not isinstance(shape, BNode):
            results.add((report.value(node, URI(SH + "focusNode")), shape))
    return conforms == ["true"], results


def pyshacl_results(report) -> set:
    from rdflib import BNode

    graph = report.graph
    return {(graph.value(n, URI(SH + "focusNode")), graph.value(n, URI(SH + "sourceShape")))
            for n in graph.subjects(URI(SH + "focusNode"), None)
            if not isinstance(graph.value(n, URI(SH + "sourceShape")), BNode)}


def test_jena_agrees_on_the_shipped_graph(built, tmp_path):
    require(support_jena.available(), support_jena.why_missing())
    ds = load_dataset(built.nquads)
    report = validate_dataset(ds, fail_on="info")
    conforms, results = jena_results(merged_for_jena(ds, tmp_path / "merged.nt"))
    assert conforms is True and results == set()
    assert report.conforms and report.results == []


def test_jena_agrees_on_a_failing_fixture(tmp_path):
    require(support_jena.available(), support_jena.why_missing())
    ds = good_dataset()
    chosen = ["entity-prefLabel", "claim-modality", "statement-speaker", "dated-date", "inferred-date",
              "date-bounds", "target-hasSource", "quote-selector-exact", "position-selector-order",
              "relation-relation", "hedged-claim"]
    for case in CASES:
        if case.name in chosen:
            case.apply(ds)
    report = validate_dataset(ds, fail_on="info")
    ours = pyshacl_results(report)
    assert len({shape for _, shape in ours}) >= len(chosen)
    conforms, theirs = jena_results(merged_for_jena(ds, tmp_path / "merged.nt"))
    assert conforms is False and not report.conforms
    assert theirs == ours


def test_every_shape_is_documented_with_its_message():
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    shapes = load_shapes()
    for node in shapes.subjects(URI(SH + "severity"), None):
        name = "shape:" + str(node)[len(SHAPE):]
        assert f"`{name}`" in doc, f"{name} is not in docs/validation.md"
        assert str(shapes.value(node, URI(SH + "message"))) in doc, f"{name}: message not shown in the docs"
