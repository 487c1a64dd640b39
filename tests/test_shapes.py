"""The SHACL shapes: IDs and metadata, portability, fixtures per shape, the shipped graph, mutations.

* Every shape ID (``S``/``T``/``G`` + two digits) has an English label starting with
  the ID, an ``sh:message`` and its severity; every named part belongs to an ID; the
  gap titles are the gap shapes' labels.
* The shapes are portable: SHACL Core and SHACL-SPARQL only (no SHACL-AF), every
  query declares its prefixes and parses in a strict SPARQL parser, and uses none of
  the constructs SHACL 1.0 forbids with pre-bound variables.
* Fixtures ``tests/shapes/<ID>-valid.ttl`` and ``<ID>-invalid-NN.ttl`` are collected by
  glob: each opens with a one-line comment saying why, each ID has a valid and an
  invalid fixture, and each produces exactly the findings its ``# expect:`` lines
  declare (validated against the TBox and its bibliography).
* The shipped graph has no Violation, and the gap shapes agree with the competency
  questions that ask the same thing (both read the derived answer intervals).
* Mutations: removing a required property from a real resource of the full product
  makes the shape that requires it report that resource (one batched run).
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Graph, URIRef

from aikg.build import product_triples
from aikg.load import KnowledgeBase, to_rdflib
from aikg.namespaces import prefix_map
from aikg.pytest_plugin import compare_expected, read_expectations
from aikg.shacl.engine import run_shacl
from aikg.validate import (
    AIKGSH,
    SEVERITIES,
    SH,
    ValidationResult,
    gap_titles,
    load_shapes,
    shape_ids,
    shape_info,
    validate,
)

FIXTURES = Path(__file__).resolve().parent / "shapes"
REPO = Path(__file__).resolve().parent.parent
FIXTURE_NAME = re.compile(r"^([A-Z][0-9]{2})-(valid|invalid-[0-9]{2})\.ttl$")
SHAPES = load_shapes()
IDS = shape_ids(SHAPES)
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.ttl"))


def _local(node: object) -> str:
    return str(node)[len(str(AIKGSH)) :]


def _named_parts() -> list[URIRef]:
    return sorted(
        n
        for n in set(SHAPES.subjects(RDF.type, None))
        if isinstance(n, URIRef) and str(n).startswith(str(AIKGSH)) and "-" in _local(n)
    )


# --------------------------------------------------------------------------- shapes metadata


def test_shape_ids_are_contiguous_per_kind() -> None:
    assert {"S", "T", "G"} <= {i[0] for i in IDS}
    for kind in sorted({i[0] for i in IDS}):
        numbers = [int(i[1:]) for i in IDS if i[0] == kind]
        assert numbers == list(range(1, len(numbers) + 1)), f"{kind} IDs have a gap: {numbers}"


def test_every_id_has_a_label_message_and_severity() -> None:
    info = shape_info(SHAPES)
    assert list(info) == list(IDS)
    for shape_id, shape in info.items():
        assert shape.label.startswith(shape_id + " ") and shape.title, shape_id
        assert shape.message, f"{shape_id} has no English sh:message"
        expected = (
            ("Violation",)
            if shape_id[0] in "ST"
            else ("Warning", "Info")
            if shape_id[0] == "G"
            else SEVERITIES
        )
        assert shape.severity in expected, shape_id
        assert (AIKGSH[shape_id], SH.severity, None) in SHAPES, f"{shape_id} states no sh:severity"


def test_gap_titles_are_the_gap_shapes_labels() -> None:
    titles = gap_titles(SHAPES)
    assert list(titles) == [i for i in IDS if i[0] == "G"]
    for shape_id, title in titles.items():
        label = next(str(v) for v in SHAPES.objects(AIKGSH[shape_id], RDFS.label))
        assert label == f"{shape_id} {title}"


def test_every_targeted_shape_is_named_after_an_id() -> None:
    for predicate in TARGETS:
        for shape in SHAPES.subjects(predicate, None):
            assert isinstance(shape, URIRef) and str(shape).startswith(str(AIKGSH)), shape
            assert _local(shape).split("-")[0] in IDS, f"{shape} has a target but no shape ID"


def test_named_parts_belong_to_their_shape() -> None:
    """aikgsh:S03-jurisdiction is used by aikgsh:S03 (or has its own target), with a label and a message."""
    parts = _named_parts()
    assert len(parts) > 100
    for node in parts:
        owner_id = _local(node).split("-")[0]
        assert owner_id in IDS, node
        users = set(SHAPES.subjects(None, node))
        targeted = any((node, p, None) in SHAPES for p in TARGETS)
        assert targeted or any(_local(u).split("-")[0] == owner_id for u in users if isinstance(u, URIRef)), (
            node
        )
        assert SHAPES.value(node, RDFS.label) is not None, node
        assert SHAPES.value(node, SH.message) is not None, node
        assert SHAPES.value(node, SH.severity) == SHAPES.value(AIKGSH[owner_id], SH.severity), node


def test_helper_shapes_have_no_targets() -> None:
    for node in set(SHAPES.subjects(RDF.type, SH.NodeShape)):
        if isinstance(node, URIRef) and not re.match(r"^[A-Z][0-9]{2}", _local(node)):
            assert not any((node, p, None) in SHAPES for p in TARGETS), node


# --------------------------------------------------------------------------- portability


def test_only_shacl_core_and_sparql() -> None:
    """No SHACL Advanced Features: Apache Jena's SHACL implements none of them."""
    advanced = (
        "SPARQLTarget",
        "SPARQLTargetType",
        "SPARQLFunction",
        "rule",
        "target",
        "condition",
        "JSConstraint",
    )
    for local in advanced:
        assert not list(SHAPES.triples((None, None, SH[local]))), local
        assert not list(SHAPES.triples((None, SH[local], None))), local


