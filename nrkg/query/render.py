"""Format query results: table, csv, tsv, json, jsonl, md for SELECT; ttl and nt for graphs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from nrkg.model import iri
from nrkg.model.terms import INTEGER_TYPES, XSD, Term, to_ox
from nrkg.query.engines import Result
from nrkg.errors import NrkgError

SELECT_FORMATS = ("table", "csv", "tsv", "json", "jsonl", "md")
GRAPH_FORMATS = ("ttl", "nt")
FORMATS = SELECT_FORMATS + GRAPH_FORMATS
EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
              ".md": "md", ".txt": "table", ".ttl": "ttl", ".nt": "nt"}


def format_for(fmt: str | None, output: Path | None, result_kind: str) -> str:
    """The explicit format, else the one the output file's extension implies, else the default."""
    if fmt:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise NrkgError("unknown-format", f"unknown format {fmt!r}", f"formats are: {', '.join(FORMATS)}")
    elif output is not None and output.suffix.lower() in EXTENSIONS:
        fmt = EXTENSIONS[output.suffix.lower()]
    else:
        fmt = "ttl" if result_kind == "graph" else "table"
    if result_kind == "graph" and fmt not in GRAPH_FORMATS:
        raise NrkgError("unknown-format", f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}",
                        f"use one of: {', '.join(GRAPH_FORMATS)}")
    if result_kind != "graph" and fmt in GRAPH_FORMATS:
        raise NrkgError("unknown-format", f"a {result_kind.upper()} result cannot be written as {fmt}",
                        f"use one of: {', '.join(SELECT_FORMATS)}")
    return fmt


def plain(term: Term | None) -> str:
    return "" if term is None else term.value


def short(term: Term | None) -> str:
    if term is None:
        return ""
    return iri.compact(term.value) if term.kind == "iri" else term.value


def json_value(term: Term | None):
    if term is None:
        return None
    if term.kind == "literal" and term.datatype:
        if term.datatype in INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if term.datatype == XSD + "boolean":
            return term.value in ("true", "1")
    return term.value


def render(result: Result, fmt: str) -> str:
    if result.kind == "ask":
        value = "true" if result.boolean else "false"
        if fmt in ("json", "jsonl"):
            return json.dumps({"boolean": result.boolean}) + "\n"
        return value + "\n"
    if result.kind == "graph":
        return render_graph(result, fmt)
    variables, rows = result.variables, result.rows
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([plain(t).replace("\t", " ") if fmt == "tsv" else plain(t) for t in row])
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(variables, map(json_value, row))) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(dict(zip(variables, map(json_value, row))), ensure_ascii=False) + "\n"
                       for row in rows)
    cells = [[short(t).replace("\n", " ") for t in row] for row in rows]
    if fmt == "md":
        escape = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(variables) + " |", "|" + "|".join("---" for _ in variables) + "|"]
        lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    widths = [min(w, 80) for w in widths]
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(clip(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_graph(result: Result, fmt: str) -> str:
    import pyoxigraph as ox

    triples = sorted({(s, p, o) for s, p, o in result.triples}, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    if fmt == "nt":
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)
    converted = [ox.Triple(to_ox(s), to_ox(p), to_ox(o))
                 for s, p, o in triples]
    return ox.serialize(converted, format=ox.RdfFormat.TURTLE, prefixes=iri.PREFIXES).decode("utf-8")
