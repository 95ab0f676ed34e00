"""Links to Wikidata and DBpedia: the mapping set's checks (with negative fixtures), the links graph,
coverage, link candidates on real ambiguity, and the federated queries against a local Oxigraph
server loaded with a fixture in Wikidata's shape."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from nrkg.model import iri
from nrkg.errors import NrkgError
from nrkg.build.links import (check_mapping_set, coverage, entity_iris, evidence_shows, link_candidates,
                        links_graph, load_label_dump, read_mapping_set)
from support import ROOT

MAPPINGS = ROOT / "mappings" / "nrkg.sssom.tsv"
UNMAPPED = ROOT / "mappings" / "unmapped.tsv"
ENTITIES = ROOT / "graph" / "entities.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "wikidata"
LABELS = FIXTURES / "labels-ambiguous.nt"
WD = "http://www.wikidata.org/entity/"
DBR = "http://dbpedia.org/resource/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

HEADER = """# curie_map:
#   dbr: http://dbpedia.org/resource/
#   id: https://w3id.org/nrkg/id/
#   nrkgagent: https://w3id.org/nrkg/agent/
#   owl: http://www.w3.org/2002/07/owl#
#   semapv: https://w3id.org/semapv/vocab/
#   skos: http://www.w3.org/2004/02/skos/core#
#   wd: http://www.wikidata.org/entity/
# mapping_set_id: https://example.org/test.sssom.tsv
# license: https://creativecommons.org/publicdomain/zero/1.0/
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\tauthor_id\tsee_also\tcomment
"""
EVIDENCE = """# source: https://example.org/countries.json
L1: {"wikidata":"Q230","nameEn":"Georgia"}
L2: {"wikidata":"Q159","nameEn":"Russia"}
L3: | [Q30](https://www.wikidata.org/wiki/Q30) | United States | [United States](https://en.wikipedia.org/wiki/United_States) |
"""
ENTITY_IRIS = {iri.ENTITY + slug for slug in ("georgia", "russia", "united-states")}


def row(subject, label, predicate, obj, obj_label, evidence="evidence/ok.txt", confidence="0.9"):
    return "\t".join([subject, label, predicate, obj, obj_label, "semapv:ManualMappingCuration", confidence,
                      "nrkgagent:curators", evidence, ""]) + "\n"


GOOD_ROWS = [
    row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia"),
    row("id:russia", "Russia", "skos:exactMatch", "wd:Q159", "Russia"),
    row("id:united-states", "United States", "skos:exactMatch", "wd:Q30", "United States"),
    row("id:united-states", "United States", "skos:exactMatch", "dbr:United_States", "United States"),
]


def mapping_set(tmp_path: Path, rows: list[str], evidence: str = EVIDENCE, header: str = HEADER):
    (tmp_path / "evidence").mkdir(exist_ok=True)
    (tmp_path / "evidence" / "ok.txt").write_text(evidence, encoding="utf-8")
    path = tmp_path / "test.sssom.tsv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return read_mapping_set(path)


def problems_of(tmp_path, rows, **kwargs):
    return check_mapping_set(mapping_set(tmp_path, rows, **kwargs), ENTITY_IRIS)


# ----------------------------------------------------------------------------- the shipped mapping set

@pytest.fixture(scope="module")
def shipped():
    return read_mapping_set(MAPPINGS)


def test_shipped_mapping_set_passes_every_check(shipped):
    assert len(shipped.mappings) >= 20
    assert check_mapping_set(shipped, set(entity_iris(ENTITIES))) == []


def test_shipped_mappings_have_valid_identifier_forms(shipped):
    for m in shipped.mappings:
        assert m.predicate_id in {"skos:exactMatch", "skos:closeMatch", "owl:sameAs"}, m
        if m.object_id.startswith("wd:"):
            assert re.fullmatch(r"Q[1-9]\d*", m.object_local), m
        else:
            assert m.object_id.startswith("dbr:") and re.fullmatch(r"[A-Z0-9][^\s/#?<>\"]*", m.object_local), m


def test_every_shipped_mapping_has_an_excerpt_showing_identifier_and_label(shipped):
    checked = 0
    for m in shipped.mappings:
        evidence = MAPPINGS.parent / m.see_also
        assert m.see_also.startswith("evidence/") and evidence.is_file(), m
        text = evidence.read_text(encoding="utf-8")
        assert text.startswith("# source: "), m.see_also
        has_id, has_label = evidence_shows(text, m.object_local, [m.object_label, m.subject_label])
        assert has_id and has_label, (m.subject_id, m.object_id, m.see_also)
        checked += 1
    assert checked == len(shipped.mappings) > 0


def test_every_shipped_subject_exists_in_the_entities_graph(shipped):
    entities = set(entity_iris(ENTITIES))
    missing = [m.subject_id for m in shipped.mappings if m.subject_iri not in entities]
    assert shipped.mappings and missing == []


def test_shipped_mappings_are_unique_per_target(shipped):
    by_subject, by_object = {}, {}
    for m in shipped.mappings:
        if m.predicate_id == "skos:exactMatch":
            by_subject.setdefault((m.subject_id, m.target), set()).add(m.object_id)
            by_object.setdefault(m.object_id, set()).add(m.subject_id)
    assert by_subject and all(len(v) == 1 for v in by_subject.values())
    assert all(len(v) == 1 for v in by_object.values())


def test_unmapped_rows_give_a_reason_for_real_unmapped_entities(shipped):
    lines = [l for l in UNMAPPED.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    assert lines[0].split("\t")[:4] == ["subject_id", "subject_label", "class", "reason"]
    entities = set(entity_iris(ENTITIES))
    mapped = {m.subject_id for m in shipped.mappings}
    rows = [l.split("\t") for l in lines[1:]]
    assert rows
    for cells in rows:
        assert iri.ENTITY + cells[0][3:] in entities, cells[0]
        assert cells[0] not in mapped, cells[0]
        assert len(cells[3].strip()) > 10, cells[0]


def test_coverage_accounts_for_every_entity():
    report = coverage(MAPPINGS, ENTITIES, UNMAPPED)
    assert report["entities"] == report["mapped"] + report["unmapped"] > 0
    assert sum(c["entities"] for c in report["by_class"].values()) == report["entities"]
    assert report["by_class"]["nrkg:State"]["mapped"] == report["by_class"]["nrkg:State"]["entities"]
    assert report["unreviewed"] == [], "entities neither mapped nor listed in mappings/unmapped.tsv"
    assert report["stale_unmapped_rows"] == []


# ----------------------------------------------------------------------------- negative fixtures

def test_good_fixture_passes(tmp_path):
    assert problems_of(tmp_path, GOOD_ROWS) == []


@pytest.mark.parametrize("bad, expected", [
    (row("id:georgia", "Georgia", "skos:exactMatch", "wd:230", "Georgia"), "not a Wikidata item"),
    (row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q0230", "Georgia"), "not a Wikidata item"),
    (row("id:georgia", "Georgia", "skos:exactMatch", "dbr:Georgia country", "Georgia"), "not a DBpedia resource"),
    (row("id:georgia", "Georgia", "skos:exactMatch", "http://example.org/x", "Georgia"), "not a CURIE"),
    (row("id:georgia", "Georgia", "skos:related", "wd:Q230", "Georgia"), "predicate_id"),
    (row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia", confidence="1.5"), "confidence"),
])
def test_malformed_rows_are_reported(tmp_path, bad, expected):
    problems = problems_of(tmp_path, [bad])
    assert any(expected in p for p in problems), problems


def test_missing_verification_source_is_reported(tmp_path):
    problems = problems_of(tmp_path, [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia",
                                          evidence="evidence/absent.txt")])
    assert any("does not exist" in p for p in problems), problems
    problems = problems_of(tmp_path, [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia",
                                          evidence="")])
    assert any("no verification source" in p for p in problems), problems
    problems = problems_of(tmp_path, [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia",
                                          evidence="../test.sssom.tsv")])
    assert any("under evidence/" in p for p in problems), problems


def test_excerpt_without_the_identifier_or_label_is_reported(tmp_path):
    # Q1428 is not in the excerpt; Q2300 must not pass for Q230 either.
    problems = problems_of(tmp_path, [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q1428", "Georgia")])
    assert any("does not show the identifier Q1428" in p for p in problems), problems
    no_label = EVIDENCE.replace('"nameEn":"Georgia"', '"nameEn":"Sakartvelo"').replace("Russia", "X")
    problems = problems_of(tmp_path, [row("id:russia", "Russia", "skos:exactMatch", "wd:Q159", "Russia")],
                           evidence=no_label)
    assert any("shows no label" in p for p in problems), problems
    assert evidence_shows("Q2300 Georgia", "Q230", ["Georgia"]) == (False, True)
    assert evidence_shows("wiki/United_States_Navy", "United_States", ["x"])[0] is False


def test_excerpt_without_source_line_is_reported(tmp_path):
    problems = problems_of(tmp_path, GOOD_ROWS[:1], evidence=EVIDENCE.replace("# source: ", "# from "))
    assert any("'# source:" in p for p in problems), problems


def test_subject_with_two_exact_matches_in_one_dataset_is_reported(tmp_path):
    rows = GOOD_ROWS + [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q159", "Russia")]
    problems = problems_of(tmp_path, rows)
    assert any("id:georgia has 2 different exact matches in wikidata" in p for p in problems), problems


def test_object_with_two_subjects_is_reported(tmp_path):
    rows = GOOD_ROWS + [row("id:russia", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia")]
    problems = problems_of(tmp_path, rows)
    assert any("wd:Q230 is the exact match of 2 entities" in p for p in problems), problems


def test_exact_and_close_match_to_one_object_is_reported(tmp_path):
    rows = GOOD_ROWS + [row("id:georgia", "Georgia", "skos:closeMatch", "wd:Q230", "Georgia")]
    problems = problems_of(tmp_path, rows)
    assert any("both an exact and a close match" in p for p in problems), problems


def test_unknown_subject_is_reported(tmp_path):
    problems = problems_of(tmp_path, [row("id:atlantis", "Georgia", "skos:exactMatch", "wd:Q230", "Georgia")])
    assert any("id:atlantis is not an entity" in p for p in problems), problems


def test_missing_metadata_is_reported(tmp_path):
    header = HEADER.replace("# license: https://creativecommons.org/publicdomain/zero/1.0/\n", "")
    problems = problems_of(tmp_path, GOOD_ROWS, header=header)
    assert any("license is missing" in p for p in problems), problems


def test_links_graph_refuses_an_invalid_mapping_set(tmp_path):
    mapping_set(tmp_path, [row("id:georgia", "Georgia", "skos:exactMatch", "wd:Q1428", "Georgia")])
    with pytest.raises(NrkgError) as caught:
        links_graph(tmp_path / "test.sssom.tsv")
    assert caught.value.error_id == "mapping-invalid" and "Q1428" in caught.value.message


# ----------------------------------------------------------------------------- the links graph

def test_links_graph_holds_one_link_triple_per_mapping(shipped):
    graph = links_graph(MAPPINGS)
    assert len(graph) == len(shipped.mappings) > 0
    predicates = {SKOS + "exactMatch", SKOS + "closeMatch", "http://www.w3.org/2002/07/owl#sameAs"}
    for s, p, o in graph:
        assert str(s).startswith(iri.ENTITY) and str(p) in predicates
        assert str(o).startswith(WD) or str(o).startswith(DBR)
    assert graph.serialize(format="nt") and sorted(graph.serialize(format="nt").splitlines()) == \
        sorted(links_graph(MAPPINGS).serialize(format="nt").splitlines())


def test_links_stay_in_the_links_graph(built):
    in_links, elsewhere = 0, []
    external = 0
    for line in built.nquads.read_text(encoding="utf-8").splitlines():
        if WD in line or DBR in line:
            external += 1
            if line.rstrip(" .").endswith(f"<{iri.GRAPH_LINKS}>"):
                in_links += 1
            else:
                elsewhere.append(line)
        elif f"<{iri.GRAPH_LINKS}>" in line:
            elsewhere.append(line)
    assert in_links == len(read_mapping_set(MAPPINGS).mappings) > 0
    assert external == in_links and elsewhere == [], elsewhere[:5]


# ----------------------------------------------------------------------------- link candidates

def test_candidates_rank_the_country_above_the_us_state():
    [georgia] = link_candidates(LABELS, ENTITIES, only=["id:georgia"])
    ranked = [c["id"] for c in georgia["candidates"]]
    assert ranked == ["wd:Q230", "wd:Q1428"]
    first, second = georgia["candidates"]
    assert first["score"] > second["score"]
    assert any("fits nrkg:State" in r for r in first["reasons"])
    assert any("does not fit nrkg:State" in r for r in second["reasons"])


def test_candidates_rank_the_city_above_the_region():
    [brussels] = link_candidates(LABELS, ENTITIES, only=["Brussels"])
    assert [c["id"] for c in brussels["candidates"]] == ["wd:Q239", "wd:Q240"]
    city, region = brussels["candidates"]
    assert any("its label 'Brussels'@en" in r for r in city["reasons"])
    assert any("its alias 'Brussels'@en" in r for r in region["reasons"])
    assert city["score"] > region["score"]


def test_candidates_skip_entities_that_are_already_mapped():
    results = link_candidates(LABELS, ENTITIES, MAPPINGS)
    entities = {r["entity"] for r in results}
    assert results and "id:georgia" not in entities and "id:brussels" not in entities


def test_candidates_command_prints_ranked_reasons(runner):
    from nrkg.cli import cli

    result = runner.invoke(cli, ["link-candidates", "--labels", str(LABELS), "-e", "Georgia", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["id"] for c in data[0]["candidates"]] == ["wd:Q230", "wd:Q1428"]
    result = runner.invoke(cli, ["link-candidates", "--labels", str(LABELS), "-e", "Atlantis"])
    assert result.exit_code == 2 and "link-unknown-entity" in result.output


def test_malformed_label_dump_is_refused(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://www.wikidata.org/entity/Q230> <http://www.w3.org/2000/01/rdf-schema#label> Georgia .\n')
    with pytest.raises(NrkgError) as caught:
        load_label_dump(bad)
    assert caught.value.error_id == "label-dump-invalid"
    assert load_label_dump(LABELS).lookup("georgia")


def test_links_command_reports_coverage_by_class(runner):
    from nrkg.cli import cli

    result = runner.invoke(cli, ["links", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mapped"] > 0 and data["by_class"]["nrkg:State"]["mapped"] > 0
    result = runner.invoke(cli, ["links", "--list", "unmapped"])
    assert result.exit_code == 0 and "unnamed source" in result.output


# ----------------------------------------------------------------------------- federated queries

@pytest.fixture(scope="module")
def wikidata_endpoint(tmp_path_factory):
    from store_servers import OxigraphServer, require_binary

    binary = require_binary("oxigraph", "the federated query tests serve a Wikidata-shaped fixture")
    location = tmp_path_factory.mktemp("wikidata-fixture")
    loaded = subprocess.run([binary, "load", "--location", str(location), "--file", str(FIXTURES / "wikidata.ttl")],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    with OxigraphServer(binary, location) as server:
        yield server.url + "/query"


@pytest.fixture(scope="module")
def local_store():
    """The entities and links graphs in a pyoxigraph store, as the build would lay them out."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(ENTITIES), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(iri.GRAPH_ENTITIES))
    links = ox.NamedNode(iri.GRAPH_LINKS)
    for s, p, o in links_graph(MAPPINGS):
        store.add(ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), links))
    return store


