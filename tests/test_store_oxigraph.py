"""Loading into Oxigraph's server, for real: counts, samples, --replace, faults, and `nrkg serve`.

Every test starts its own in-memory server on a free loopback port and stops it by pid.
Faults come from a loopback proxy (tests/fault_proxy.py), so they happen at the same byte every run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from fault_proxy import FaultProxy
from store_servers import (DOC_A, ENTITIES, FIXTURE, OxigraphServer, compare_stored_query, free_port, graph_counts,
                           invoke, local_counts, raw_select, raw_update, require_binary, staging_graphs,
                           stored_query_names, write_v2)

from nrkg.publish import load as loader
from nrkg.errors import CheckFailed


@pytest.fixture(scope="module")
def oxigraph_binary():
    return require_binary("oxigraph", "Oxigraph's server: pip install oxigraph")


@pytest.fixture
def server(oxigraph_binary):
    with OxigraphServer(oxigraph_binary) as running:
        yield running


def load_args(url: str, dataset: Path = FIXTURE, *extra: str) -> list[str]:
    return ["load", "--into", url, "--store", "oxigraph", "--dataset", str(dataset), *extra]


# ----------------------------------------------------------------------------- successful loads

def test_load_verifies_counts_and_samples(runner, server):
    result = invoke(runner, load_args(server.url))
    assert result.exit_code == 0, result.output
    assert "loaded and verified 5 graph(s), 41 triples" in result.stdout
    assert graph_counts(server.url + "/query") == local_counts(FIXTURE)
    # the store's literal forms differ from the file's (decimal, double, language tag) yet verify
    check = invoke(runner, load_args(server.url, FIXTURE, "--verify-only"))
    assert check.exit_code == 0, check.output
    assert "the store matches" in check.stdout


def test_replace_swaps_every_graph_and_leaves_no_staging_graph(runner, server, tmp_path):
    assert invoke(runner, load_args(server.url)).exit_code == 0
    v2 = write_v2(tmp_path / "v2.nq")
    result = invoke(runner, load_args(server.url, v2, "--replace"))
    assert result.exit_code == 0, result.output
    assert graph_counts(server.url + "/query") == local_counts(v2)
    assert local_counts(v2)[ENTITIES] != local_counts(FIXTURE)[ENTITIES]
    rows = raw_select(server.url + "/query",
                      f"SELECT ?v WHERE {{ GRAPH <{DOC_A}> {{ ?s <https://w3id.org/nrkg/ontology#confidence> ?v }} }}")
    assert [r["v"]["value"] for r in rows] == ["0.75"]
    assert staging_graphs(server.url + "/query") == []


def test_graph_option_loads_only_that_graph(runner, server):
    result = invoke(runner, load_args(server.url, FIXTURE, "--graph", ENTITIES))
    assert result.exit_code == 0, result.output
    assert graph_counts(server.url + "/query") == {ENTITIES: local_counts(FIXTURE)[ENTITIES]}


def test_unknown_graph_is_a_usage_error(runner, server):
    result = invoke(runner, load_args(server.url, FIXTURE, "--graph", "https://w3id.org/nrkg/graph/nope"))
    assert result.exit_code == 2
    assert "error[load-unknown-graph]" in result.stderr
    assert graph_counts(server.url + "/query") == {}


# ----------------------------------------------------------------------------- verification failures (exit 1)

def test_verify_only_reports_a_missing_triple(runner, server):
    assert invoke(runner, load_args(server.url)).exit_code == 0
    raw_update(server.url + "/update", f'DELETE DATA {{ GRAPH <{ENTITIES}> {{ <https://w3id.org/nrkg/id/nato> '
                                       f'<http://www.w3.org/2004/02/skos/core#prefLabel> "NATO"@en }} }}')
    result = invoke(runner, load_args(server.url, FIXTURE, "--verify-only"))
    assert result.exit_code == 1, result.output
    assert "error[load-verification-failed]" in result.stderr
    assert f"<{ENTITIES}>: 10 triples in the store, 11 in the dataset" in result.stderr


def test_verify_only_reports_a_changed_literal_with_the_same_count(runner, server):
    assert invoke(runner, load_args(server.url)).exit_code == 0
    local = loader.read_dataset(FIXTURE)[DOC_A]
    subject = next(iter(local.sample()))  # a subject the sample is sure to look at
    s, p, o = sorted(local.subjects()[subject])[0]
    raw_update(server.url + "/update", f"DELETE DATA {{ GRAPH <{DOC_A}> {{ {s} {p} {o} }} }}; "
                                       f'INSERT DATA {{ GRAPH <{DOC_A}> {{ {s} {p} "tampered" }} }}')
    assert graph_counts(server.url + "/query")[DOC_A] == local.count
    result = invoke(runner, load_args(server.url, FIXTURE, "--verify-only"))
    assert result.exit_code == 1, result.output
    assert "sampled triple(s) missing" in result.stderr and "unexpected triple(s)" in result.stderr


class DroppingStore(loader.OxigraphStore):
    """A store that silently loses the last triple of every graph it is sent."""

    def put_graph(self, graph, body):
        super().put_graph(graph, b"".join(body.splitlines(keepends=True)[:-1]))


def test_replace_keeps_the_previous_graph_when_the_staged_copy_differs(server, tmp_path):
    dataset = loader.read_dataset(FIXTURE)
    good = loader.make_store("oxigraph", server.url)
    loader.load(good, dataset)
    before = graph_counts(server.url + "/query")
    bad = DroppingStore(server.url, good.http)
    with pytest.raises(CheckFailed) as failure:
        loader.load(bad, loader.read_dataset(write_v2(tmp_path / "v2.nq")), replace=True)
    assert failure.value.error_id == "load-verification-failed"
    assert "previous version kept" in failure.value.message and "complete (0): none" in failure.value.message
    assert graph_counts(server.url + "/query") == before
    assert staging_graphs(server.url + "/query") == []


def test_plain_load_fails_with_exit_1_when_the_store_loses_triples(server):
    bad = DroppingStore(server.url, loader.make_store("oxigraph", server.url).http)
    with pytest.raises(CheckFailed) as failure:
        loader.load(bad, loader.read_dataset(FIXTURE))
    assert failure.value.exit_code == 1
    assert f"<{DOC_A}>: 16 triples in the store, 17 in the dataset" in failure.value.message


# ----------------------------------------------------------------------------- unreachable, rejected (exit 2)

def test_server_down_retries_then_exits_2(runner):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = invoke(runner, load_args(f"http://127.0.0.1:{port}", FIXTURE, "--retries", "2"))
    assert result.exit_code == 2, result.output
    assert "error[store-unreachable]" in result.stderr
    assert "connection refused; retry 1/2" in result.stderr and "retry 2/2" in result.stderr
    assert "after 3 attempt(s)" in result.stderr
    assert "complete (0): none" in result.stderr
    assert time.monotonic() - started >= 1.5  # backoff 0.5 s then 1 s


@pytest.mark.parametrize("mode", ["reset", "stall"])
def test_dropped_or_stalled_connections_exit_2(runner, server, mode):
    with FaultProxy(server.port, mode) as proxy:
        result = invoke(runner, load_args(proxy.url, FIXTURE, "--retries", "1", "--timeout-s", "0.5"))
        assert proxy.connections == 2  # one try, one retry
    assert result.exit_code == 2, result.output
    assert "error[store-unreachable]" in result.stderr
    assert ("timed out" if mode == "stall" else "connection closed") in result.stderr


def test_connection_cut_mid_load_keeps_previous_graphs_and_a_rerun_completes(runner, server, tmp_path):
    assert invoke(runner, load_args(server.url)).exit_code == 0
    before = graph_counts(server.url + "/query")
    v2 = write_v2(tmp_path / "v2.nq")
    with FaultProxy(server.port, "cut", limit=8000) as proxy:  # doc/a and doc/b fit, entities does not
        result = invoke(runner, load_args(proxy.url, v2, "--replace", "--retries", "1"))
    assert result.exit_code == 2, result.output
    assert "error[store-unreachable]" in result.stderr
    assert f"complete (2): <{DOC_A}>, <https://w3id.org/nrkg/graph/doc/b>" in result.stderr
    assert f"not loaded, previous version kept: <{ENTITIES}> (failed), then 2 not attempted" in result.stderr
    after = graph_counts(server.url + "/query")
    assert after[ENTITIES] == before[ENTITIES]          # no half graph: the previous version, whole
    assert staging_graphs(server.url + "/query") == []  # and no staging leftovers
    rerun = invoke(runner, load_args(server.url, v2, "--replace"))
    assert rerun.exit_code == 0, rerun.output
    assert graph_counts(server.url + "/query") == local_counts(v2)


def test_a_graph_the_store_rejects_exits_2_and_names_it(runner, server, tmp_path):
    v2 = write_v2(tmp_path / "v2.nq")
    with FaultProxy(server.port, "reject", limit=8000) as proxy:
        result = invoke(runner, load_args(proxy.url, v2, "--replace"))
    assert result.exit_code == 2, result.output
    assert f"error[store-rejected-graph]: writing graph <urn:nrkg:staging:{ENTITIES}>" in result.stderr
    assert "HTTP 413" in result.stderr
    assert f"not loaded, previous version kept: <{ENTITIES}> (failed)" in result.stderr
    assert ENTITIES not in graph_counts(server.url + "/query")


def test_a_read_only_store_rejects_the_graph(runner, oxigraph_binary, tmp_path):
    location = tmp_path / "ro"
    subprocess.run([oxigraph_binary, "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([oxigraph_binary, "serve-read-only", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        from store_servers import wait_http

        wait_http(f"http://127.0.0.1:{port}/", process, 20)
        result = invoke(runner, load_args(f"http://127.0.0.1:{port}"))
    finally:
        process.terminate()
        process.wait(10)
    assert result.exit_code == 2, result.output
    assert "error[store-rejected-graph]" in result.stderr and "HTTP 403" in result.stderr


# ----------------------------------------------------------------------------- the shipped dataset

def test_shipped_dataset_loads_and_verifies_in_under_2_s(runner, server, built):
    started = time.monotonic()
    result = invoke(runner, load_args(server.url, built.nquads, "--replace"))
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert graph_counts(server.url + "/query") == local_counts(built.nquads)
    assert elapsed < 2.0, f"load and verify took {elapsed:.2f} s"


@pytest.fixture(scope="module")
def loaded_oxigraph(oxigraph_binary, built):
    """One server holding the shipped dataset, for the stored-query comparisons."""
    with OxigraphServer(oxigraph_binary) as running:
        loader.load(loader.make_store("oxigraph", running.url), loader.read_dataset(built.nquads))
        yield running


@pytest.mark.parametrize("name", stored_query_names())
def test_stored_query_gives_the_embedded_engines_rows(loaded_oxigraph, built, name):
    compare_stored_query(name, built.nquads, loaded_oxigraph.url + "/query")


# ----------------------------------------------------------------------------- nrkg serve

def test_serve_answers_over_the_union_and_refuses_writes(oxigraph_binary):
    from nrkg.publish.serve import start, stop

    process, base, location = start(FIXTURE, "127.0.0.1", 0, 5)
    try:
        rows = raw_select(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # no GRAPH: the union
        assert int(rows[0]["n"]["value"]) == 41
        request = urllib.request.Request(base + f"/store?graph={ENTITIES}", data=b"", method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        stop(process, location)
    assert process.poll() is not None and not location.exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_command_prints_its_url_and_stops_cleanly(oxigraph_binary, cli_env, signum):
    port = free_port()
    env = dict(os.environ, NRKG_OUT=str(cli_env.dir))
    process = subprocess.Popen([sys.executable, "-m", "nrkg", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"SPARQL endpoint: http://127.0.0.1:{port}/query"), line
        rows = raw_select(f"http://127.0.0.1:{port}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(rows[0]["n"]["value"]) == sum(local_counts(cli_env.nquads).values())
        process.send_signal(signum)
        assert process.wait(15) == 0, process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def test_serve_without_the_binary_says_how_to_install_it(monkeypatch, tmp_path):
    from nrkg.publish import serve
    from nrkg.errors import NrkgError

    monkeypatch.setattr(serve.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NrkgError) as missing:
        serve.find_oxigraph()
    assert missing.value.error_id == "serve-oxigraph-missing"
    assert "pip install 'nrkg[serve]'" in missing.value.hint


def test_serve_refuses_a_port_in_use():
    import socket

    from nrkg.errors import NrkgError
    from nrkg.publish.serve import check_port

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        with pytest.raises(NrkgError) as taken:
            check_port("127.0.0.1", busy.getsockname()[1])
    assert taken.value.error_id == "serve-port-in-use"


# ----------------------------------------------------------------------------- the normaliser

def lit(value, lang=None, datatype=None):
    from nrkg.model.terms import XSD, canonical_literal

    return canonical_literal(value, lang, XSD + datatype if datatype else None)


def test_row_comparison_sees_a_lost_duplicate_and_a_changed_value():
    from store_servers import multiset_difference

    rows = [(lit("a"), lit("1.50", datatype="decimal")), (lit("a"), lit("1.50", datatype="decimal")),
            (lit("b"), lit("2", datatype="integer"))]
    assert multiset_difference(rows, list(rows)) == ([], [])
    assert multiset_difference(rows, rows[1:]) == ([rows[0]], [])
    changed = rows[:2] + [(lit("b"), lit("3", datatype="integer"))]
    assert multiset_difference(rows, changed) == ([rows[2]], [changed[2]])


def test_large_graphs_are_sent_in_chunks_with_progress(server, tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "LARGE_GRAPH_BYTES", 10_000)
    monkeypatch.setattr(loader.UploadProgress, "CHUNK", 4096)
    messages = []
    v2 = write_v2(tmp_path / "v2.nq")
    store = loader.make_store("oxigraph", server.url, progress=messages.append)
    loader.load(store, loader.read_dataset(v2), replace=True, progress=messages.append)
    assert graph_counts(server.url + "/query") == local_counts(v2)
    sent = [m for m in messages if m.startswith(f"<urn:nrkg:staging:{ENTITIES}>: sent")]
    assert [m.split(": ", 1)[1].split("%")[0] for m in sent] == ["sent 25", "sent 50", "sent 75"]
    assert any("triples/s" in m for m in messages)


def test_generic_graph_store_protocol_endpoint(runner, server, tmp_path):
    """`--store gsp` against Oxigraph's standard Graph Store Protocol endpoint, with --replace."""
    generic = ["load", "--store", "gsp", "--into", server.url + "/store", "--query-url", server.url + "/query",
               "--update-url", server.url + "/update"]
    assert invoke(runner, generic + ["--dataset", str(FIXTURE)]).exit_code == 0
    v2 = write_v2(tmp_path / "v2.nq")
    result = invoke(runner, generic + ["--dataset", str(v2), "--replace"])
    assert result.exit_code == 0, result.output
    assert graph_counts(server.url + "/query") == local_counts(v2)
    assert staging_graphs(server.url + "/query") == []


