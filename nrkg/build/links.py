"""Links to Wikidata and DBpedia: the SSSOM mapping set, its checks, the links graph, coverage,
and link candidates from a label dump.

``mappings/nrkg.sssom.tsv`` is an SSSOM TSV file: a ``#``-prefixed YAML metadata block (a small
subset of YAML: ``key: value`` lines and one nested ``curie_map``), then a tab-separated table.
Every mapping names, in ``see_also``, a committed excerpt of the public source where its identifier
was confirmed (``mappings/evidence/…``); the checks read that excerpt and require it to show the
identifier and a label. Only the standard library is used here, except :func:`links_graph`, which
imports rdflib inside the function.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from nrkg.model import iri
from nrkg.errors import NrkgError

SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA_DESCRIPTION = "http://schema.org/description"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
DBPEDIA_RESOURCE = "http://dbpedia.org/resource/"

PREDICATES = {"skos:exactMatch", "skos:closeMatch", "owl:sameAs"}
IDENTITY = {"skos:exactMatch", "owl:sameAs"}
JUSTIFICATIONS = {"semapv:ManualMappingCuration"}
REQUIRED_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
                    "mapping_justification", "confidence", "author_id", "see_also")
REQUIRED_METADATA = ("curie_map", "mapping_set_id", "license")
TARGETS = {  # target dataset -> (prefix, namespace)
    "wikidata": ("wd", WIKIDATA_ENTITY),
    "dbpedia": ("dbr", DBPEDIA_RESOURCE),
}
_QID = re.compile(r"Q[1-9]\d*")
_DBR_LOCAL = re.compile(r"[^\s<>\"{}|^`\\/#?]+")


@dataclass
class Mapping:
    line: int
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    confidence: str
    author_id: str
    see_also: str
    comment: str = ""

    @property
    def subject_iri(self) -> str:
        return iri.ENTITY + self.subject_id.split(":", 1)[1]

    @property
    def target(self) -> str | None:
        prefix = self.object_id.split(":", 1)[0]
        return next((name for name, (p, _) in TARGETS.items() if p == prefix), None)

    @property
    def object_local(self) -> str:
        return self.object_id.split(":", 1)[1] if ":" in self.object_id else self.object_id


@dataclass
class MappingSet:
    path: Path
    metadata: dict
    mappings: list[Mapping] = field(default_factory=list)

    def expand(self, curie: str) -> str:
        prefix, sep, local = curie.partition(":")
        namespace = self.metadata.get("curie_map", {}).get(prefix)
        if not sep or namespace is None:
            raise KeyError(curie)
        return namespace + local


# ----------------------------------------------------------------------------- reading

def _invalid(path: Path, problems: list[str]) -> NrkgError:
    shown = "\n  ".join(problems[:50]) + ("\n  …" if len(problems) > 50 else "")
    return NrkgError("mapping-invalid", f"{path}: {len(problems)} problem(s) in the mapping set:\n  {shown}",
                     "fix the rows named above; see docs/linking.md for the columns and the evidence rule")


def parse_metadata(lines: list[tuple[int, str]], path: Path) -> dict:
    """The SSSOM metadata block: ``key: value`` lines and one level of nested ``key: value`` maps."""
    metadata: dict = {}
    current: str | None = None
    problems = []
    for number, raw in lines:
        text = raw[1:]
        if text.startswith(" "):
            text = text[1:] if not text.startswith("  ") else text
        if not text.strip():
            continue
        nested = re.match(r"^\s{2,}([A-Za-z_][\w.-]*):\s+(\S.*)$", text)
        top = re.match(r"^([A-Za-z_][\w.-]*):(?:\s+(\S.*))?$", text)
        if nested and current is not None:
            metadata[current][nested.group(1)] = nested.group(2).strip()
        elif top:
            key, value = top.group(1), top.group(2)
            if value is None:
                metadata[key], current = {}, key
            else:
                metadata[key], current = value.strip(), None
        else:
            problems.append(f"line {number}: not a metadata line ({raw.strip()!r})")
    if problems:
        raise _invalid(path, problems)
    return metadata


def read_mapping_set(path: Path) -> MappingSet:
    """Parse an SSSOM TSV file (metadata block + table) without judging its content."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NrkgError("mapping-invalid", f"{path}: cannot be read ({exc.strerror})",
                        "check the path of the mapping file") from None
    lines = text.splitlines()
    meta_lines, body_start = [], len(lines)
    for index, line in enumerate(lines):
        if line.startswith("#"):
            meta_lines.append((index + 1, line))
        else:
            body_start = index
            break
    metadata = parse_metadata(meta_lines, path)
    reader = csv.reader(lines[body_start:], delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    if not rows:
        raise _invalid(path, ["no table header after the metadata block"])
    header = rows[0]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _invalid(path, [f"line {body_start + 1}: missing column(s) {', '.join(missing)}"])
    mapping_set = MappingSet(path, metadata)
    for offset, row in enumerate(rows[1:], start=1):
        number = body_start + offset + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise _invalid(path, [f"line {number}: {len(row)} cells, the header has {len(header)}"])
        values = dict(zip(header, (cell.strip() for cell in row)))
        mapping_set.mappings.append(Mapping(number, *(values[c] for c in REQUIRED_COLUMNS),
                                            comment=values.get("comment", "")))
    return mapping_set


# ----------------------------------------------------------------------------- checks

def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


def evidence_shows(excerpt: str, identifier: str, labels: list[str]) -> tuple[bool, bool]:
    """Does the excerpt show the identifier (as a whole token) and one of the labels?"""
    if identifier.startswith("Q"):
        has_id = re.search(r"(?<![A-Za-z0-9])" + re.escape(identifier) + r"(?![0-9])", excerpt) is not None
    else:  # a DBpedia local name: the same name as an English Wikipedia title or a DBpedia IRI
        has_id = re.search(r"(?:wiki/|resource/)" + re.escape(identifier) + r"(?![\w%(])", excerpt) is not None
    normal = _normal(excerpt)
    has_label = any(label and _normal(label) in normal for label in labels)
    return has_id, has_label


def check_mapping_set(mapping_set: MappingSet, entities: set[str] | None = None) -> list[str]:
    """Every problem of the mapping set, as ``line N: …`` strings (empty when it is sound)."""
    problems: list[str] = []
    meta = mapping_set.metadata
    for key in REQUIRED_METADATA:
        if not meta.get(key):
            problems.append(f"metadata: {key} is missing")
    curie_map = meta.get("curie_map") if isinstance(meta.get("curie_map"), dict) else {}
    for prefix, namespace in (("id", iri.ENTITY), ("wd", WIKIDATA_ENTITY), ("dbr", DBPEDIA_RESOURCE),
                              ("skos", SKOS), ("owl", OWL)):
        if prefix in curie_map and curie_map[prefix] != namespace:
            problems.append(f"metadata: curie_map {prefix} is {curie_map[prefix]!r}, expected {namespace!r}")
    base = mapping_set.path.parent
    excerpts: dict[str, str | None] = {}
    identity_by_subject: dict[tuple[str, str], set[str]] = {}
    identity_by_object: dict[str, set[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for m in mapping_set.mappings:
        where = f"line {m.line}"
        for column in ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id"):
            prefix = getattr(m, column).partition(":")[0]
            if ":" not in getattr(m, column) or prefix not in curie_map:
                problems.append(f"{where}: {column} {getattr(m, column)!r} is not a CURIE with a prefix of the curie_map")
        if not re.fullmatch(r"id:[a-z0-9]+(?:-[a-z0-9]+)*", m.subject_id):
            problems.append(f"{where}: subject_id {m.subject_id!r} is not an entity CURIE id:<slug>")
        elif entities is not None and m.subject_iri not in entities:
            problems.append(f"{where}: subject {m.subject_id} is not an entity of graph/entities.ttl")
        if m.predicate_id not in PREDICATES:
            problems.append(f"{where}: predicate_id {m.predicate_id!r} is not one of {', '.join(sorted(PREDICATES))}")
        target = m.target
        if target == "wikidata":
            if not _QID.fullmatch(m.object_local):
                problems.append(f"{where}: object_id {m.object_id!r} is not a Wikidata item wd:Q<digits>")
        elif target == "dbpedia":
            if not _DBR_LOCAL.fullmatch(m.object_local) or m.object_local[0].islower():
                problems.append(f"{where}: object_id {m.object_id!r} is not a DBpedia resource dbr:<Article_title>")
        else:
            problems.append(f"{where}: object_id {m.object_id!r} is neither wd:Q… (Wikidata) nor dbr:… (DBpedia)")
        if m.mapping_justification not in JUSTIFICATIONS:
            problems.append(f"{where}: mapping_justification {m.mapping_justification!r} is not "
                            + " or ".join(sorted(JUSTIFICATIONS)))
        try:
            confidence = float(m.confidence)
            if not 0.0 <= confidence <= 1.0:
                raise ValueError
        except ValueError:
            problems.append(f"{where}: confidence {m.confidence!r} is not a number between 0 and 1")
        if not m.subject_label or not m.object_label:
            problems.append(f"{where}: subject_label and object_label are required")
        # verification source
        if not m.see_also:
            problems.append(f"{where}: no verification source (see_also)")
        else:
            evidence = (base / m.see_also)
            if m.see_also.startswith(("/", "\\")) or ".." in Path(m.see_also).parts \
                    or not m.see_also.startswith("evidence/"):
                problems.append(f"{where}: see_also {m.see_also!r} must be a file under evidence/")
            else:
                if m.see_also not in excerpts:
                    try:
                        excerpts[m.see_also] = evidence.read_text(encoding="utf-8")
                    except OSError:
                        excerpts[m.see_also] = None
                excerpt = excerpts[m.see_also]
                if excerpt is None:
                    problems.append(f"{where}: verification source {m.see_also} does not exist")
                else:
                    if not re.match(r"#\s*source:\s*\S+", excerpt):
                        problems.append(f"{where}: {m.see_also} does not start with '# source: <where it is from>'")
                    has_id, has_label = evidence_shows(excerpt, m.object_local, [m.object_label, m.subject_label])
                    if not has_id:
                        problems.append(f"{where}: {m.see_also} does not show the identifier {m.object_local}")
                    if not has_label:
                        problems.append(f"{where}: {m.see_also} shows no label of {m.subject_id} "
                                        f"({m.subject_label!r} or {m.object_label!r})")
        # uniqueness
        triple = (m.subject_id, m.predicate_id, m.object_id)
        if triple in seen:
            problems.append(f"{where}: duplicate mapping {m.subject_id} {m.predicate_id} {m.object_id}")
        seen.add(triple)
        if m.predicate_id in IDENTITY and target:
            identity_by_subject.setdefault((m.subject_id, target), set()).add(m.object_id)
            identity_by_object.setdefault(m.object_id, set()).add(m.subject_id)
    for (subject, target), objects in sorted(identity_by_subject.items()):
        if len(objects) > 1:
            problems.append(f"{subject} has {len(objects)} different exact matches in {target}: "
                            f"{', '.join(sorted(objects))}")
    for obj, subjects in sorted(identity_by_object.items()):
        if len(subjects) > 1:
            problems.append(f"{obj} is the exact match of {len(subjects)} entities: {', '.join(sorted(subjects))}")
    for m in mapping_set.mappings:  # an exact match and a close match to the same object contradict
        if m.predicate_id == "skos:closeMatch" and m.object_id in {
                o for (s, _), objs in identity_by_subject.items() if s == m.subject_id for o in objs}:
            problems.append(f"line {m.line}: {m.subject_id} is both an exact and a close match of {m.object_id}")
    return problems


def entity_iris(entities_file: Path) -> dict[str, list[str]]:
    """Entity IRI -> its rdf:type IRIs, read with rdflib from graph/entities.ttl."""
    from rdflib import RDF, Graph, URIRef

    graph = Graph()
    graph.parse(str(entities_file), format="turtle")
    found: dict[str, list[str]] = {}
    for subject, _, cls in graph.triples((None, RDF.type, None)):
        if isinstance(subject, URIRef) and str(subject).startswith(iri.ENTITY):
            found.setdefault(str(subject), []).append(str(cls))
    return {k: sorted(v) for k, v in found.items()}


def _entities_beside(mapping_file: Path) -> Path | None:
    candidate = Path(mapping_file).resolve().parent.parent / "graph" / "entities.ttl"
    return candidate if candidate.is_file() else None


def load_checked(mapping_file: Path, entities_file: Path | None = None) -> MappingSet:
    """Read and check a mapping set; raise ``mapping-invalid`` listing every problem."""
    mapping_set = read_mapping_set(mapping_file)
    entities_file = entities_file or _entities_beside(mapping_file)
    entities = set(entity_iris(entities_file)) if entities_file else None
    problems = check_mapping_set(mapping_set, entities)
    if problems:
        raise _invalid(Path(mapping_file), problems)
    return mapping_set


def links_graph(mapping_file: Path):
    """The links graph: one triple per mapping (subject, SKOS/OWL predicate, external IRI), nothing else.

    The mapping set is checked first (form, verification source, uniqueness, and — when
    graph/entities.ttl sits beside mappings/ — that every subject is an entity).
    """
    from rdflib import Graph, URIRef

    mapping_set = load_checked(mapping_file)
    graph = Graph()
    for m in sorted(mapping_set.mappings, key=lambda m: (m.subject_id, m.predicate_id, m.object_id)):
        graph.add((URIRef(m.subject_iri), URIRef(mapping_set.expand(m.predicate_id)),
                   URIRef(mapping_set.expand(m.object_id))))
    return graph


# ----------------------------------------------------------------------------- coverage

def read_unmapped(path: Path) -> dict[str, str]:
    """``mappings/unmapped.tsv``: entity CURIE -> reason."""
    reasons: dict[str, str] = {}
    if not Path(path).is_file():
        return reasons
    lines = [line for line in Path(path).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("subject_id"):
            reasons[row["subject_id"].strip()] = (row.get("reason") or "").strip()
    return reasons


def coverage(mapping_file: Path, entities_file: Path, unmapped_file: Path | None = None) -> dict:
    """Entities mapped and unmapped, overall and by class, with the reason for each unmapped one.

    ``unreviewed`` lists entities neither mapped nor listed in unmapped.tsv (a curator should decide).
    """
    mapping_set = load_checked(mapping_file, entities_file)
    entities = entity_iris(entities_file)
    unmapped_file = unmapped_file or Path(mapping_file).parent / "unmapped.tsv"
    reasons = read_unmapped(unmapped_file)
    by_subject: dict[str, list[Mapping]] = {}
    for m in mapping_set.mappings:
        by_subject.setdefault(m.subject_iri, []).append(m)
    classes: dict[str, dict] = {}
    mapped, unmapped, unreviewed = [], [], []
    for entity, types in sorted(entities.items()):
        curie = "id:" + entity[len(iri.ENTITY):]
        cls = iri.compact(types[0]) if types else "-"
        row = classes.setdefault(cls, {"entities": 0, "mapped": 0, "unmapped": 0})
        row["entities"] += 1
        if entity in by_subject:
            row["mapped"] += 1
            mapped.append({"entity": curie, "class": cls,
                           "links": [f"{m.predicate_id} {m.object_id}" for m in by_subject[entity]]})
        else:
            row["unmapped"] += 1
            if curie in reasons:
                unmapped.append({"entity": curie, "class": cls, "reason": reasons[curie]})
            else:
                unreviewed.append({"entity": curie, "class": cls})
    stale = sorted(c for c in reasons if iri.ENTITY + c.split(":", 1)[-1] not in entities
                   or iri.ENTITY + c.split(":", 1)[-1] in by_subject)
    targets: dict[str, int] = {}
    for m in mapping_set.mappings:
        targets[m.target or "-"] = targets.get(m.target or "-", 0) + 1
    return {
        "entities": len(entities),
        "mapped": len(mapped),
        "unmapped": len(unmapped) + len(unreviewed),
        "mappings": len(mapping_set.mappings),
        "by_target": dict(sorted(targets.items())),
        "by_class": dict(sorted(classes.items())),
        "mapped_entities": mapped,
        "unmapped_entities": unmapped,
        "unreviewed": unreviewed,
        "stale_unmapped_rows": stale,
    }


# ----------------------------------------------------------------------------- link candidates

_NT_LINE = re.compile(r'^\s*<([^>\s]*)>\s+<([^>\s]*)>\s+(.*?)\s*\.\s*$')
_NT_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^>]*)>)?$')
_NT_IRI = re.compile(r'^<([^>\s]*)>$')
LABEL_PREDICATES = {
    RDFS_LABEL: "label",
    SKOS + "prefLabel": "label",
    SKOS + "altLabel": "alias",
}


def _unescape(text: str) -> str:
    def repl(match: re.Match) -> str:
        code = match.group(0)
        if code[1] in "uU":
            return chr(int(code[2:], 16))
        return {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}[code[1]]
    return re.sub(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf\"'\\])", repl, text)


@dataclass
class Record:
    iri: str
    labels: list[tuple[str, str | None]] = field(default_factory=list)   # (text, lang)
    aliases: list[tuple[str, str | None]] = field(default_factory=list)
    descriptions: list[tuple[str, str | None]] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


@dataclass
class LabelIndex:
    records: dict[str, Record]
    by_name: dict[str, set[str]]

    def lookup(self, name: str) -> list[Record]:
        return [self.records[i] for i in sorted(self.by_name.get(_normal(name), ()))]


def _dump_lines(path: Path):
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise NrkgError("label-dump-invalid", f"{path}: cannot be read ({exc.strerror})",
                        "pass an N-Triples file with --labels") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = _NT_LINE.match(line)
            if not match:
                raise NrkgError("label-dump-invalid", f"{path}:{number}: not an N-Triples line with an IRI subject",
                                "the dump must be N-Triples: <subject> <predicate> object .")
            subject, predicate, obj = match.groups()
            if subject.startswith(WIKIDATA_ENTITY) or subject.startswith(DBPEDIA_RESOURCE):
                yield number, subject, predicate, obj


def _literal(path: Path, number: int, obj: str) -> tuple[str, str | None]:
    literal = _NT_LITERAL.match(obj)
    if not literal:
        raise NrkgError("label-dump-invalid", f"{path}:{number}: a label or description must be a literal",
                        "labels are written \"text\"@lang")
    return _unescape(literal.group(1)), (literal.group(2) or "").lower() or None


def load_label_dump(path: Path, names: set[str] | None = None) -> LabelIndex:
    """Index an N-Triples dump of Wikidata/DBpedia labels (rdfs:label, skos:prefLabel, skos:altLabel;
    schema:description and rdf:type/wdt:P31 are kept as context for the reasons).

    With ``names``, only records that carry one of those names (compared case- and accent-insensitively)
    are kept: the dump is read twice, once to find them and once to collect what they say, so a large
    dump never has to fit in memory.
    """
    path = Path(path)
    wanted_subjects: set[str] | None = None
    if names is not None:
        wanted = {_normal(n) for n in names}
        wanted_subjects = set()
        for number, subject, predicate, obj in _dump_lines(path):
            if predicate in LABEL_PREDICATES and _normal(_literal(path, number, obj)[0]) in wanted:
                wanted_subjects.add(subject)
    records: dict[str, Record] = {}
    for number, subject, predicate, obj in _dump_lines(path):
        if wanted_subjects is not None and subject not in wanted_subjects:
            continue
        if predicate in LABEL_PREDICATES or predicate == SCHEMA_DESCRIPTION:
            value = _literal(path, number, obj)
            record = records.setdefault(subject, Record(subject))
            if predicate == SCHEMA_DESCRIPTION:
                record.descriptions.append(value)
            elif LABEL_PREDICATES[predicate] == "label":
                record.labels.append(value)
            else:
                record.aliases.append(value)
        elif predicate in (RDF_TYPE, "http://www.wikidata.org/prop/direct/P31"):
            target = _NT_IRI.match(obj)
            if target:
                records.setdefault(subject, Record(subject)).types.append(target.group(1))
    by_name: dict[str, set[str]] = {}
    for record in records.values():
        for text, _ in record.labels + record.aliases:
            by_name.setdefault(_normal(text), set()).add(record.iri)
    return LabelIndex(records, by_name)


# Words in a description that fit (or contradict) each class of the ontology.
CLASS_HINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "State": (("country", "sovereign state", "state in"), ("state of the united states", "u.s. state", "us state")),
    "City": (("city", "capital", "municipality", "town"), ("region of", "province", "state of")),
    "Region": (("region", "peninsula", "area", "territory", "republic of russia", "oblast"), ()),
    "Sea": (("sea", "ocean", "gulf"), ()),
    "Person": (("politician", "president", "minister", "spokesperson", "businessman", "born"), ()),
    "NewsOutlet": (("news", "newspaper", "magazine", "media", "journalism", "website"), ()),
    "Alliance": (("alliance", "organization", "organisation"), ()),
    "Council": (("council", "forum", "body"), ()),
    "ArmedGroup": (("militant", "movement", "organization", "group"), ()),
}


