"""Stored queries: ``queries/NAME.rq``, one query per file, with a header the tool parses.

A header is the file's leading ``#`` lines of the form ``# key: value``::

    # title: Timeline of the NATO–Russia Council
    # question: What happened to the NATO–Russia Council, and when?
    # description: Every dated event the documents tell about the council,
    # description: sorted across date precisions.
    # param: entity | entity | NATO-Russia Council | the entity whose timeline to show
    # columns: date, event, label, document
    # empty: (only when the query is expected to return no rows on the shipped graph: say why)

``question`` is the competency question the query answers, as a reader would ask it; every stored
query has one, and docs/competency-questions.md tabulates them with their answers on the shipped
graph. ``param`` is ``name | type | default | description``; the default ``-`` leaves the variable unbound
(the query matches any value) and ``required`` makes the parameter mandatory. Parameters are initial
bindings: on pyoxigraph a VALUES block opens the top-level WHERE group, so a FILTER that reads a
parameter belongs in that top-level group (inside a GRAPH block it would not see the value); the
engine conformance test catches a query that breaks this rule, because rdflib binds differently. Types are listed in
:data:`PARAM_TYPES`. ``queries/checks/*-violation.rq`` are checks (rows = problems) and
``queries/federated/*.rq`` reach other endpoints; neither is part of ``query --all``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from nrkg.errors import NrkgError
from nrkg.paths import data_dir

PARAM_TYPES = {
    "string": "any text",
    "iri": "an absolute IRI or a prefixed name such as id:nato",
    "entity": "an entity IRI, a prefixed name, or one of the entity's names (e.g. \"Peskov\")",
    "document": "a document stem (e.g. 001_41982bf2e623ae9c, or a unique start such as 001) or IRI",
    "integer": "a whole number",
    "decimal": "a decimal number",
    "boolean": "true or false",
    "date": "a day as YYYY-MM-DD",
    "year": "a year as YYYY",
}
HEADER_KEYS = {"title", "question", "description", "param", "columns", "empty", "severity"}
_HEADER = re.compile(r"^#\s*([a-z]+)\s*:\s?(.*)$")
_KIND = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str
    required: bool = False


@dataclass
class StoredQuery:
    name: str
    path: Path | None
    text: str
    title: str = ""
    question: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    empty: str | None = None
    severity: str | None = None

    @property
    def kind(self) -> str:
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        body = re.sub(r"<[^>\s]*>|\"[^\"]*\"|'[^']*'", " ", body)  # IRIs and strings cannot hide the keyword
        match = _KIND.search(body)
        return match.group(1).lower() if match else "select"

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, where: str) -> dict:
    header: dict = {"title": "", "question": "", "description": [], "params": [], "columns": [], "empty": None, "severity": None}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue  # a free comment
        key, value = match.group(1), match.group(2).strip()
        if key not in HEADER_KEYS:
            raise NrkgError("query-header", f"{where}:{number}: unknown header key {key!r}",
                            f"header keys are: {', '.join(sorted(HEADER_KEYS))}")
        if key in ("title", "question"):
            header[key] = value
        elif key == "description":
            header["description"].append(value)
        elif key == "columns":
            header["columns"] = [c.strip().lstrip("?") for c in value.split(",") if c.strip()]
        elif key == "empty":
            header["empty"] = value or "declared empty"
        elif key == "severity":
            header["severity"] = value.lower()
        else:
            parts = [p.strip() for p in value.split("|")]
            if len(parts) != 4 or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", parts[0]):
                raise NrkgError("query-header", f"{where}:{number}: a param line is 'name | type | default | description'",
                                "for example: # param: speaker | entity | - | who made the statement")
            name, kind, default, description = parts
            if kind not in PARAM_TYPES:
                raise NrkgError("query-header", f"{where}:{number}: unknown parameter type {kind!r}",
                                f"types are: {', '.join(PARAM_TYPES)}")
            required = default == "required"
            header["params"].append(Param(name, kind, None if default in ("-", "required") else default,
                                          description, required))
    header["description"] = " ".join(header["description"])
    return header


def load_query(path: Path, name: str | None = None) -> StoredQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NrkgError("query-unreadable", f"{path}: cannot be read ({exc.strerror})",
                        "check the path of the query file") from None
    return from_text(text, name or path.stem, str(path), path)


def from_text(text: str, name: str, where: str, path: Path | None = None) -> StoredQuery:
    header = parse_header(text, where)
    return StoredQuery(name=name, path=path, text=text, title=header["title"], question=header["question"],
                       description=header["description"],
                       params=header["params"], columns=header["columns"], empty=header["empty"],
                       severity=header["severity"])


def queries_dir() -> Path:
    return data_dir("queries")


def catalog(directory: Path | None = None) -> dict[str, StoredQuery]:
    """The stored queries (top level of queries/), by name."""
    directory = directory or queries_dir()
    return {p.stem: load_query(p) for p in sorted(directory.glob("*.rq"))}


def check_queries(directory: Path | None = None) -> list[StoredQuery]:
    directory = (directory or queries_dir()) / "checks"
    return [load_query(p) for p in sorted(directory.glob("*-violation.rq"))]


def federated_queries(directory: Path | None = None) -> dict[str, StoredQuery]:
    directory = (directory or queries_dir()) / "federated"
    return {p.stem: load_query(p) for p in sorted(directory.glob("*.rq"))}


def resolve(reference: str, stdin_text: str | None = None) -> StoredQuery:
    """A stored query by name, a .rq file by path, or '-' for query text on standard input."""
    if reference == "-":
        return from_text(stdin_text or "", "stdin", "<stdin>")
    path = Path(reference)
    if reference.endswith(".rq") or path.suffix == ".rq":
        if not path.is_file():
            raise NrkgError("query-unreadable", f"{reference}: no such query file", "check the path of the query file")
        return load_query(path)
    stored = catalog()
    if reference in stored:
        return stored[reference]
    federated = federated_queries()
    if reference in federated:
        return federated[reference]
    names = sorted(stored) + sorted(federated)
    close = difflib.get_close_matches(reference, names, n=3, cutoff=0.5)
    close += [n for n in names if reference.lower() in n.lower() and n not in close][:3]
    hint = f"did you mean: {', '.join(close)}?" if close else "run `nrkg queries` to list the stored queries"
    raise NrkgError("unknown-query", f"no stored query named {reference!r}", hint)
