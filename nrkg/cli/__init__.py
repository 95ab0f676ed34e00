"""The ``nrkg`` command line: a thin click layer over the library.

Only click and the standard library are imported at start-up; each command imports what it needs,
so ``nrkg --help``, ``nrkg queries`` and ``nrkg query`` never load rdflib, pyshacl or owlrl.
"""

from __future__ import annotations

from pathlib import Path

import click

from nrkg import __version__
from nrkg.cli.common import NrkgGroup, Settings, pass_settings, read_stdin, write_text

EXIT_CODES = """Exit codes: 0 success; 1 a check failed (validation, violation query, load
verification); 2 usage or input error; 130 interrupted; 141 the output's reader went away.
Errors are printed as error[ID]; every ID is explained in docs/errors.md."""


@click.group(cls=NrkgGroup, epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="nrkg")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), envvar="NRKG_OUT",
              help="Build directory (default: dist/ in a checkout, else a per-user cache).")
@click.option("-v", "--verbose", count=True, help="Show tracebacks on errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
@click.pass_context
def cli(ctx: click.Context, out: Path | None, verbose: int, quiet: bool) -> None:
    """A knowledge graph of NATO–Russia relations, built from news documents.

    Every fact is tied to a verbatim quote. Commands build the graph when it is
    missing or stale, so `nrkg query timeline` works straight after install.
    """
    ctx.obj = Settings(out, verbose, quiet)


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild even when the inputs have not changed.")
@pass_settings
def build(settings: Settings, force: bool) -> None:
    """Build the dataset: parse, ground, reason, link, check, validate, write.

    Writes nrkg.trig, nrkg.nq, build-info.json and the SHACL report to the build
    directory, atomically. Fails (exit 1) when a quote cannot be pinned or the graph
    breaks a check, and says which.
    """
    from nrkg.build.pipeline import ensure_built

    result = ensure_built(settings.out, force=force, progress=settings.progress)
    info = result.info
    coverage = info.get("coverage", {})
    click.echo(f"{result.trig}")
    click.echo(f"{info.get('quads', 0)} quads in {len(info.get('graphs', {}))} graphs; "
               f"grounded {coverage.get('grounded', 0)}/{coverage.get('facts', 0)} facts "
               f"({coverage.get('ratio', 0):.1%})")
    for failure in coverage.get("mention_failures", []):
        click.echo(f"  mention check: {failure}")


@cli.command("queries")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--checks", is_flag=True, help="List the violation checks instead.")
def list_queries(fmt: str, checks: bool) -> None:
    """List the stored queries with their titles and parameters."""
    import json

    from nrkg.model.catalog import catalog, check_queries, federated_queries

    if checks:
        items = check_queries()
    else:
        items = list(catalog().values()) + list(federated_queries().values())
    if fmt == "json":
        click.echo(json.dumps([{"name": q.name, "title": q.title, "description": q.description,
                                "params": [vars(p) for p in q.params], "columns": q.columns,
                                "federated": q.path is not None and q.path.parent.name == "federated"}
                               for q in items], indent=2, ensure_ascii=False))
        return
    width = max((len(q.name) for q in items), default=4)
    for q in items:
        click.echo(f"{q.name.ljust(width)}  {q.title}")
        for p in q.params:
            default = "required" if p.required else (f"default {p.default}" if p.default else "optional")
            click.echo(f"{'':{width}}    -p {p.name} <{p.type}>  {p.description} ({default})")


@cli.command()
@click.argument("reference", required=False, metavar="NAME|FILE.rq|-")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind a query parameter (repeatable).")
@click.option("-f", "--format", "fmt", metavar="FORMAT",
              help="table, csv, tsv, json, jsonl, md (SELECT/ASK) or ttl, nt (CONSTRUCT/DESCRIBE); "
                   "default from the -o extension, else table/ttl.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option("--scope", metavar="SCOPE",
              help="Graphs that form the default graph: all (default), asserted, documents, entities, corpus, "
                   "background, inferred, links, ontology, a document stem, or a graph IRI; comma-separated.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True)
@click.option("--endpoint", "endpoints", multiple=True, metavar="NAME=URL",
              help="Endpoint for a federated query's SERVICE (repeatable).")
@click.option("--all", "run_all", is_flag=True, help="Run every stored query (not checks, not federated).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --all: write one NAME.<format> file per query here.")
@pass_settings
def query(settings: Settings, reference, params, fmt, output, scope, engine, endpoints, run_all, output_dir) -> None:
    """Run a stored query (by NAME), a query file, or query text from stdin (-).

    The default graph is the union of all graphs; --scope narrows it. Examples:

    \b
      nrkg query timeline
      nrkg query entity -p entity "Peskov" -f json
      nrkg query --all --output-dir results/
    """
    from nrkg.query.engines import apply_endpoints, open_engine
    from nrkg.errors import NrkgError
    from nrkg.query.render import format_for, render
    from nrkg.model.catalog import catalog, resolve

    if run_all:
        if reference or output:
            raise click.UsageError("--all runs every stored query; give no NAME and use --output-dir, not -o")
        if not output_dir:
            raise click.UsageError("--all needs --output-dir DIR")
    elif not reference:
        raise click.UsageError("give a query NAME, a FILE.rq or - (run `nrkg queries` to list them)")
    elif output_dir:
        raise click.UsageError("--output-dir goes with --all; use -o FILE for one query")

    given = {}
    for name, value in params:
        if name in given:
            raise NrkgError("bad-parameter", f"parameter {name!r} given twice", "pass each parameter once")
        given[name] = value
    chosen = [resolve(reference, read_stdin() if reference == "-" else None)] if not run_all else \
        list(catalog().values())
    if endpoints:
        pairs = {}
        for item in endpoints:
            name, sep, url = item.partition("=")
            if not sep:
                raise NrkgError("bad-endpoint", f"--endpoint {item!r} is not NAME=URL",
                                "for example --endpoint wikidata=http://127.0.0.1:7878/query")
            pairs[name] = url
        chosen = [apply_endpoints(q, pairs) for q in chosen]
    else:
        chosen = [apply_endpoints(q, {}) if "urn:nrkg:endpoint:" in q.text else q for q in chosen]

    built = settings.ensure_built()
    runner = open_engine(engine, built.nquads)
    if not run_all:
        result = runner.run(chosen[0], given, scope)
        write_text(render(result, format_for(fmt, output, result.kind)), output)
        return
    output_dir.mkdir(parents=True, exist_ok=True)
    for stored in chosen:
        result = runner.run(stored, given if given else {}, scope)
        chosen_fmt = format_for(fmt, None, result.kind) if fmt else ("ttl" if result.kind == "graph" else "csv")
        target = output_dir / f"{stored.name}.{chosen_fmt if chosen_fmt != 'table' else 'txt'}"
        write_text(render(result, chosen_fmt), target)
        settings.progress(f"{stored.name}: {len(result.rows) if result.kind == 'select' else '-'} rows → {target}")


@cli.command()
@click.argument("document", metavar="DOC")
@click.argument("quote")
def locate(document: str, quote: str) -> None:
    """Find a QUOTE in a document: offsets and a prefix/suffix that pin it.

    DOC is a document stem or its unique start (e.g. 001). Prints one line per
    occurrence and a Turtle snippet to paste into graph/documents/<stem>.ttl.
    """
    from nrkg.build.corpus import load_corpus
    from nrkg.errors import NrkgError
    from nrkg.build.ground import Span, find_all, unique_context
    from nrkg.paths import data_dir

    documents = [d for d in load_corpus(data_dir("documents")) if d.stem.startswith(document)]
    if len(documents) != 1:
        raise NrkgError("unknown-document", f"{document!r} matches {len(documents)} documents",
                        "give a document stem or a unique start of one, e.g. 001")
    doc = documents[0]
    starts = find_all(doc.text, quote)
    if not starts:
        raise NrkgError("quote-not-found", f"{doc.stem}: the quote does not occur in the document",
                        "quotes are verbatim: check dashes, quotation marks and spaces")
    click.echo(f"{doc.stem}: {len(starts)} occurrence(s)")
    for number, start in enumerate(starts, 1):
        span = Span(start, start + len(quote))
        prefix, suffix = unique_context(doc.text, span)
        click.echo(f"  #{number}: start {span.start}, end {span.end}"
                   + (f", prefix {prefix!r}, suffix {suffix!r}" if prefix or suffix else " (unique)"))
    import json

    first = Span(starts[0], starts[0] + len(quote))
    prefix, suffix = unique_context(doc.text, first)
    parts = [f"oa:exact {json.dumps(quote, ensure_ascii=False)}"]
    if prefix:
        parts.append(f"oa:prefix {json.dumps(prefix, ensure_ascii=False)}")
    if suffix:
        parts.append(f"oa:suffix {json.dumps(suffix, ensure_ascii=False)}")
    click.echo("nrkg:hasEvidence [ " + " ; ".join(parts) + " ] ;")


@cli.command("new-document")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_settings
def new_document(settings: Settings, file: Path) -> None:
    """Add a source document: copy it into documents/, list it in the manifest,
    and write a skeleton graph/documents/<stem>.ttl to annotate."""
    from nrkg.curate.documents import add_document

    stem, graph_file = add_document(file)
    click.echo(f"added documents/{stem}.txt and {graph_file}")
    click.echo("next: annotate it (see docs/curation.md), then run `nrkg build`")


def main() -> None:
    cli(prog_name="nrkg")


# --- command registry ---
# Each area keeps its commands in its own module and adds them here.
def _register_areas() -> None:
    from nrkg.cli import links as cli_links
    from nrkg.cli import ontology as cli_ontology
    from nrkg.cli import store as cli_store
    from nrkg.cli import validate as cli_validate

    for area in (cli_validate, cli_ontology, cli_store, cli_links):
        area.register(cli)


_register_areas()