def _lang_score(lang: str | None) -> float:
    return 0.1 if lang in ("en", None) or (lang or "").startswith("en-") else 0.0


def rank_candidates(index: LabelIndex, names: list[tuple[str, bool]], classes: list[str]) -> list[dict]:
    """Candidates for one entity from its names ((text, is_pref)) and classes, best first, with reasons."""
    scored: dict[str, dict] = {}
    local_classes = [c.rsplit("#", 1)[-1] for c in classes]
    for name, is_pref in names:
        for record in index.lookup(name):
            entry = scored.setdefault(record.iri, {"iri": record.iri, "score": 0.0, "reasons": [],
                                                   "label": "", "description": ""})
            key = _normal(name)
            on_label = [(t, lang) for t, lang in record.labels if _normal(t) == key]
            on_alias = [(t, lang) for t, lang in record.aliases if _normal(t) == key]
            best = 0.0
            reason = ""
            if on_label:
                text, lang = on_label[0]
                best = (0.6 if is_pref else 0.45) + _lang_score(lang)
                reason = f"its label {text!r}{'@' + lang if lang else ''} equals our " \
                         f"{'preferred' if is_pref else 'alternative'} name {name!r}"
            elif on_alias:
                text, lang = on_alias[0]
                best = (0.35 if is_pref else 0.3) + _lang_score(lang)
                reason = f"its alias {text!r}{'@' + lang if lang else ''} equals our " \
                         f"{'preferred' if is_pref else 'alternative'} name {name!r}"
            if best > entry.get("_name", 0.0):
                entry["score"] += best - entry.get("_name", 0.0)
                entry["_name"] = best
                entry["reasons"] = [r for r in entry["reasons"] if not r.startswith("its ")] + [reason]
    for entry in scored.values():
        record = index.records[entry["iri"]]
        english = [t for t, lang in record.labels if _lang_score(lang)] or [t for t, _ in record.labels]
        entry["label"] = english[0] if english else ""
        descriptions = [t for t, lang in record.descriptions if _lang_score(lang)] or \
            [t for t, _ in record.descriptions]
        entry["description"] = descriptions[0] if descriptions else ""
        text = _normal(entry["description"])
        for cls in local_classes:
            fits, contradicts = CLASS_HINTS.get(cls, ((), ()))
            against = [w for w in contradicts if w in text]
            hits = [w for w in fits if w in text]
            if against:
                entry["score"] -= 0.3
                entry["reasons"].append(f"its description {entry['description']!r} says {against[0]!r}, "
                                        f"which does not fit nrkg:{cls}")
            elif hits:
                entry["score"] += 0.25
                entry["reasons"].append(f"its description {entry['description']!r} says {hits[0]!r}, "
                                        f"which fits nrkg:{cls}")
        if entry["iri"].startswith(WIKIDATA_ENTITY):
            entry["id"] = "wd:" + entry["iri"][len(WIKIDATA_ENTITY):]
        elif entry["iri"].startswith(DBPEDIA_RESOURCE):
            entry["id"] = "dbr:" + entry["iri"][len(DBPEDIA_RESOURCE):]
        entry["score"] = round(entry["score"], 3)
        entry.pop("_name", None)
    return sorted(scored.values(), key=lambda e: (-e["score"], e["iri"]))


