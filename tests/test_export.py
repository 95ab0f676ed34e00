"""`nrkg export`: every release file, byte-identical across runs, VoID counts that match the data."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from store_servers import FIXTURE, local_counts

from nrkg import __version__
from nrkg.publish.export import export, graph_file

VOID = "http://rdfs.org/ns/void#"
ROOT = Path(__file__).resolve().parent.parent


def tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def fixture_release(tmp_path):
    export(SimpleNamespace(nquads=FIXTURE), tmp_path / "release")
    return tmp_path / "release"


def test_release_has_every_artifact(fixture_release):
    files = set(tree(fixture_release))
    assert files == {"nrkg.trig", "nrkg.nq", "nrkg.jsonld", "ontology.ttl", "inferred.ttl", "void.ttl", "SHA256SUMS",
                     "graphs/entities.ttl", "graphs/doc/a.ttl", "graphs/doc/b.ttl"}


def test_every_serialisation_holds_the_same_quads(fixture_release):
    import pyoxigraph as ox

    def quads(path, fmt):
        return {str(q) for q in ox.parse(path=str(path), format=fmt)}

    expected = quads(FIXTURE, ox.RdfFormat.N_QUADS)
    assert quads(fixture_release / "nrkg.nq", ox.RdfFormat.N_QUADS) == expected
    assert quads(fixture_release / "nrkg.trig", ox.RdfFormat.TRIG) == expected
    assert quads(fixture_release / "nrkg.jsonld", ox.RdfFormat.JSON_LD) == expected
    per_graph = set()
    for graph in local_counts(FIXTURE):
        for triple in ox.parse(path=str(fixture_release / graph_file(graph)), format=ox.RdfFormat.TURTLE):
            per_graph.add(str(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph))))
    assert per_graph == expected


def test_jsonld_reads_the_same_in_rdflib(fixture_release):
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(fixture_release / "nrkg.jsonld", format="json-ld")
    assert len(dataset) == sum(local_counts(FIXTURE).values())


def test_void_counts_match_the_data(fixture_release):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    void = Namespace(VOID)
    sd_name = URIRef("http://www.w3.org/ns/sparql-service-description#name")
    base = "https://example.org/release/"
    graph = Graph().parse(fixture_release / "void.ttl", format="turtle", publicID=base)
    dataset = URIRef("https://w3id.org/nrkg/dataset")
    counts = local_counts(FIXTURE)
    assert graph.value(dataset, void.triples).toPython() == sum(counts.values())
    assert graph.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, DCTERMS.hasVersion) == Literal(__version__)
    assert graph.value(dataset, DCTERMS.conformsTo) == URIRef("https://w3id.org/nrkg/ontology/0.1.0")
    dumps = {str(d)[len(base):] for d in graph.objects(dataset, void.dataDump)}
    assert dumps == {"nrkg.trig", "nrkg.nq", "nrkg.jsonld"}
    vocabularies = {str(v) for v in graph.objects(dataset, void.vocabulary)}
    assert {"https://w3id.org/nrkg/ontology", "http://www.w3.org/2004/02/skos/core", "http://www.w3.org/ns/oa"} \
        <= vocabularies
    subsets = list(graph.objects(dataset, void.subset))
    assert len(subsets) == len(counts)
    seen = {}
    for subset in subsets:
        name = str(graph.value(subset, sd_name))
        seen[name] = graph.value(subset, void.triples).toPython()
        dump = str(graph.value(subset, void.dataDump))[len(base):]
        assert (fixture_release / dump).is_file() and dump == graph_file(name)
    assert seen == counts


def test_void_count_mismatch_would_be_seen(tmp_path):
    """The count test above reads counts from void.ttl: a dataset with one triple more gives other numbers."""
    bigger = tmp_path / "bigger.nq"
    bigger.write_text(FIXTURE.read_text(encoding="utf-8") + '<https://w3id.org/nrkg/id/x> '
                      '<http://www.w3.org/2004/02/skos/core#prefLabel> "X" <https://w3id.org/nrkg/graph/entities> .\n',
                      encoding="utf-8")
    export(SimpleNamespace(nquads=bigger), tmp_path / "r")
    text = (tmp_path / "r" / "void.ttl").read_text(encoding="utf-8")
    assert f"void:triples {sum(local_counts(FIXTURE).values()) + 1} ;" in text
    assert f"void:triples {local_counts(FIXTURE)['https://w3id.org/nrkg/graph/entities'] + 1} ;" in text


def test_checksums_cover_every_file(fixture_release):
    files = tree(fixture_release)
    listed = {}
    for line in files.pop("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert listed == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def test_two_exports_in_two_processes_are_byte_identical(fixture_release, tmp_path):
    again = tmp_path / "again"
    code = ("import sys; from pathlib import Path; from types import SimpleNamespace; "
            "from nrkg.publish.export import export; export(SimpleNamespace(nquads=Path(sys.argv[1])), Path(sys.argv[2]))")
    subprocess.run([sys.executable, "-c", code, str(FIXTURE), str(again)], check=True, cwd=ROOT)
    first, second = tree(fixture_release), tree(again)
    assert first == second
    assert b"2026" not in b"".join(first.values())  # no dates or timestamps slipped in


def test_export_replaces_a_previous_release_whole(fixture_release):
    (fixture_release / "stale.txt").write_text("left over")
    export(SimpleNamespace(nquads=FIXTURE), fixture_release)
    assert not (fixture_release / "stale.txt").exists()
    assert not [p for p in fixture_release.parent.iterdir() if p.name.startswith(".release")]


def test_export_command_on_the_shipped_dataset(runner, cli_env, tmp_path):
    from store_servers import invoke

    out = tmp_path / "rel"
    result = invoke(runner, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = tree(out)
    counts = local_counts(cli_env.nquads)
    assert set(counts) <= {"https://w3id.org/nrkg/graph/" + name[len("graphs/"):-4] for name in files
                           if name.startswith("graphs/")} | {"https://w3id.org/nrkg/graph/ontology",
                                                              "https://w3id.org/nrkg/graph/inferred"}
    text = files["void.ttl"].decode()
    assert f"void:triples {sum(counts.values())} ;" in text
    again = invoke(runner, ["export", "--out", str(tmp_path / "rel2")])
    assert again.exit_code == 0 and tree(tmp_path / "rel2") == files
