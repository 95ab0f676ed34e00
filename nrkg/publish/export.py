"""The release: the built dataset in every form people load, described in VoID, with checksums.

Layout of the release directory::

    nrkg.trig  nrkg.nq  nrkg.jsonld     the whole dataset (TriG, N-Quads, expanded JSON-LD)
    ontology.ttl                        the ontology alone (its graph)
    inferred.ttl                        the inferred graph, apart from what is asserted
    graphs/<role>.ttl                   every other named graph in Turtle (graphs/doc/<stem>.ttl ...)
    void.ttl                            VoID: the dataset, one subset per graph with its triple count,
                                        dump files, vocabularies, licence, version
    SHA256SUMS                          `sha256sum -c` manifest of all the files above

Everything is generated from the sorted quads with no timestamps, so two exports of one build are
byte-identical. The directory is written next to the target and renamed into place, so a reader
never sees a half-written release.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nrkg import __version__
from nrkg.files import replace_tree
from nrkg.progress import Progress, silent

from nrkg.model import iri

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATASET = iri.BASE + "dataset"
TOP_LEVEL = {iri.GRAPH_ONTOLOGY: "ontology.ttl", iri.GRAPH_INFERRED: "inferred.ttl"}
INSTANCE_NAMESPACES = {"id", "doc", "claim", "anno", "mention", "graph"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
FORMATS = {".trig": "http://www.w3.org/ns/formats/TriG", ".nq": "http://www.w3.org/ns/formats/N-Quads",
           ".jsonld": "http://www.w3.org/ns/formats/JSON-LD", ".ttl": "http://www.w3.org/ns/formats/Turtle"}


def graph_file(graph: str) -> str:
    """The release file of a named graph: ontology.ttl, inferred.ttl, or graphs/<path>.ttl."""
    if graph in TOP_LEVEL:
        return TOP_LEVEL[graph]
    if graph.startswith(iri.GRAPH):
        rel = graph[len(iri.GRAPH):]
        if rel and all(part and part not in (".", "..") and all(c.isalnum() or c in "-_." for c in part)
                       for part in rel.split("/")):
            return f"graphs/{rel}.ttl"
    return f"graphs/other/{hashlib.sha256(graph.encode()).hexdigest()[:16]}.ttl"


def read_quads(nquads: Path) -> list:
    import pyoxigraph as ox

    from nrkg.build.write import quad_key

    return sorted(set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)), key=quad_key)


def release_files(quads: list, version: str = __version__) -> dict[str, bytes]:
    """Every release file (relative path -> bytes) except SHA256SUMS."""
    import pyoxigraph as ox

    from nrkg.build.write import trig_bytes, turtle_bytes

    graphs: dict[str, list] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    files: dict[str, bytes] = {
        "nrkg.nq": "".join(f"{q} .\n" for q in quads).encode("utf-8"),
        "nrkg.trig": trig_bytes(quads),
    }
    jsonld = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD))
    files["nrkg.jsonld"] = (json.dumps(jsonld, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    for name in sorted(graphs):
        files[graph_file(name)] = turtle_bytes(graphs[name])
    files["void.ttl"] = void_ttl(graphs, sorted(files), version)
    return dict(sorted(files.items()))


def vocabularies(triples_by_graph: dict[str, list]) -> list[str]:
    """Namespaces (from the project prefixes) of every predicate and class used, instances excluded."""
    namespaces = sorted(((p, ns) for p, ns in iri.PREFIXES.items() if p not in INSTANCE_NAMESPACES),
                        key=lambda item: -len(item[1]))
    used = set()
    for triples in triples_by_graph.values():
        for t in triples:
            terms = [t.predicate.value]
            if t.predicate.value == RDF_TYPE and hasattr(t.object, "value") and not hasattr(t.object, "language"):
                terms.append(t.object.value)
            for term in terms:
                for _, ns in namespaces:
                    if term.startswith(ns):
                        used.add(ns.rstrip("#") if ns.endswith("#") else ns)
                        break
    return sorted(used)


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def void_ttl(graphs: dict[str, list], dumps: list[str], version: str) -> bytes:
    total = sum(len(t) for t in graphs.values())
    subjects = {str(t.subject) for triples in graphs.values() for t in triples}
    lines = [
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        "# Dump files are relative to this file's location.",
        "",
        f"<{DATASET}> a void:Dataset ;",
        f"    dct:title {_lit('nrkg: a knowledge graph of NATO–Russia relations')}@en ;",
        "    dct:description " + _lit("Claims from news documents about relations between NATO and Russia, "
                                      "each tied to a verbatim quote, with shared entities, background facts, "
                                      "an OWL ontology, inferred triples and reviewed links to Wikidata and "
                                      "DBpedia. One named graph per source document and role.") + "@en ;",
        f"    dct:license <{LICENSE}> ;",
        f"    dct:hasVersion {_lit(version)} ;",
        f"    owl:versionInfo {_lit(version)} ;",
        *[f"    dct:conformsTo <{v}> ;" for v in ontology_versions(graphs)],
        f"    void:uriSpace {_lit(iri.BASE)} ;",
        f"    void:triples {total} ;",
        f"    void:distinctSubjects {len(subjects)} ;",
        "    void:feature " + ", ".join(f"<{FORMATS[ext]}>" for ext in (".trig", ".nq", ".jsonld", ".ttl")) + " ;",
        "    void:dataDump " + ", ".join(f"<{name}>" for name in ("nrkg.trig", "nrkg.nq", "nrkg.jsonld")) + " ;",
        "    void:vocabulary " + ", ".join(f"<{ns}>" for ns in vocabularies(graphs)) + " ;",
        "    void:subset " + ",\n        ".join(f"<{subset_iri(g)}>" for g in sorted(graphs)) + " .",
    ]
    for name in sorted(graphs):
        triples = graphs[name]
        dump = graph_file(name)
        assert dump in dumps
        lines += [
            "",
            f"<{subset_iri(name)}> a void:Dataset ;",
            f"    sd:name <{name}> ;",
            f"    dct:license <{LICENSE}> ;",
            f"    void:triples {len(triples)} ;",
            f"    void:distinctSubjects {len({str(t.subject) for t in triples})} ;",
            f"    void:dataDump <{dump}> .",
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def ontology_versions(graphs: dict[str, list]) -> list[str]:
    """The ontology's owl:versionIRI(s): the version of the model the data conforms to."""
    return sorted({t.object.value for t in graphs.get(iri.GRAPH_ONTOLOGY, [])
                   if t.predicate.value == "http://www.w3.org/2002/07/owl#versionIRI"})


def subset_iri(graph: str) -> str:
    if graph.startswith(iri.GRAPH):
        return f"{DATASET}/{graph[len(iri.BASE):]}"
    return f"{DATASET}/other/{hashlib.sha256(graph.encode()).hexdigest()[:16]}"


def checksums(files: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())).encode()


def export(built, out_dir: Path, progress: Progress = silent) -> list[str]:
    """Write the release of a build (anything with ``.nquads``) to ``out_dir``; return the file names."""
    out_dir = Path(out_dir)
    quads = read_quads(built.nquads)
    files = release_files(quads)
    files["SHA256SUMS"] = checksums(files)
    progress(f"writing {len(files)} files ({len(quads)} quads) to {out_dir}")
    replace_tree(out_dir, files)
    return sorted(files)
