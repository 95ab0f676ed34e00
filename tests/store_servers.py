"""Real triple stores for the tests: Oxigraph's server and Virtuoso, on free loopback ports.

Each server is started in a temporary directory, bound to 127.0.0.1 only, polled until it answers,
and stopped by its process id. A missing binary skips the test on a developer machine and fails it
when CI=true (see :func:`require_binary`).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from support import find_binary, require

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = db/virtuoso.db
ErrorLogFile       = db/virtuoso.log
LockFile           = db/virtuoso.lck
TransactionFile    = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = db/virtuoso-temp.db
TransactionFile    = db/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DirsAllowed        = ., import
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = www
[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 120
"""


def require_binary(name: str, why: str) -> str:
    """The path of a binary, or skip (developer machine) / fail (CI=true) with the reason."""
    path = find_binary(name)
    require(path is not None, f"{name} not found ({why})")
    return path  # type: ignore[return-value]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}\n{detail}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                response.read()
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"server did not answer {url} within {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class OxigraphServer:
    """`oxigraph serve` on a free loopback port; in memory unless a location is given."""

    kind = "oxigraph"

    def __init__(self, binary: str, location: Path | None = None):
        self.binary = binary
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "OxigraphServer":
        args = [self.binary, "serve", "--bind", f"127.0.0.1:{self.port}"]
        if self.location:
            args += ["--location", str(self.location)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(self.url + "/", self.process, 20)
        return self

    def stop(self) -> None:
        if self.process:
            stop(self.process)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class VirtuosoServer:
    """`virtuoso-t` with a throwaway database in a temporary directory, loopback ports only."""

    kind = "virtuoso"
    user = "dba"
    password = "dba"

    def __init__(self, binary: str):
        self.binary = binary
        self.dir = Path(tempfile.mkdtemp(prefix="nrkg-virtuoso-"))
        self.sql_port = free_port()
        self.port = free_port()
        while self.port == self.sql_port:
            self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "VirtuosoServer":
        for sub in ("db", "import", "www"):
            (self.dir / sub).mkdir(exist_ok=True)
        (self.dir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql_port=self.sql_port, http_port=self.port))
        log = self.dir / "virtuoso.out"
        with open(log, "wb") as out:
            self.process = subprocess.Popen([self.binary, "+foreground", "+configfile", "virtuoso.ini"],
                                            cwd=self.dir, stdout=out, stderr=subprocess.STDOUT)
        wait_http(self.url + "/sparql?query=ASK%7B%7D", self.process, 60, log)
        return self

    def stop(self) -> None:
        if self.process:
            stop(self.process)  # SIGTERM: quick shutdown, fine for a throwaway database
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
