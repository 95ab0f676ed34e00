"""Commands that publish the graph: ``load`` into a triple store, ``export`` a release, ``serve`` it locally."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from nrkg.cli.common import Settings, pass_settings

USER_ENV = "NRKG_STORE_USER"
PASSWORD_ENV = "NRKG_STORE_PASSWORD"


def _credentials(store: str) -> tuple[str | None, str | None]:
    """From the environment; else, for Virtuoso (writes need an account), a prompt on a terminal."""
    from nrkg.errors import NrkgError

    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user is not None and password is None and sys.stdin.isatty():
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    if store == "virtuoso" and (user is None or password is None):
        if not sys.stdin.isatty():
            raise NrkgError("store-credentials-missing",
                            "Virtuoso accepts writes only from an authenticated account, and none was given",
                            f"set {USER_ENV} and {PASSWORD_ENV} in the environment")
        user = user or click.prompt("Virtuoso user", err=True)
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    return user, password


@click.command("load")
@click.option("--into", required=True, metavar="URL",
              help="The store: its base URL for oxigraph (http://127.0.0.1:7878) and virtuoso "
                   "(http://127.0.0.1:8890), its Graph Store Protocol URL for gsp.")
@click.option("--store", "kind", type=click.Choice(["oxigraph", "virtuoso", "gsp"]), default="oxigraph",
              show_default=True, help="What kind of store --into is.")
@click.option("--replace", is_flag=True,
              help="Per graph: load into a staging graph, verify it, then MOVE it over the target, "
                   "so a failure keeps the previous version.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Load only this graph (repeatable).")
@click.option("--dataset", type=click.Path(dir_okay=False, path_type=Path),
              help="An N-Quads file to load instead of the built dataset.")
@click.option("--query-url", metavar="URL", help="SPARQL query endpoint (gsp stores; others know theirs).")
@click.option("--update-url", metavar="URL", help="SPARQL Update endpoint (gsp stores, needed by --replace).")
@click.option("--verify-only", is_flag=True, help="Load nothing; compare the store's graphs with the dataset.")
@click.option("--no-verify", is_flag=True, help="Skip the count and sample comparison after each graph.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Retries on connection errors, with exponential backoff.")
@click.option("--timeout-s", type=click.FloatRange(0.1, 3600), default=60, show_default=True,
              help="Seconds to wait for each answer.")
@pass_settings
def load_command(settings: Settings, into, kind, replace, graphs, dataset, query_url, update_url, verify_only,
                 no_verify, retries, timeout_s) -> None:
    """Load the dataset into a running triple store and verify it.

    Each named graph is written whole (HTTP PUT, N-Triples), then its triple count and
    a deterministic sample of its triples are compared with the dataset. Credentials
    come from NRKG_STORE_USER / NRKG_STORE_PASSWORD or a prompt, never from options.
    Exit 1 when the store's copy differs, 2 when the store is unreachable, refuses the
    credentials or rejects a graph; the message lists which graphs are complete.

      nrkg load --into http://127.0.0.1:7878 --replace
      NRKG_STORE_USER=dba NRKG_STORE_PASSWORD=… nrkg load --store virtuoso --into http://127.0.0.1:8890
    """
    from nrkg.publish.load import make_store, read_dataset, verify_only as run_verify, load

    if verify_only and (replace or no_verify):
        raise click.UsageError("--verify-only cannot be combined with --replace or --no-verify")
    path = dataset or settings.ensure_built().nquads
    local = read_dataset(path, graphs or None)
    user, password = _credentials(kind) if not verify_only else (os.environ.get(USER_ENV),
                                                                  os.environ.get(PASSWORD_ENV))
    store = make_store(kind, into, user, password, query_url, update_url, timeout=timeout_s, retries=retries,
                       progress=settings.progress)
    if verify_only:
        checks = run_verify(store, local, settings.progress)
        click.echo(f"verified {len(checks)} graph(s), {sum(c.expected for c in checks)} triples: the store matches")
        return
    settings.progress(f"loading {len(local)} graph(s), {sum(g.count for g in local.values())} triples "
                      f"from {path.name} into {store.into} ({kind}{', replace' if replace else ''})")
    report = load(store, local, replace=replace, verify=not no_verify, progress=settings.progress)
    state = "loaded and verified" if not no_verify else "loaded (not verified)"
    click.echo(f"{state} {len(report.complete)} graph(s), {report.triples} triples in {report.seconds:.2f} s")


@click.command("export")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Release directory (default: release/ inside the build directory).")
@pass_settings
def export_command(settings: Settings, out_dir: Path | None) -> None:
    """Write the release: TriG, N-Quads, one Turtle file per graph, JSON-LD,
    the ontology, the inferred graph, VoID and SHA256SUMS — byte-identical across runs."""
    from nrkg.publish.export import export

    built = settings.ensure_built()
    target = out_dir or built.dir / "release"
    files = export(built, target, progress=settings.progress)
    click.echo(f"{target}: {len(files)} files (checksums in SHA256SUMS)")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True)
@click.option("--timeout-s", type=click.IntRange(1, 86400), default=30, show_default=True,
              help="Query time limit in seconds.")
@pass_settings
def serve_command(settings: Settings, host: str, port: int, timeout_s: int) -> None:
    """A local read-only SPARQL endpoint over the built dataset (Oxigraph's server),
    with the union of all graphs as default graph. Stop it with Ctrl-C."""
    from nrkg.publish.serve import serve

    built = settings.ensure_built()
    serve(built.nquads, host, port, timeout_s, announce=click.echo, progress=settings.progress)


def register(group: click.Group) -> None:
    for command in (load_command, export_command, serve_command):
        group.add_command(command)
