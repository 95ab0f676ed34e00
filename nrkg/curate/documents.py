"""Curator tools: adding a source document with its manifest entry and a skeleton graph file."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from nrkg.model import iri
from nrkg.build.corpus import MANIFEST, read_manifest
from nrkg.errors import NrkgError
from nrkg.paths import data_dir, in_checkout

SKELETON = """\
# Claims of document {stem} ({name}).
# Every claim needs nrkg:modality and evidence: nrkg:hasEvidence [ oa:exact "verbatim quote" ].
# Use `nrkg locate {short} "quote"` to check a quote and get a prefix/suffix that pins it.
# See docs/curation.md for the claim classes and docs/data-model.md for the properties.

@prefix c: <{claims}> .
@prefix doc: <{doc}> .
@prefix id: <{entity}> .
@prefix nrkg: <{ontology}> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

c:document-description a nrkg:DocumentDescription ;
    nrkg:describes doc:{stem} ;
    nrkg:modality nrkg:Asserted ;
    dct:title "{title}" ;
    nrkg:hasEvidence [ oa:exact "{title}" ] .
"""


def next_stem(manifest: dict[str, str], digest: str) -> str:
    numbers = [int(m.group(1)) for name in manifest if (m := re.match(r"(\d{3})_", name))]
    return f"{max(numbers, default=-1) + 1:03d}_{digest[:16]}"


def add_document(source: Path) -> tuple[str, str]:
    if not (in_checkout() or os.environ.get("NRKG_DATA")):
        raise NrkgError("needs-checkout", "new-document edits the curated sources, which an installed package "
                        "does not have", "run it in a checkout of the nrkg repository, or set NRKG_DATA to a "
                        "copy of its data directories")
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NrkgError("document-encoding", f"{source}: not valid UTF-8 at byte {exc.start}",
                        "convert the document to UTF-8 first") from None
    documents = data_dir("documents")
    manifest = read_manifest(documents)
    digest = hashlib.sha256(data).hexdigest()
    if digest in manifest.values():
        existing = next(name for name, d in manifest.items() if d == digest)
        raise NrkgError("document-exists", f"{source}: the same bytes are already documents/{existing}",
                        "nothing to add")
    stem = next_stem(manifest, digest)
    (documents / f"{stem}.txt").write_bytes(data)
    manifest[f"{stem}.txt"] = digest
    lines = "".join(f"{d}  {name}\n" for name, d in sorted(manifest.items()))
    (documents / MANIFEST).write_text(lines, encoding="utf-8")
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    graph_file = data_dir("graph") / "documents" / f"{stem}.ttl"
    graph_file.parent.mkdir(parents=True, exist_ok=True)
    graph_file.write_text(SKELETON.format(
        stem=stem, name=source.name, short=stem[:3], claims=iri.claim_ns(stem), doc=iri.DOC, entity=iri.ENTITY,
        ontology=iri.ONTOLOGY, title=title.replace("\\", "\\\\").replace('"', '\\"')), encoding="utf-8")
    return stem, f"graph/documents/{stem}.ttl"
