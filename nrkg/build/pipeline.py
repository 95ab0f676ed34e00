"""The build: sources → ground → reason → links → check and validate → write.

``ensure_built()`` is what every command calls: it hashes the inputs (a few milliseconds, no heavy
imports) and rebuilds only when the recorded hash differs, so a new user never has to run ``build``.
Outputs are written atomically and ``build-info.json`` last, so a killed build leaves the previous
dataset in place and is simply redone next time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from nrkg import __version__

from nrkg.model import iri
from nrkg.errors import CheckFailed, NrkgError
from nrkg.paths import PACKAGE_DIR, data_dir, default_out_dir
from nrkg.progress import Progress, silent

INFO = "build-info.json"
TRIG = "nrkg.trig"
NQUADS = "nrkg.nq"
REPORT = "validation-report.ttl"
INPUT_DIRS = ("ontology", "graph", "shapes", "documents", "mappings")
BUILD_CODE = ("build", "model")



@dataclass
class Build:
    dir: Path
    input_hash: str
    info: dict = field(default_factory=dict)

    @property
    def trig(self) -> Path:
        return self.dir / TRIG

    @property
    def nquads(self) -> Path:
        return self.dir / NQUADS

    @property
    def report(self) -> Path:
        return self.dir / REPORT


@dataclass
class Assembled:
    """The dataset in memory, before checks: what `validate` and `check` inspect."""

    dataset: object  # rdflib.Dataset
    quads: list
    coverage: object  # ground.Coverage
    documents: list


def input_files() -> list[tuple[str, Path]]:
    """Every file whose content the build depends on, with a stable relative name."""
    files = []
    for name in INPUT_DIRS:
        root = data_dir(name)
        if root.is_dir():
            files += [(f"{name}/{p.relative_to(root).as_posix()}", p) for p in root.rglob("*") if p.is_file()]
    checks = data_dir("queries") / "checks"
    if checks.is_dir():
        files += [(f"queries/checks/{p.name}", p) for p in checks.glob("*.rq")]
    # the code that decides what the build writes: the build stages, the model and the base modules
    code = [p for p in PACKAGE_DIR.glob("*.py")] + [p for layer in BUILD_CODE for p in (PACKAGE_DIR / layer).rglob("*.py")]
    files += [(f"nrkg/{p.relative_to(PACKAGE_DIR).as_posix()}", p) for p in code]
    return sorted(files)


def input_hash() -> str:
    digest = hashlib.sha256(__version__.encode())
    for name, path in input_files():
        if "__pycache__" in name:
            continue
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current(out_dir: Path, wanted: str) -> Build | None:
    """The build in out_dir if it was made from exactly these inputs."""
    try:
        info = json.loads((out_dir / INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    build = Build(out_dir, wanted, info)
    if info.get("input_hash") == wanted and build.trig.is_file() and build.nquads.is_file():
        return build
    return None


def ensure_built(out_dir: Path | None = None, force: bool = False, progress: Progress = silent) -> Build:
    """Return an up-to-date build, making it first when it is missing or stale."""
    wanted = input_hash()
    target = Path(out_dir) if out_dir else default_out_dir(wanted)
    if not force:
        found = current(target, wanted)
        if found:
            return found
    return build(target, wanted, progress)


# ----------------------------------------------------------------------------- stages

def corpus_graph(graph, documents) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, XSD

    n = lambda name: URIRef(iri.ONTOLOGY + name)  # noqa: E731
    for document in documents:
        node = URIRef(iri.doc_iri(document.stem))
        graph.add((node, RDF.type, n("NewsArticle")))
        graph.add((node, DCTERMS.identifier, Literal(document.stem)))
        graph.add((node, n("fileName"), Literal(document.file_name)))
        graph.add((node, n("sha256"), Literal(document.sha256)))
        graph.add((node, n("byteSize"), Literal(document.size, datatype=XSD.integer)))
        graph.add((node, n("charCount"), Literal(len(document.text), datatype=XSD.integer)))
        graph.add((node, n("encoding"), Literal("UTF-8")))
        graph.add((node, DCTERMS.format, Literal("text/plain")))


def asserted_graph_names(dataset) -> list[str]:
    derived = {iri.GRAPH_INFERRED, iri.GRAPH_LINKS, iri.GRAPH_ONTOLOGY}
    return sorted(str(g.identifier) for g in dataset.graphs()
                  if str(g.identifier).startswith(iri.GRAPH) and str(g.identifier) not in derived and len(g))


def assemble(progress: Progress = silent):
    """Parse, ground, reason and link: the whole dataset in memory, not yet checked or written."""
    from rdflib import URIRef

    from nrkg.build.corpus import load_corpus
    from nrkg.build.ground import ground
    from nrkg.build.sources import parse_sources, source_files

    documents = load_corpus(data_dir("documents"))
    files = source_files(data_dir("ontology"), data_dir("graph"), [d.stem for d in documents])
    progress(f"parsing {len(files)} source files")
    dataset = parse_sources(files)
    progress(f"grounding evidence in {len(documents)} documents")
    coverage = ground(dataset, documents)
    corpus_graph(dataset.graph(URIRef(iri.GRAPH_CORPUS)), documents)

    mapping = data_dir("mappings") / "nrkg.sssom.tsv"
    if mapping.is_file():
        from nrkg.build.links import links_graph

        links = dataset.graph(URIRef(iri.GRAPH_LINKS))
        for triple in links_graph(mapping):
            links.add(triple)

    progress("reasoning (OWL 2 RL)")
    from nrkg.build.reason import infer

    asserted = [dataset.graph(URIRef(name)) for name in asserted_graph_names(dataset)]
    inferred = infer(dataset.graph(URIRef(iri.GRAPH_ONTOLOGY)), asserted)
    target = dataset.graph(URIRef(iri.GRAPH_INFERRED))
    for triple in inferred:
        target.add(triple)

    from nrkg.build.write import dataset_quads

    return Assembled(dataset, dataset_quads(dataset), coverage, documents)


def build(out_dir: Path, wanted: str, progress: Progress = silent) -> Build:
    from nrkg.build.write import nquads_bytes, trig_bytes
    from nrkg.files import write_atomic

    assembled = assemble(progress)
    quads = assembled.quads
    out_dir.mkdir(parents=True, exist_ok=True)

    progress("running graph checks and SHACL validation")
    failures = verify(assembled, out_dir)

    coverage = assembled.coverage
    graphs: dict[str, int] = {}
    for quad in quads:
        graphs[quad.graph_name.value] = graphs.get(quad.graph_name.value, 0) + 1
    nq, trig = nquads_bytes(quads), trig_bytes(quads)
    info = {
        "version": __version__,
        "input_hash": wanted,
        "quads": len(quads),
        "graphs": dict(sorted(graphs.items())),
        "coverage": {
            "facts": coverage.facts,
            "grounded": coverage.grounded,
            "ratio": round(coverage.ratio, 4),
            "per_document": {k: {"grounded": g, "facts": f} for k, (g, f) in sorted(coverage.per_document.items())},
            "mention_failures": coverage.mention_failures,
        },
        "files": {NQUADS: hashlib.sha256(nq).hexdigest(), TRIG: hashlib.sha256(trig).hexdigest()},
    }
    if failures:
        raise CheckFailed("build-checks-failed", "the graph fails its checks:\n  " + "\n  ".join(failures),
                          f"the SHACL report is in {out_dir / REPORT}; run `nrkg check` and `nrkg validate` for details")
    write_atomic(out_dir / NQUADS, nq)
    write_atomic(out_dir / TRIG, trig)
    write_atomic(out_dir / INFO, (json.dumps(info, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    progress(f"wrote {out_dir / TRIG} ({len(quads)} quads in {len(graphs)} graphs); "
             f"grounded {coverage.grounded}/{coverage.facts} facts ({coverage.ratio:.1%})")
    return Build(out_dir, wanted, info)


def verify(assembled: Assembled, out_dir: Path) -> list[str]:
    """Run the violation queries and SHACL; write the SHACL report; return failure summaries."""
    from nrkg.build.check import run_checks
    from nrkg.files import write_atomic
    from nrkg.build.validate import validate_dataset

    import pyoxigraph as ox

    store = ox.Store()
    store.extend(assembled.quads)
    failures = []
    for result in run_checks(store):
        if result.rows and result.severity == "error":
            failures.append(f"check {result.name}: {len(result.rows)} row(s)")
    report = validate_dataset(assembled.dataset)
    write_atomic(out_dir / REPORT, report.to_turtle().encode("utf-8"))
    if not report.conforms:
        failures.append(f"SHACL: {report.summary()}")
    return failures

