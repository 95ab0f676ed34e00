"""A local read-only SPARQL endpoint over the built dataset, run by Oxigraph's server binary.

The dataset is bulk-loaded into a private temporary directory (``oxigraph load``), which is then
served with ``oxigraph serve-read-only --union-default-graph --timeout-s N``, so the default graph is
the union of all graphs, as in every other place queries run. The child process is stopped by its
pid on Ctrl-C (or SIGTERM) and the directory removed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from nrkg.errors import NrkgError

BINARY = "oxigraph"
INSTALL_HINT = "install the server with: pip install 'nrkg[serve]' (it provides the `oxigraph` program)"


def find_oxigraph() -> str:
    """The `oxigraph` program next to the running Python (pip-installed) or on PATH."""
    beside = Path(sys.executable).parent / BINARY
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(BINARY)
    if found:
        return found
    raise NrkgError("serve-oxigraph-missing", "Oxigraph's server program `oxigraph` was not found", INSTALL_HINT)


def check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise NrkgError("serve-port-in-use", f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                            "choose another --port (or --host)") from None


def url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def start(nquads: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30,
          progress: Callable[[str], None] = lambda _: None) -> tuple[subprocess.Popen, str, Path]:
    """Load and start the server; return (process, base URL, store directory). The caller stops it."""
    binary = find_oxigraph()
    if port:
        check_port(host, port)
    else:
        with socket.socket() as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
    location = Path(tempfile.mkdtemp(prefix="nrkg-serve-"))
    try:
        loaded = subprocess.run([binary, "load", "--location", str(location), "--file", str(nquads)],
                                capture_output=True, text=True)
        if loaded.returncode != 0:
            raise NrkgError("serve-failed", f"`oxigraph load` could not load {nquads.name}: "
                            + (loaded.stderr.strip() or f"exit {loaded.returncode}")[-800:],
                            "rebuild the dataset with `nrkg build --force`")
        progress(f"loaded {nquads.name} into a read-only store")
        process = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                    "--bind", f"{host}:{port}", "--union-default-graph", "--timeout-s", str(timeout_s)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except BaseException:
        shutil.rmtree(location, ignore_errors=True)
        raise
    base = f"http://{url_host(host if host not in ('0.0.0.0', '::') else '127.0.0.1')}:{port}"
    try:
        wait_ready(process, base)
    except BaseException:
        stop(process, location)
        raise
    return process, base, location


def wait_ready(process: subprocess.Popen, base: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = process.stderr.read().strip() if process.stderr else ""
            raise NrkgError("serve-failed", f"the server exited with {process.returncode}: {detail[-800:]}",
                            "check the message; another program may hold the port")
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1) as response:
                response.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise NrkgError("serve-failed", f"the server did not answer at {base} within {timeout:g} s",
                    "run again with -v; the machine may be overloaded")


def stop(process: subprocess.Popen, location: Path | None = None) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stderr:
        process.stderr.close()
    if location is not None:
        shutil.rmtree(location, ignore_errors=True)


def serve(nquads: Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30,
          announce: Callable[[str], None] = print, progress: Callable[[str], None] = lambda _: None) -> None:
    """Run until Ctrl-C or SIGTERM, then stop the server and remove its directory."""
    process, base, location = start(nquads, host, port, timeout_s, progress)
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def terminate(signum, frame):  # turn SIGTERM into the same clean path as Ctrl-C
        raise KeyboardInterrupt

    # Ctrl-C must stop the server even when SIGINT was ignored by whoever started us (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if os.name == "posix":
        signal.signal(signal.SIGTERM, terminate)
    try:
        announce(f"SPARQL endpoint: {base}/query  (read-only; default graph = union of all graphs; "
                 f"query timeout {timeout_s} s)")
        announce(f"web query editor: {base}/")
        if host not in ("127.0.0.1", "::1", "localhost"):
            progress(f"warning: bound to {host}, reachable from other machines")
        announce("press Ctrl-C to stop")
        while process.poll() is None:
            time.sleep(0.2)
        detail = process.stderr.read().strip() if process.stderr else ""
        raise NrkgError("serve-failed", f"the server stopped by itself (exit {process.returncode}): {detail[-800:]}",
                        "run `nrkg serve` again")
    except KeyboardInterrupt:
        progress("stopping the server")
    finally:
        stop(process, location)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