def _selects() -> list[tuple[URIRef, str]]:
    return sorted((c, str(q)) for c, q in SHAPES.subject_objects(SH.select))  # type: ignore[misc]


def _declared(node: object) -> dict[str, str]:
    prefixes = {}
    for owner in SHAPES.objects(node, SH.prefixes):
        for declaration in SHAPES.objects(owner, SH.declare):
            prefixes[str(SHAPES.value(declaration, SH.prefix))] = str(SHAPES.value(declaration, SH.namespace))
    return prefixes


@pytest.mark.parametrize("constraint,query", _selects(), ids=[_local(c) for c, _q in _selects()])
def test_queries_are_portable(constraint: URIRef, query: str) -> None:
    # SHACL 1.0 (5.3.1): no MINUS, VALUES, SERVICE or nested SELECT that hides $this.
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', query)  # ignore string literals
    for keyword in ("MINUS", "VALUES", "SERVICE"):
        assert not re.search(rf"\b{keyword}\b", body, flags=re.I), f"{constraint} uses {keyword}"
    for sub in re.finditer(r"\{\s*SELECT\b([^{]*)", body, flags=re.I):
        assert "$this" in sub.group(1), f"{constraint}: a sub-select must project $this"
    # Only the declared prefixes, in a strict parser (pyoxigraph), as Jena reads them.
    head = "".join(f"PREFIX {p}: <{n}>\n" for p, n in _declared(constraint).items())
    ox.Store().query(head + query)


# --------------------------------------------------------------------------- fixtures


def test_fixture_names_and_first_lines() -> None:
    files = _fixture_files()
    assert files, f"no fixtures in {FIXTURES}"
    seen: dict[str, set[str]] = {}
    for path in files:
        match = FIXTURE_NAME.match(path.name)
        assert match, f"{path.name}: fixtures are named <ID>-valid.ttl or <ID>-invalid-NN.ttl"
        shape_id, kind = match.groups()
        assert shape_id in IDS, f"{path.name}: no shape {shape_id}"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        word = "valid" if kind == "valid" else "invalid"
        assert re.match(rf"^# {word}: \S", first), f"{path.name}: first line must be '# {word}: <why>'"
        seen.setdefault(shape_id, set()).add(kind)
    for shape_id in IDS:
        kinds = seen.get(shape_id, set())
        assert "valid" in kinds, f"{shape_id} has no valid fixture"
        assert any(k.startswith("invalid") for k in kinds), f"{shape_id} has no invalid fixture"


def _validate_fixture(path: Path) -> ValidationResult:
    return validate(path, include_shipped=False, fail_on="none")