def test_generic_store_without_endpoints_fails_before_writing(runner, server):
    base = ["load", "--store", "gsp", "--into", server.url + "/store", "--dataset", str(FIXTURE)]
    no_query = invoke(runner, base)
    assert no_query.exit_code == 2 and "error[store-endpoint-missing]" in no_query.stderr
    no_update = invoke(runner, base + ["--query-url", server.url + "/query", "--replace"])
    assert no_update.exit_code == 2 and "--update-url" in no_update.stderr
    assert graph_counts(server.url + "/query") == {}


def test_a_staging_graph_that_cannot_be_dropped_is_named(server, tmp_path):
    """When the store vanishes mid-load, even the clean-up fails: the message says what may be left."""
    with FaultProxy(server.port, "cut", limit=8000) as proxy:
        store = loader.make_store("oxigraph", proxy.url, retries=0)
        original = store.drop

        def drop_while_down(graph, retry=True):
            proxy.set("reset")
            return original(graph, retry)

        store.drop = drop_while_down
        with pytest.raises(loader.StoreUnreachable) as failure:
            loader.load(store, loader.read_dataset(write_v2(tmp_path / "v2.nq")), replace=True)
    message = failure.value.message
    assert f"the staging graph <urn:nrkg:staging:{ENTITIES}> could not be dropped" in message
    assert f"DROP SILENT GRAPH <urn:nrkg:staging:{ENTITIES}>" in message