def run_federated(store, name: str, endpoint: str) -> list[dict]:
    from nrkg.query.engines import apply_endpoints
    from nrkg.model.catalog import federated_queries

    query = apply_endpoints(federated_queries()[name], {"wikidata": endpoint})
    assert f"<{endpoint}>" in query.text and "urn:nrkg:endpoint:" not in query.text
    solutions = store.query(query.text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]


def test_federated_labels_query_returns_the_fixture_labels(local_store, wikidata_endpoint):
    rows = run_federated(local_store, "wikidata-labels", wikidata_endpoint)
    got = {(r["entity"].rsplit("/", 1)[-1], r["wikidata_label"]) for r in rows}
    assert ("istanbul", "Istanbul") in got and ("nato", "NATO") in got and ("georgia", "Georgia") in got
    assert ("united-states", "United States of America") in got and ("brussels", "Brussels") in got
    assert len(rows) == len(got) == 11  # the linked items the fixture holds (not DBpedia, not Q7835 etc.)


def test_federated_place_countries_join_back_to_our_entities(local_store, wikidata_endpoint):
    rows = run_federated(local_store, "wikidata-place-countries", wikidata_endpoint)
    got = {(r["place"].rsplit("/", 1)[-1], r["country_label"], r["country_entity"]) for r in rows}
    assert got == {
        ("brussels", "Belgium", None),
        ("istanbul", "Turkey", iri.ENTITY + "turkey"),
        ("paris", "France", None),
        ("rome", "Italy", None),
        ("the-hague", "Netherlands", None),
    }


