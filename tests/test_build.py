"""The build as a whole: determinism, staleness, atomic output, and input errors with their IDs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrkg.model import iri
from nrkg.build.pipeline import ensure_built, input_hash
from nrkg.cli import cli

from support import ROOT, copy_data


def build_in_subprocess(out: Path, seed: str, data: Path | None = None) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed, NRKG_OUT=str(out))
    if data:
        env["NRKG_DATA"] = str(data)
    subprocess.run([sys.executable, "cli.py", "-q", "build"], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True)


def test_two_builds_with_different_hash_seeds_are_byte_identical(tmp_path):
    build_in_subprocess(tmp_path / "a", "1")
    build_in_subprocess(tmp_path / "b", "4242")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {"nrkg.trig", "nrkg.nq", "build-info.json"} <= set(names)
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_dataset_has_the_graph_roles_and_no_blank_nodes(built):
    graphs = built.info["graphs"]
    for role in (iri.GRAPH_ENTITIES, iri.GRAPH_CORPUS, iri.GRAPH_ONTOLOGY, iri.GRAPH_INFERRED, iri.GRAPH_BACKGROUND):
        assert graphs.get(role, 0) > 0, role
    stems = [p.stem for p in (ROOT / "documents").glob("*.txt")]
    assert len(stems) == 5 and all(graphs.get(iri.doc_graph(s), 0) > 0 for s in stems)
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(built.nquads), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == built.info["quads"]
    assert not [q for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)]


def test_corpus_graph_records_checksums_sizes_and_names(built):
    import hashlib

    text = built.nquads.read_text(encoding="utf-8")
    for path in sorted((ROOT / "documents").glob("*.txt")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f'"{digest}"' in text and f'"{path.name}"' in text


def test_fresh_build_is_reused_and_a_changed_input_rebuilds(tmp_path, monkeypatch):
    data = copy_data(tmp_path / "data")
    monkeypatch.setenv("NRKG_DATA", str(data))
    out = tmp_path / "out"
    first = ensure_built(out)
    stamp = (out / "nrkg.nq").stat().st_mtime_ns
    assert ensure_built(out).info == first.info and (out / "nrkg.nq").stat().st_mtime_ns == stamp
    entities = data / "graph" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n# a comment changes the hash\n", encoding="utf-8")
    assert input_hash() != first.input_hash
    second = ensure_built(out)
    assert second.input_hash != first.input_hash
    assert json.loads((out / "build-info.json").read_text())["input_hash"] == second.input_hash


def invoke_on_copy(tmp_path, monkeypatch, *args):
    monkeypatch.setenv("NRKG_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("NRKG_OUT", str(tmp_path / "out"))
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_altered_document_is_refused_by_name(tmp_path, monkeypatch):
    data = copy_data(tmp_path / "data")
    doc = data / "documents" / "002_adc9f996618461c5.txt"
    doc.write_bytes(doc.read_bytes().replace(b"Crimea", b"Krim", 1))
    result = invoke_on_copy(tmp_path, monkeypatch, "build")
    assert result.exit_code == 2
    assert "error[document-altered]" in result.stderr and "002_adc9f996618461c5.txt" in result.stderr


def test_malformed_turtle_names_file_line_column_and_token(tmp_path, monkeypatch):
    data = copy_data(tmp_path / "data")
    entities = data / "graph" / "entities.ttl"
    lines = entities.read_text(encoding="utf-8").splitlines()
    lines.append('id:broken a nrkg:State ; skos:prefLabel "Broken"@en  id:oops .')
    entities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke_on_copy(tmp_path, monkeypatch, "build")
    assert result.exit_code == 2
    assert "error[source-syntax]" in result.stderr
    assert f"entities.ttl:{len(lines)}:" in result.stderr and "id:oops" in result.stderr


def test_unreadable_source_is_an_input_error(tmp_path, monkeypatch):
    data = copy_data(tmp_path / "data")
    (data / "graph" / "notes.ttl").write_text("# stray\n", encoding="utf-8")
    result = invoke_on_copy(tmp_path, monkeypatch, "build")
    assert result.exit_code == 2 and "error[source-unknown-file]" in result.stderr and "notes.ttl" in result.stderr


def test_unpinnable_quote_fails_the_build_with_exit_1(tmp_path, monkeypatch):
    data = copy_data(tmp_path / "data")
    target = sorted((data / "graph" / "documents").glob("*.ttl"))[0]
    text = target.read_text(encoding="utf-8")
    start = text.index('oa:exact "') + len('oa:exact "')
    target.write_text(text[:start] + "NOT IN THE DOCUMENT " + text[start:], encoding="utf-8")
    result = invoke_on_copy(tmp_path, monkeypatch, "build")
    assert result.exit_code == 1
    assert "error[grounding-failed]" in result.stderr and target.name in result.stderr
    assert not (tmp_path / "out" / "nrkg.trig").exists()  # nothing half-written


def test_grounding_covers_every_fact(built):
    coverage = built.info["coverage"]
    assert coverage["facts"] > 200
    assert coverage["grounded"] == coverage["facts"], coverage["mention_failures"]