@pytest.fixture(scope="module")
def fixture_results() -> dict[Path, ValidationResult]:
    """Every fixture validated once, in parallel processes (each run is independent)."""
    files = _fixture_files()
    workers = max(1, min(4, multiprocessing.cpu_count()))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(files, pool.map(_validate_fixture, files), strict=True))


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: p.stem)
def test_fixture_produces_exactly_its_expected_findings(
    path: Path, fixture_results: dict[Path, ValidationResult]
) -> None:
    expectations = read_expectations(path)
    shape_id = path.stem.split("-")[0]
    if path.stem.endswith("-valid"):
        assert not expectations, "a valid fixture expects nothing"
    else:
        assert any(e.shape.split("-")[0] == shape_id for e in expectations), (
            "an invalid fixture expects at least one finding of its own shape"
        )
    result = fixture_results[path]
    missing, unexpected = compare_expected(path, result)
    assert not missing and not unexpected, (
        [str(m) for m in missing],
        [str(u) for u in unexpected],
        result.to_text(),
    )
    if not path.stem.endswith("-valid"):
        assert result.for_shape(shape_id), f"{path.name} does not make {shape_id} fail"


def test_every_shape_is_proven_able_to_fail(fixture_results: dict[Path, ValidationResult]) -> None:
    failed = {f.shape for result in fixture_results.values() for f in result.findings}
    assert set(IDS) <= failed, sorted(set(IDS) - failed)


def test_gap_fixtures_name_jurisdiction_and_subject(fixture_results: dict[Path, ValidationResult]) -> None:
    gaps = [f for result in fixture_results.values() for f in result.findings if f.shape.startswith("G")]
    assert gaps
    for finding in gaps:
        assert finding.resource == finding.jurisdiction == "https://example.org/aikg-test/XY", finding
        assert (finding.concept is None) != (finding.instrument is None), finding
        assert isinstance(finding.focus, ox.NamedNode) and finding.focus.value.endswith("/profile"), finding
        assert "Example Republic: " in finding.message and "2024-12-31" in finding.message, finding.message


# --------------------------------------------------------------------------- the shipped graph


@pytest.fixture(scope="module", params=["study", "full"])
def shipped(request: pytest.FixtureRequest) -> tuple[str, ValidationResult]:
    return request.param, validate(profile=request.param)


def test_shipped_graph_has_no_violations(shipped: tuple[str, ValidationResult]) -> None:
    _profile, result = shipped
    assert result.violations == (), result.to_text(show="Violation")
    assert result.conforms and result.exit_code == 0