def test_federated_inception_query(local_store, wikidata_endpoint):
    rows = run_federated(local_store, "wikidata-inception", wikidata_endpoint)
    assert [(r["entity"], r["inception"][:10]) for r in rows] == [(iri.ENTITY + "nato", "1949-04-04")]


def test_federated_query_through_the_cli(runner, cli_env, wikidata_endpoint):
    from nrkg.cli import cli

    result = runner.invoke(cli, ["-q", "query", "wikidata-place-countries", "--endpoint",
                                 f"wikidata={wikidata_endpoint}", "-f", "json"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Turkey" in text and iri.ENTITY + "turkey" in text and "Netherlands" in text


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/query", "http://127.0.0.1/q> } SERVICE <http://evil",
                                 "127.0.0.1:7878/query", "http://host/has space"])
def test_endpoint_must_be_an_absolute_http_iri(url):
    from nrkg.query.engines import apply_endpoints
    from nrkg.model.catalog import federated_queries

    with pytest.raises(NrkgError) as caught:
        apply_endpoints(federated_queries()["wikidata-labels"], {"wikidata": url})
    assert caught.value.error_id == "bad-endpoint"


def test_federated_queries_need_their_endpoint():
    from nrkg.query.engines import apply_endpoints
    from nrkg.model.catalog import federated_queries

    queries = federated_queries()
    assert {"wikidata-labels", "wikidata-place-countries", "wikidata-inception"} <= set(queries)
    with pytest.raises(NrkgError) as caught:
        apply_endpoints(queries["wikidata-labels"], {})
    assert caught.value.error_id == "missing-endpoint"


def test_link_error_ids_are_documented():
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for error_id in ("mapping-invalid", "label-dump-invalid", "link-unknown-entity"):
        assert f"### {error_id}\n" in text, error_id


def test_label_index_keeps_only_records_with_wanted_names():
    index = load_label_dump(LABELS, {"GEORGIA"})
    assert sorted(index.records) == [WD + "Q1428", WD + "Q230"]
    assert index.records[WD + "Q1428"].descriptions == [("state of the United States of America", "en")]
    assert index.records[WD + "Q1428"].aliases == [("GA", "en")]
    assert index.lookup("Brussels") == []
    assert len(load_label_dump(LABELS).records) == 4
