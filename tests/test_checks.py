"""Graph-level checks: every check fires on its own negative fixture, passes on the shipped graph,
keeps one result contract, and `nrkg check` / `nrkg validate` exit as documented."""

from __future__ import annotations

import json
import shutil

import pytest

from nrkg.model import iri
from nrkg.build.check import check_names, load_check_queries, open_store, parse_header, run_checks
from nrkg.cli import cli

from shacl_cases import FIXTURES, good_dataset, read_cases
from support import copy_data

DOCUMENTS = FIXTURES / "checks" / "documents"
CASES = read_cases(FIXTURES / "checks" / "negative-cases.ru")
NEGATIVE = [c for c in CASES if c.expect]
POSITIVE = [c for c in CASES if not c.expect]
ALL_CHECKS = ["background-source", "blank-node", "duplicate-triple", "entities-graph-content", "entity-in-document",
              "evidence-graph",
              "evidence-offsets", "mention", "undefined-entity"]


def rows_of(results) -> set[tuple[str, str, str]]:
    return {(r.name, row["graph"], row["node"]) for r in results for row in r.rows}


def test_the_checks_there_are():
    assert check_names() == ALL_CHECKS


def test_good_fixture_passes_every_check():
    results = run_checks(good_dataset(), documents_dir=DOCUMENTS)
    assert [r.name for r in results] == ALL_CHECKS
    assert all(r.rows == [] and r.passed and not r.failed for r in results)


@pytest.mark.parametrize("case", NEGATIVE, ids=str)
def test_negative_fixture_gives_exactly_its_rows(case):
    ds = good_dataset()
    case.apply(ds)
    results = run_checks(ds, documents_dir=DOCUMENTS)
    assert rows_of(results) == set(case.expect)
    for result in results:
        for row in result.rows:
            assert set(row) == {"graph", "node", "problem"} and row["problem"], row


@pytest.mark.parametrize("case", POSITIVE, ids=str)
def test_allowed_variant_passes(case):
    """Variants the rules allow (context evidence, case-insensitive labels, citations) give no row."""
    ds = good_dataset()
    case.apply(ds)
    assert rows_of(run_checks(ds, documents_dir=DOCUMENTS)) == set()


def test_every_check_has_a_negative_fixture():
    fired = {name for case in NEGATIVE for name, _, _ in case.expect}
    assert fired == set(ALL_CHECKS)


def test_every_check_is_documented():
    from support import ROOT

    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    for name in ALL_CHECKS:
        assert f"### {name}\n" in doc, f"check {name} is not in docs/validation.md"


def test_headers_follow_the_contract():
    queries = load_check_queries()
    assert len(queries) == len(ALL_CHECKS) - 1
    for query in queries:
        header = parse_header(query.text)
        assert header["title"] and len(header["description"]) > 40, query.name
        assert header["severity"] in ("error", "warning")
        assert header["columns"] == "graph node problem"
        assert "GRAPH" in query.text, f"{query.name}: graph checks name their graphs"
        assert query.path.name.endswith("-violation.rq")


def test_checks_do_not_see_a_default_graph_union():
    """The queries use GRAPH explicitly: triples put in the default graph are not read as a document."""
    import pyoxigraph as ox

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode(iri.ENTITY + "nato"), ox.NamedNode(iri.ONTOLOGY + "memberOf"),
                      ox.NamedNode(iri.ENTITY + "nato"), ox.DefaultGraph()))
    assert rows_of(run_checks(store, documents_dir=DOCUMENTS)) == set()


def test_inputs_a_store_a_dataset_and_files_alike(tmp_path):
    ds = good_dataset()
    next(c for c in NEGATIVE if c.name == "entity-in-document").apply(ds)
    nq = tmp_path / "x.nq"
    ds.serialize(nq, format="nquads")
    trig = tmp_path / "x.trig"
    ds.serialize(trig, format="trig")
    expected = rows_of(run_checks(ds, documents_dir=DOCUMENTS))
    assert expected
    for source in (nq, trig, str(nq), open_store(nq)):
        assert rows_of(run_checks(source, documents_dir=DOCUMENTS)) == expected
    with pytest.raises(ValueError):
        open_store(tmp_path / "x.ttl")


