"""`nrkg new-document`: a new source document lands in documents/, the manifest and a skeleton graph
file that builds as it is; bad input is refused without touching anything."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

from nrkg.cli import cli
from support import copy_data

TEXT = "Allies meet in Vilnius\n\nNATO foreign ministers met in Vilnius on Tuesday.\n"


@pytest.fixture
def data(tmp_path, monkeypatch):
    root = copy_data(tmp_path / "data")
    monkeypatch.setenv("NRKG_DATA", str(root))
    monkeypatch.setenv("NRKG_OUT", str(tmp_path / "out"))
    return root


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def snapshot(root):
    return {path.relative_to(root): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_new_document_is_copied_listed_and_gets_a_graph_that_builds(data, tmp_path):
    source = tmp_path / "vilnius.txt"
    source.write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    stem = f"005_{digest[:16]}"

    result = invoke("new-document", str(source))
    assert result.exit_code == 0, result.output
    assert f"added documents/{stem}.txt and graph/documents/{stem}.ttl" in result.output
    assert (data / "documents" / f"{stem}.txt").read_text(encoding="utf-8") == TEXT
    manifest = (data / "documents" / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    assert f"{digest}  {stem}.txt" in manifest and len(manifest) == 6
    skeleton = (data / "graph" / "documents" / f"{stem}.ttl").read_text(encoding="utf-8")
    assert 'dct:title "Allies meet in Vilnius"' in skeleton

    built = invoke("build")
    assert built.exit_code == 0, built.output
    assert "grounded" in built.output and "(100.0%)" in built.output
    documents = invoke("query", "documents", "-f", "tsv")
    assert f"https://w3id.org/nrkg/doc/{stem}\t{stem}.txt\t{len(TEXT.encode())}\t{digest}\tAllies meet in Vilnius" \
        in documents.output


def test_the_same_document_twice_is_refused_and_nothing_changes(data, tmp_path):
    source = tmp_path / "copy.txt"
    existing = sorted((data / "documents").glob("001_*.txt"))[0]
    source.write_bytes(existing.read_bytes())
    before = snapshot(data)
    result = invoke("new-document", str(source))
    assert result.exit_code == 2
    assert "error[document-exists]" in result.output and existing.name in result.output
    assert snapshot(data) == before


def test_a_document_that_is_not_utf8_is_refused_and_nothing_changes(data, tmp_path):
    source = tmp_path / "latin1.txt"
    source.write_bytes("Sécurité européenne\n".encode("latin-1"))
    before = snapshot(data)
    result = invoke("new-document", str(source))
    assert result.exit_code == 2
    assert "error[document-encoding]" in result.output and "not valid UTF-8 at byte 1" in result.output
    assert snapshot(data) == before
