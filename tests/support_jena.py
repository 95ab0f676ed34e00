"""Running Apache Jena's command-line tools (Debian ``libapache-jena-java``) from tests.

Debian ships the jars without wrapper scripts and with a packaging bug: the shaded Xerces classes
look for their message bundles under ``xerces/…`` while the jar keeps them under
``org/apache/jena/ext/xerces/…``, so every command dies at start-up with "internal error". The fix is
to copy those ``.properties`` files into a directory on the classpath, which :func:`classpath` does
once per process. The jar manifests carry no Class-Path either, so the dependencies are listed here.

Jena tools exit 0 on some failures (``shacl validate`` on non-conforming data): judge them by their
output. :func:`riot_validate` does: a file is valid when riot counts its triples and logs no WARN or
ERROR line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

JAVA_DIR = Path(os.environ.get("JENA_JAVA_DIR", "/usr/share/java"))

JARS = (
    "jena-base", "jena-core", "jena-arq", "jena-iri", "jena-shacl", "jena-shex", "jena-cmds",
    "jena-tdb", "jena-tdb2", "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage",
    "jena-dboe-trans-data", "jena-dboe-transaction", "jena-rdfconnection",
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
    "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core", "jackson-databind",
    "jackson-annotations", "jsonld-java", "jakarta.json-api", "titanium-json-ld", "protobuf", "thrift",
    "slf4j-api", "slf4j-simple",  # slf4j-simple, not -nop: riot reports parse errors through the log
)
XERCES_PREFIX = "org/apache/jena/ext/xerces/"


def available() -> bool:
    """Java and the Jena jars are installed."""
    return shutil.which("java") is not None and (JAVA_DIR / "jena-core.jar").is_file() \
        and (JAVA_DIR / "jena-cmds.jar").is_file()


def why_missing() -> str:
    return ("Apache Jena command-line tools are not installed "
            "(Debian: apt-get install -y libapache-jena-java default-jre-headless)")


@lru_cache(maxsize=1)
def classpath() -> str:
    """The classpath for Jena's commands, including the Xerces message-bundle fix directory."""
    fix = Path(tempfile.mkdtemp(prefix="nrkg-jena-xerces-"))
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(XERCES_PREFIX) and name.endswith(".properties"):
                target = fix / "xerces" / name[len(XERCES_PREFIX):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [str(JAVA_DIR / f"{name}.jar") for name in JARS if (JAVA_DIR / f"{name}.jar").is_file()]
    return os.pathsep.join([str(fix), *jars])


def run(main_class: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run one Jena command class (``riotcmd.riot``, ``shacl.shacl``, ``arq.sparql`` ...)."""
    return subprocess.run(["java", "-cp", classpath(), main_class, *args],
                          capture_output=True, text=True, timeout=timeout)


@dataclass
class RiotResult:
    valid: bool
    triples: int | None
    problems: list[str]
    output: str


def riot_validate(path: Path | str) -> RiotResult:
    """Parse a file with riot; valid when it reports a triple/quad count and no WARN/ERROR line."""
    proc = run("riotcmd.riot", "--validate", "--count", str(path))
    output = proc.stdout + proc.stderr
    problems = [line for line in output.splitlines() if re.search(r"\b(ERROR|WARN)\b", line)]
    match = re.search(r"(?:Triples|Quads) = ([\d,]+)", output)
    triples = int(match.group(1).replace(",", "")) if match else None
    return RiotResult(valid=triples is not None and not problems, triples=triples,
                      problems=problems, output=output)