def _cq_rows(kb: KnowledgeBase, name: str) -> list[dict[str, str]]:
    text = (REPO / "queries" / "cq" / name).read_text(encoding="utf-8")
    solutions = kb.store.query(text, prefixes=prefix_map(), use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [
        {var: (term.value if term is not None else "") for var, term in zip(variables, row, strict=True)}
        for row in solutions  # type: ignore[union-attr]
    ]


_ABSENCES = {
    "https://w3id.org/aikg/vocab/" + s
    for s in ("AnswerBindingNotYetApplicable", "AnswerBindingNotInForce", "AnswerSoftLawOnly", "AnswerNone")
}
_SOFT_ONLY = "https://w3id.org/aikg/vocab/AnswerSoftLawOnly"
_LIABILITY = "https://w3id.org/aikg/vocab/LiabilityForHarm"


def test_gap_shapes_agree_with_the_competency_questions(
    shipped: tuple[str, ValidationResult], kb_study: KnowledgeBase, kb_full: KnowledgeBase
) -> None:
    profile, result = shipped
    kb = kb_study if profile == "study" else kb_full

    def gap(shape: str) -> set[tuple[str, str | None]]:
        return {(f.resource, f.concept or f.instrument) for f in result.for_shape(shape)}

    topic = "https://w3id.org/aikg/vocab/AIDefinitionTopic"
    cq13 = _cq_rows(kb, "cq-13-binding-definition-by-jurisdiction.rq")
    assert gap("G01") == {(r["jurisdiction"], topic) for r in cq13 if r["status"] in _ABSENCES}
    cq14 = _cq_rows(kb, "cq-14-issue-coverage.rq")
    assert gap("G02") == {
        (r["jurisdiction"], r["issue"]) for r in cq14 if r["issue"] == _LIABILITY and r["status"] in _ABSENCES
    }
    assert gap("G03") == {(r["jurisdiction"], r["issue"]) for r in cq14 if r["status"] == _SOFT_ONLY}
    cq18 = _cq_rows(kb, "cq-18-principles-only-in-soft-law.rq")
    assert gap("G04") == {(r["jurisdiction"], r["principle"]) for r in cq18 if r["status"] == _SOFT_ONLY}
    cq17 = _cq_rows(kb, "cq-17-instruments-in-draft.rq")
    assert gap("G05") == {(r["jurisdiction"], r["instrument"]) for r in cq17}


def test_gap_findings_name_the_jurisdiction_and_the_date(shipped: tuple[str, ValidationResult]) -> None:
    _profile, result = shipped
    assert result.as_of is not None
    for finding in (f for f in result.findings if f.shape.startswith("G")):
        assert finding.severity in ("Warning", "Info")
        label = result.labels.get(finding.resource)
        assert finding.jurisdiction == finding.resource and label, finding
        assert finding.message.startswith(label + ":") and result.as_of.isoformat() in finding.message, (
            finding
        )


# --------------------------------------------------------------------------- mutations


def _required() -> list[tuple[str, URIRef, URIRef, bool]]:
    """(part, the shape whose targets apply, predicate, inverse?) for each required single-property path."""
    found = []
    for node in _named_parts():
        counts = [int(SHAPES.value(node, p) or 0) for p in (SH.minCount, SH.qualifiedMinCount)]
        if max(counts) < 1 and SHAPES.value(node, SH.hasValue) is None:
            continue
        path = SHAPES.value(node, SH.path)
        inverse = isinstance(path, BNode) and SHAPES.value(path, SH.inversePath) is not None
        if inverse:
            path = SHAPES.value(path, SH.inversePath)
        if not isinstance(path, URIRef) or path == RDF.type:
            continue  # kinds and alternative paths are proven by fixtures
        owner = (
            node if any((node, p, None) in SHAPES for p in TARGETS) else AIKGSH[_local(node).split("-")[0]]
        )
        found.append((_local(node), owner, path, inverse))
    return found


def _targets(shape: URIRef, store: ox.Store) -> list[str]:
    nodes: set[str] = set()
    for cls in SHAPES.objects(shape, SH.targetClass):
        query = f"SELECT DISTINCT ?s WHERE {{ ?s a/<{RDFS.subClassOf}>* <{cls}> }}"
        nodes |= {row[0].value for row in store.query(query) if isinstance(row[0], ox.NamedNode)}  # type: ignore[union-attr,index]
    for prop in SHAPES.objects(shape, SH.targetSubjectsOf):
        nodes |= {
            q.subject.value
            for q in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None)
            if isinstance(q.subject, ox.NamedNode)
        }
    return sorted(nodes)


def _mutations(product: list[ox.Triple]) -> Iterator[tuple[str, str, set[ox.Triple]]]:
    """(part, resource, triples to remove): one distinct real resource per required property."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in product)
    used: set[str] = set()
    for part, owner, predicate, inverse in _required():
        p = ox.NamedNode(str(predicate))
        for resource in _targets(owner, store):
            node = ox.NamedNode(resource)
            pattern = (None, p, node) if inverse else (node, p, None)
            removed = {q.triple for q in store.quads_for_pattern(*pattern)}
            if removed and resource not in used:
                used.add(resource)
                yield part, resource, removed
                break


def test_removing_a_required_property_names_the_resource(kb_full: KnowledgeBase) -> None:
    product = product_triples(kb_full)
    mutations = list(_mutations(product))
    assert len(mutations) >= 40, [m[0] for m in mutations]
    assert {"S03-jurisdiction", "S04-date", "S05-citation", "S30-locator"} <= {m[0] for m in mutations}
    removed = set().union(*(m[2] for m in mutations))
    graph = Graph(bind_namespaces="none")
    for t in product:
        if t not in removed:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    report = run_shacl(graph, SHAPES)
    reported = {
        (_local(report.value(r, SH.sourceShape)), str(report.value(r, SH.focusNode)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if isinstance(report.value(r, SH.sourceShape), URIRef)
    }
    missed = [(part, resource) for part, resource, _t in mutations if (part, resource) not in reported]
    assert not missed, missed
