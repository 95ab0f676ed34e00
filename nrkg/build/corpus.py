"""The corpus: the source documents, their manifest, and the facts computed from the files.

Documents are read as UTF-8 with no newline translation and no normalisation, so that offsets are
Unicode code points over exactly the bytes that were checksummed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nrkg.errors import NrkgError

MANIFEST = "MANIFEST.sha256"


@dataclass(frozen=True)
class Document:
    stem: str
    path: Path
    text: str
    sha256: str
    size: int

    @property
    def file_name(self) -> str:
        return self.path.name


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def read_manifest(directory: Path) -> dict[str, str]:
    manifest = directory / MANIFEST
    if not manifest.is_file():
        raise NrkgError("manifest-missing", f"{manifest}: the document manifest is missing",
                        "create it with: sha256sum *.txt > MANIFEST.sha256 (in documents/)")
    entries: dict[str, str] = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise NrkgError("manifest-malformed", f"{manifest}:{number}: expected '<sha256>  <file name>'",
                            "each line is a sha256 hex digest, two spaces and a file name")
        entries[name.strip()] = digest.lower()
    return entries


def load_corpus(directory: Path) -> list[Document]:
    """Read every manifest entry, checking each file against its checksum."""
    manifest = read_manifest(directory)
    on_disk = {p.name for p in directory.glob("*.txt")}
    unlisted = sorted(on_disk - set(manifest))
    if unlisted:
        raise NrkgError("document-unlisted", f"{directory / unlisted[0]}: not in {MANIFEST}",
                        "add new documents with `nrkg new-document FILE`")
    documents = []
    for name in sorted(manifest):
        path = directory / name
        if not path.is_file():
            raise NrkgError("document-missing", f"{path}: listed in {MANIFEST} but missing",
                            "restore the file from the release or remove its manifest line")
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest[name]:
            raise NrkgError("document-altered",
                            f"{path}: sha256 {digest[:12]}… does not match the manifest ({manifest[name][:12]}…)",
                            "documents must stay byte-identical to their source; restore the original file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NrkgError("document-encoding", f"{path}: not valid UTF-8 at byte {exc.start}",
                            "documents are stored as UTF-8") from None
        documents.append(Document(stem=path.stem, path=path, text=text, sha256=digest, size=len(data)))
    return documents


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