class LostMoveAnswer(loader.OxigraphStore):
    """MOVE reaches the store (or not), but its answer is lost on the way back."""

    applied = True
    moves = 0

    def move(self, source, target):
        type(self).moves += 1
        if type(self).moves == 1:
            if self.applied:
                super().move(source, target)
            raise loader.StoreUnreachable("moving", self.update_url, ConnectionResetError(), 1)
        super().move(source, target)


@pytest.mark.parametrize("applied", [True, False], ids=["move-applied", "move-lost"])
def test_a_lost_move_answer_is_resolved_by_looking_not_by_repeating(server, tmp_path, applied):
    base = loader.make_store("oxigraph", server.url)
    loader.load(base, loader.read_dataset(FIXTURE))
    store = LostMoveAnswer(server.url, base.http)
    LostMoveAnswer.applied, LostMoveAnswer.moves = applied, 0
    v2 = write_v2(tmp_path / "v2.nq")
    loader.load(store, loader.read_dataset(v2, [ENTITIES]), replace=True)
    assert LostMoveAnswer.moves == (1 if applied else 2)  # repeated only when the staging graph was still whole
    assert graph_counts(server.url + "/query")[ENTITIES] == local_counts(v2)[ENTITIES]
    assert staging_graphs(server.url + "/query") == []
