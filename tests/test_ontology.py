"""The ontology: it parses (rdflib and Jena riot), stays in OWL 2 RL (with negative fixtures), documents
every term, covers every term of the data model, and its generated files are up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import support_jena
from nrkg.model import iri
from nrkg.devtools import ontology_docs as onto_mod
from nrkg.devtools.ontology_docs import generate_docs, generate_vocab
from nrkg.model.ontology import load_ontology, terms, undocumented
from nrkg.model.profile import check_profile
from support import ROOT, require

NRKG = rdflib.Namespace(iri.ONTOLOGY)
ONTOLOGY_FILE = ROOT / "ontology" / "nrkg.ttl"
FIXTURES = Path(__file__).parent / "fixtures" / "ontology"


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return load_ontology()


# --- parsing and header ----------------------------------------------------------------------------


def test_parses_in_rdflib(graph):
    assert len(graph) > 500
    assert (NRKG.Claim, RDF.type, OWL.Class) in graph


def test_header(graph):
    onto = URIRef(iri.ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert graph.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/nrkg/ontology/0.1.0")
    assert str(graph.value(onto, OWL.versionInfo)) == "0.1.0"
    assert graph.value(onto, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(graph.value(onto, DCTERMS.creator)) == "nrkg contributors"
    assert len(str(graph.value(onto, DCTERMS.description))) > 100
    assert not list(graph.objects(None, OWL.imports))


def test_parses_in_jena_riot(graph):
    require(support_jena.available(), support_jena.why_missing())
    result = support_jena.riot_validate(ONTOLOGY_FILE)
    assert result.valid, result.output
    assert result.triples == len(rdflib.Graph().parse(ONTOLOGY_FILE))


def test_jena_riot_rejects_broken_turtle(tmp_path):
    require(support_jena.available(), support_jena.why_missing())
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://example.org/> .\n:a :b :c\n:d :e .\n", encoding="utf-8")
    result = support_jena.riot_validate(bad)
    assert not result.valid
    assert any("ERROR" in line for line in result.problems), result.output


# --- OWL 2 RL profile ------------------------------------------------------------------------------


def test_ontology_is_in_owl2_rl(graph):
    violations = check_profile(graph)
    assert violations == [], "\n".join(map(str, violations))


def test_good_fixture_is_accepted():
    assert check_profile(FIXTURES / "rl-good.ttl") == []


NEGATIVE = {
    "not-rl-existential-superclass.ttl": ("owl2-rl", "superclass position"),
    "not-rl-union-superclass.ttl": ("owl2-rl", "superclass position"),
    "not-rl-min-cardinality.ttl": ("owl2-rl", "superclass position"),
    "not-rl-complement-subclass.ttl": ("owl2-rl", "subclass position"),
    "not-rl-range-gyear.ttl": ("owl2-rl", "data range"),
    "not-rl-reflexive.ttl": ("owl2-rl", "Reflexive"),
    "policy-functional.ttl": ("no-functional-property", "FunctionalProperty"),
    "policy-imports.ttl": ("no-imports", "owl:imports"),
}


def test_every_negative_fixture_is_listed():
    present = {p.name for p in FIXTURES.glob("*.ttl")} - {"rl-good.ttl"}
    assert present == set(NEGATIVE)


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative_fixture_is_rejected(name):
    rule, words = NEGATIVE[name]
    violations = check_profile(FIXTURES / name)
    assert violations, f"{name} should be rejected"
    assert any(v.rule == rule and words in str(v) for v in violations), violations


def test_date_properties_have_no_owl_range(graph):
    # their values are xsd:gYear, gYearMonth, gMonthDay, date: outside OWL 2 RL's datatype map
    for name in ("date", "dateCandidate", "earliestDate", "latestDate", "publicationDate"):
        assert (NRKG[name], RDF.type, OWL.DatatypeProperty) in graph, name
        assert list(graph.objects(NRKG[name], RDFS.range)) == [], name


# --- documentation ---------------------------------------------------------------------------------


def test_every_term_has_label_and_definition(graph):
    problems = undocumented(graph)
    assert problems == [], "\n".join(problems)
    assert len(terms(graph)) > 100


def test_undocumented_terms_are_reported():
    graph = rdflib.Graph()
    graph.add((NRKG.Thing1, RDF.type, OWL.Class))
    graph.add((NRKG.Thing2, RDF.type, OWL.Class))
    graph.add((NRKG.Thing2, RDFS.label, rdflib.Literal("thing two", lang="en")))
    graph.add((NRKG.Thing2, RDFS.subClassOf, NRKG.Undeclared))
    problems = undocumented(graph)
    assert "nrkg:Thing1 (class) has no rdfs:label" in problems
    assert "nrkg:Thing1 (class) has no skos:definition" in problems
    assert "nrkg:Thing2 (class) has no skos:definition" in problems
    assert "nrkg:Undeclared is used in the ontology but not declared" in problems
    assert not [p for p in problems if "Thing2 (class) has no rdfs:label" in p]


def _model_terms() -> set[str]:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    return set(re.findall(r"nrkg:([A-Za-z][A-Za-z0-9]*)", text))


def test_every_data_model_term_is_in_the_ontology(graph):
    names = _model_terms()
    assert {"Claim", "Statement", "hasEvidence", "dateCandidate"} <= names
    declared = {t.name for t in terms(graph)}
    assert sorted(names - declared) == []


def test_every_term_the_sources_use_is_in_the_ontology(graph):
    """nrkg: terms used by the curated graph, the shapes and the queries exist in the ontology."""
    declared = {t.name for t in terms(graph)}
    used: dict[str, set[str]] = {}
    for folder in ("graph", "shapes", "queries"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".ttl", ".rq", ".trig"):
                continue
            text = re.sub(r"#[^\n]*", "", path.read_text(encoding="utf-8"))  # not comments
            for name in re.findall(r"(?<![\w:])nrkg:([A-Za-z][A-Za-z0-9_]*)", text):  # not urn:nrkg:…
                used.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    missing = {name: sorted(files) for name, files in used.items() if name not in declared}
    assert missing == {}


def test_attribution_values(graph):
    expected = {
        "Certainty": {"Certain", "Probable", "Possible"},
        "Polarity": {"Positive", "Negative"},
        "Temporality": {"FutureOriented", "NonFuture"},
        "Modality": {"Asserted", "Hedged", "Hypothetical", "Denied"},
    }
    for cls, members in expected.items():
        found = {str(s)[len(iri.ONTOLOGY):] for s in graph.subjects(RDF.type, NRKG[cls])}
        assert found == members, cls
    assert (NRKG.ConfusableHostname, RDF.type, NRKG.FindingType) in graph


def test_alignments_reuse_other_vocabularies(graph):
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (NRKG.Agent, RDFS.subClassOf, prov.Agent) in graph
    assert (NRKG.Claim, RDFS.subClassOf, prov.Entity) in graph
    assert (NRKG.hasEvidence, RDFS.range, URIRef("http://www.w3.org/ns/oa#Annotation")) in graph
    assert (NRKG.speaker, RDFS.subPropertyOf, prov.wasAttributedTo) in graph
    assert (NRKG.memberOf, OWL.inverseOf, NRKG.hasMember) in graph


def test_no_agreement_individuals_in_the_ontology(graph):
    # the Founding Act and the Rome declaration are data (graph/), never TBox
    for cls in (NRKG.Agreement, NRKG.Declaration):
        assert list(graph.subjects(RDF.type, cls)) == []


def test_every_relation_value_is_a_domain_relation(graph):
    """Relation claims name sub-properties of nrkg:relatedTo; the documented examples are among them."""
    relations = set(graph.transitive_subjects(RDFS.subPropertyOf, NRKG.relatedTo))
    for name in ("suspendedCooperationWith", "establishedAt", "ledTo", "memberOf", "proposed",
                 "annexed", "invaded", "withdrewFrom"):
        assert NRKG[name] in relations, name


# --- generated files -------------------------------------------------------------------------------


def test_vocab_module_is_up_to_date(graph):
    current = onto_mod.VOCAB_PATH.read_text(encoding="utf-8")
    assert current == generate_vocab(graph), "run: python -m nrkg.devtools.ontology_docs generate"


def test_docs_page_is_up_to_date(graph):
    current = onto_mod.DOCS_PATH.read_text(encoding="utf-8")
    assert current == generate_docs(graph), "run: python -m nrkg.devtools.ontology_docs generate"


def test_vocab_has_every_term_and_nothing_else(graph):
    from nrkg.model.vocab import NRKG as V

    for term in terms(graph):
        assert str(getattr(V, term.name)) == term.iri
    with pytest.raises(AttributeError):
        V.NoSuchTerm  # noqa: B018


def test_docs_page_lists_every_term(graph):
    text = generate_docs(graph)
    for term in terms(graph):
        assert f"### {term.name}\n" in text, term.name
        assert term.definition in text


def test_generate_check_detects_stale_files(tmp_path, monkeypatch):
    vocab, docs = tmp_path / "vocab.py", tmp_path / "ontology.md"
    vocab.write_text("stale\n", encoding="utf-8")
    docs.write_text("stale\n", encoding="utf-8")
    monkeypatch.setattr(onto_mod, "VOCAB_PATH", vocab)
    monkeypatch.setattr(onto_mod, "DOCS_PATH", docs)
    monkeypatch.setattr(onto_mod, "REPO_ROOT", tmp_path)
    assert onto_mod.main(["generate", "--check"]) == 1
    assert vocab.read_text(encoding="utf-8") == "stale\n"  # --check writes nothing
    assert onto_mod.main(["generate"]) == 0
    assert onto_mod.main(["generate", "--check"]) == 0
    assert "class NRKG(DefinedNamespace)" in vocab.read_text(encoding="utf-8")


# --- the command -----------------------------------------------------------------------------------


def test_ontology_check_command_passes(runner):
    from nrkg.cli import cli

    result = runner.invoke(cli, ["ontology", "check"])
    assert result.exit_code == 0, result.output
    assert "OWL 2 RL" in result.output


def test_ontology_check_command_fails_outside_rl(runner, tmp_path, monkeypatch):
    from nrkg.cli import cli

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "nrkg.ttl").write_bytes((FIXTURES / "not-rl-union-superclass.ttl").read_bytes())
    monkeypatch.setenv("NRKG_DATA", str(tmp_path))
    result = runner.invoke(cli, ["ontology", "check"])
    assert result.exit_code == 1, result.output
    assert "superclass position" in result.output
    assert "ontology-check" in result.output