def test_only_selects_checks():
    results = run_checks(good_dataset(), documents_dir=DOCUMENTS, only=["mention", "evidence-offsets"])
    assert [r.name for r in results] == ["evidence-offsets", "mention"]


def test_shipped_graph_passes_every_check(built):
    results = run_checks(built.nquads)
    assert [r.name for r in results] == ALL_CHECKS
    failing = {r.name: r.rows[:3] for r in results if r.rows}
    assert failing == {}


# ----------------------------------------------------------------------------- CLI

def test_cli_check_on_the_shipped_graph(runner, cli_env):
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    for name in ALL_CHECKS:
        assert f"{name}: ok" in result.output
    result = runner.invoke(cli, ["check", "--only", "mention", "-f", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [c["name"] for c in data] == ["mention"] and data[0]["rows"] == []


def test_cli_check_unknown_name(runner, cli_env):
    result = runner.invoke(cli, ["check", "--only", "no-such-check"])
    assert result.exit_code == 2
    assert "unknown-check" in result.output + result.stderr


def test_cli_validate_on_the_shipped_graph(runner, cli_env, tmp_path):
    result = runner.invoke(cli, ["validate", "-o", str(tmp_path / "report.json")])
    assert result.exit_code == 0, result.output
    assert "SHACL validation: conforms" in result.output
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["conforms"] is True and data["triples"] > 1000
    result = runner.invoke(cli, ["validate", "-o", str(tmp_path / "report.ttl"), "--fail-on", "info"])
    assert result.exit_code == 0
    assert "sh:conforms true" in (tmp_path / "report.ttl").read_text(encoding="utf-8")


def test_cli_validate_bad_report_name(runner, cli_env, tmp_path):
    result = runner.invoke(cli, ["validate", "-o", str(tmp_path / "report.xml")])
    assert result.exit_code == 2
    assert "report-format" in result.output + result.stderr


@pytest.fixture(scope="module")
def broken_data(tmp_path_factory):
    """A copy of the curated inputs with a mistyped date and a property on an entity in a document."""
    root = copy_data(tmp_path_factory.mktemp("data"))
    import re

    pattern = re.compile(r'(nrkg:date\s+)"([^"]+)"\^\^xsd:(gYear|gYearMonth|date|gMonthDay)\b')
    target = next(p for p in sorted((root / "graph" / "documents").glob("*.ttl"))
                  if pattern.search(p.read_text(encoding="utf-8")))
    text = target.read_text(encoding="utf-8")
    text = pattern.sub(lambda m: f'{m.group(1)}"{m.group(2)}"^^xsd:string', text, count=1)
    text += ("\n<https://w3id.org/nrkg/id/nato> <https://w3id.org/nrkg/ontology#memberOf> "
             "<https://w3id.org/nrkg/id/nato> .\n")
    target.write_text(text, encoding="utf-8")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_cli_validate_and_check_report_a_broken_graph(runner, broken_data, tmp_path, monkeypatch):
    monkeypatch.setenv("NRKG_DATA", str(broken_data))
    monkeypatch.setenv("NRKG_OUT", str(tmp_path / "out"))
    result = runner.invoke(cli, ["validate", "-o", str(tmp_path / "report.json")])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output and "shape:Dated-date" in result.output
    assert "validation-failed" in result.output + result.stderr
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert "https://w3id.org/nrkg/shapes#Dated-date" in {r["shape"] for r in data["results"]}
    # the build refused the graph but still wrote its SHACL report
    written = (tmp_path / "out" / "validation-report.ttl").read_text(encoding="utf-8")
    assert "sh:conforms false" in written and "Dated-date" in written
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    assert "entity-in-document: 1 row(s)" in result.output and "id:nato" in result.output
    assert "check-failed" in result.output + result.stderr