def entity_names(entities_file: Path) -> dict[str, dict]:
    """Entity IRI -> {"classes": [...], "names": [(text, is_pref)]} from graph/entities.ttl."""
    from rdflib import RDF, Graph, Literal, URIRef

    graph = Graph()
    graph.parse(str(entities_file), format="turtle")
    pref, alt = URIRef(SKOS + "prefLabel"), URIRef(SKOS + "altLabel")
    result: dict[str, dict] = {}
    for subject in sorted(set(graph.subjects(RDF.type, None))):
        if not str(subject).startswith(iri.ENTITY):
            continue
        names = [(str(o), True) for o in graph.objects(subject, pref) if isinstance(o, Literal)]
        names += [(str(o), False) for o in graph.objects(subject, alt) if isinstance(o, Literal)]
        result[str(subject)] = {"classes": sorted(str(c) for c in graph.objects(subject, RDF.type)),
                                "names": sorted(set(names), key=lambda n: (not n[1], n[0]))}
    return result


def link_candidates(labels_dump: Path, entities_file: Path, mapping_file: Path | None = None,
                    only: list[str] | None = None, limit: int = 5) -> list[dict]:
    """For each entity without a mapping (or the entities in ``only``), its ranked candidates."""
    entities = entity_names(entities_file)
    mapped: set[str] = set()
    if mapping_file is not None and Path(mapping_file).is_file():
        mapped = {m.subject_iri for m in read_mapping_set(mapping_file).mappings}
    if only:
        chosen = [_find_entity(reference, entities) for reference in only]
    else:
        chosen = [e for e in entities if e not in mapped]
    index = load_label_dump(labels_dump, {n for e in chosen for n, _ in entities[e]["names"]})
    results = []
    for entity in chosen:
        info = entities[entity]
        candidates = rank_candidates(index, info["names"], info["classes"])[:limit]
        results.append({"entity": "id:" + entity[len(iri.ENTITY):],
                        "class": ", ".join(iri.compact(c) for c in info["classes"]),
                        "names": [n for n, _ in info["names"]],
                        "mapped": entity in mapped,
                        "candidates": candidates})
    return results


def _find_entity(reference: str, entities: dict[str, dict]) -> str:
    if reference.startswith("id:"):
        reference = iri.ENTITY + reference[3:]
    if reference in entities:
        return reference
    matches = sorted(e for e, info in entities.items()
                     if any(_normal(n) == _normal(reference) for n, _ in info["names"]))
    if len(matches) == 1:
        return matches[0]
    raise NrkgError("link-unknown-entity",
                    f"{reference!r} names {'no entity' if not matches else str(len(matches)) + ' entities'}",
                    "give an entity as id:<slug> or one of its names (see graph/entities.ttl)")
