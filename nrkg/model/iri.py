"""The project's IRI scheme, as plain strings (importing rdflib here would slow the query path)."""

BASE = "https://w3id.org/nrkg/"
ONTOLOGY = BASE + "ontology#"
ONTOLOGY_IRI = BASE + "ontology"
ENTITY = BASE + "id/"
DOC = BASE + "doc/"
CLAIM = BASE + "claim/"
ANNO = BASE + "anno/"
MENTION = BASE + "mention/"
GRAPH = BASE + "graph/"

GRAPH_ENTITIES = GRAPH + "entities"
GRAPH_CORPUS = GRAPH + "corpus"
GRAPH_BACKGROUND = GRAPH + "background"
GRAPH_INFERRED = GRAPH + "inferred"
GRAPH_LINKS = GRAPH + "links"
GRAPH_ONTOLOGY = GRAPH + "ontology"
GRAPH_DOC = GRAPH + "doc/"

# Prefixes used in query results, TriG output and the table format.
PREFIXES = {
    "nrkg": ONTOLOGY,
    "id": ENTITY,
    "doc": DOC,
    "claim": CLAIM,
    "anno": ANNO,
    "mention": MENTION,
    "graph": GRAPH,
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "dbr": "http://dbpedia.org/resource/",
}


def doc_iri(stem: str) -> str:
    return DOC + stem


def doc_graph(stem: str) -> str:
    return GRAPH_DOC + stem


def claim_ns(stem: str) -> str:
    return CLAIM + stem + "/"


def is_doc_graph(graph: str) -> bool:
    return graph.startswith(GRAPH_DOC)


def stem_of_doc_graph(graph: str) -> str:
    return graph[len(GRAPH_DOC):]


def compact(iri: str) -> str:
    """Shorten an IRI with the project prefixes, for human-facing tables."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, name = ns, prefix
    if not best:
        return iri
    local = iri[len(best):]
    return f"{name}:{local}"
