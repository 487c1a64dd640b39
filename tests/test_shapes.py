"""The SHACL shapes: IDs and metadata, fixtures per shape, the shipped graph, mutations.

* Every shape with a target has a stable ID (``S``/``T``/``G`` + two digits), an
  English ``rdfs:label``, an ``sh:message`` and an explicit severity, and every
  named property shape or SPARQL constraint belongs to one of them.
* Fixtures ``tests/shapes/<ID>-valid.ttl`` and ``<ID>-invalid-NN.ttl`` are
  collected by glob: each opens with a one-line comment saying why, each shape has
  a valid and at least one invalid fixture, and each produces exactly the findings
  its ``# expect:`` lines declare (validated against the TBox alone).
* The shipped graph has no Violation in either profile, and the gap shapes agree
  with the competency questions that ask the same thing.
* Mutations: for every required property of every shape, removing it from a real
  resource of the shipped graph yields a Violation that names that resource.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, BNode, Literal, URIRef

from aikg.load import KnowledgeBase
from aikg.namespaces import prefix_map
from aikg.pytest_plugin import assert_expected, read_expectations
from aikg.validate import AIKGSH, SH, load_shapes, shape_ids, snapshot_date, validate

FIXTURES = Path(__file__).resolve().parent / "shapes"
REPO = Path(__file__).resolve().parent.parent
FIXTURE_NAME = re.compile(r"^([STG][0-9]{2})-(valid|invalid-[0-9]{2})\.ttl$")
SHAPES = load_shapes()
IDS = shape_ids(SHAPES)


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.ttl"))


# --------------------------------------------------------------------------- shapes metadata


def test_shape_ids_are_the_documented_sets() -> None:
    assert [i for i in IDS if i[0] == "S"] == [f"S{n:02d}" for n in range(1, 30)]
    assert [i for i in IDS if i[0] == "T"] == [f"T{n:02d}" for n in range(1, 6)]
    assert [i for i in IDS if i[0] == "G"] == [f"G{n:02d}" for n in range(1, 6)]


def _targets(shape: URIRef) -> bool:
    return any(
        SHAPES.value(shape, p) is not None
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    )


def test_every_targeted_shape_has_an_id_label_message_and_severity() -> None:
    targeted = {s for s in SHAPES.subjects(None, None) if isinstance(s, URIRef) and _targets(s)}
    assert targeted, "no shape has a target"
    for shape in targeted:
        assert str(shape).startswith(str(AIKGSH)), shape
        local = str(shape)[len(str(AIKGSH)) :]
        # A shape with a target is named <ID>, or <ID>-<part> when its node shape groups
        # parts that each have their own target (S29: one per concept class).
        assert local.split("-")[0] in IDS, f"{shape} has a target but is not named after a shape ID"
    for shape_id in IDS:
        node = AIKGSH[shape_id]
        labels = [
            label
            for label in SHAPES.objects(node, RDFS.label)
            if isinstance(label, Literal) and label.language == "en"
        ]
        assert len(labels) == 1 and str(labels[0]).startswith(shape_id + " "), shape_id
        assert SHAPES.value(node, SH.message) is not None, f"{shape_id} has no sh:message"
        severity = SHAPES.value(node, SH.severity)
        expected = SH.Violation if shape_id[0] in "ST" else None
        if expected is not None:
            assert severity == expected, shape_id
        else:
            assert severity in (SH.Warning, SH.Info), shape_id


def test_named_parts_belong_to_their_shape() -> None:
    """aikgsh:S03-jurisdiction is a property shape of aikgsh:S03, with a label and message."""
    for node in set(SHAPES.subjects(None, None)):
        if not isinstance(node, URIRef) or not str(node).startswith(str(AIKGSH)):
            continue
        local = str(node)[len(str(AIKGSH)) :]
        if "-" not in local:
            continue
        owner = AIKGSH[local.split("-")[0]]
        assert (owner, SH.property, node) in SHAPES or (owner, SH.sparql, node) in SHAPES, node
        assert SHAPES.value(node, RDFS.label) is not None, node
        assert SHAPES.value(node, SH.message) is not None, node
        severity = SHAPES.value(node, SH.severity)
        assert severity == SHAPES.value(owner, SH.severity), f"{node} and its shape differ in severity"


def test_snapshot_date_is_written_once() -> None:
    assert snapshot_date() == "2024-12-31"
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "ontology" / "shapes").glob("*.ttl"))]
    assert sum(t.count("2024-12-31") for t in texts) == 1


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


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: p.stem)
def test_fixture_produces_exactly_its_expected_findings(path: Path) -> None:
    expectations = read_expectations(path)
    if path.stem.endswith("-valid"):
        assert not expectations, "a valid fixture expects nothing"
    else:
        shape_id = path.stem.split("-")[0]
        assert any(e.shape.split("-")[0] == shape_id for e in expectations), (
            "an invalid fixture expects at least one finding of its own shape"
        )
    assert_expected(path)


# --------------------------------------------------------------------------- the shipped graph


@pytest.fixture(scope="module", params=["study", "full"])
def shipped(request: pytest.FixtureRequest):
    return request.param, validate(profile=request.param)


def test_shipped_graph_has_no_violations(shipped) -> None:
    profile, result = shipped
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


def _gap(result, shape: str) -> set[tuple[str, str | None]]:
    return {
        (
            f.resource,
            str(f.value_term)
            if isinstance(f.value_term, URIRef) and f.value_term != URIRef(f.resource)
            else None,
        )
        for f in result.for_shape(shape)
    }


def test_gap_shapes_agree_with_the_competency_questions(shipped, kb_study, kb_full) -> None:
    profile, result = shipped
    kb = kb_study if profile == "study" else kb_full
    # G01 = CQ-13 rows whose binding definition is not in force.
    cq13 = _cq_rows(kb, "cq-13-binding-definition-by-jurisdiction.rq")
    assert _gap(result, "G01") == {
        (r["jurisdiction"], None) for r in cq13 if r["bindingDefinition"] != "in force"
    }
    # G03 = CQ-14 rows covered by soft law only.
    cq14 = _cq_rows(kb, "cq-14-issue-coverage.rq")
    assert _gap(result, "G03") == {
        (r["jurisdiction"], r["issue"]) for r in cq14 if r["coverage"] == "soft law only"
    }
    # G02 = liability not bound in force (CQ-14), among jurisdictions with AI instruments.
    liability = {
        r["jurisdiction"]
        for r in cq14
        if r["issue"] == "https://w3id.org/aikg/vocab/LiabilityForHarm"
        and r["coverage"] != "binding in force"
    }
    g02 = {j for j, _v in _gap(result, "G02")}
    assert g02 <= liability and g02, (g02, liability)
    # G04 = CQ-18; G05 = CQ-17.
    cq18 = _cq_rows(kb, "cq-18-principles-only-in-soft-law.rq")
    assert _gap(result, "G04") == {(r["jurisdiction"], r["principle"]) for r in cq18}
    cq17 = _cq_rows(kb, "cq-17-instruments-in-draft.rq")
    assert _gap(result, "G05") == {(r["jurisdiction"], r["instrument"]) for r in cq17}


def test_gap_findings_name_the_jurisdiction_and_the_date(shipped) -> None:
    _profile, result = shipped
    gaps = [f for f in result.findings if f.shape.startswith("G")]
    assert gaps and all(f.severity in ("Warning", "Info") for f in gaps)
    for finding in gaps:
        label = result.labels.get(finding.resource)
        assert label and finding.message.startswith(label + ":"), finding
        assert "2024-12-31" in finding.message, finding


def test_known_gaps_of_the_study(shipped) -> None:
    profile, result = shipped
    g01 = {f.resource.rsplit("/", 1)[-1]: f.message for f in result.for_shape("G01")}
    assert (
        "adopted or signed, not in force" in g01["RU"]
    )  # 123-FL: adopted in 2020, no entry into force stated
    assert ("EU" in g01) == (profile == "study")  # the AI Act entered into force on 1 August 2024 (full)
    g02 = {f.resource.rsplit("/", 1)[-1]: f.message for f in result.for_shape("G02")}
    assert "soft law only" in g02["KZ"]  # the Concept of Legal Policy addresses liability
    drafts = {str(f.value_term).rsplit("/", 1)[-1] for f in result.for_shape("G05")}
    assert "kz-draft-ai-law" in drafts


# --------------------------------------------------------------------------- mutations


def _required_property_shapes() -> list[tuple[str, URIRef, URIRef, bool]]:
    """(constraint, targeted shape, predicate, inverse?) for each required property.

    Required: sh:minCount or sh:qualifiedMinCount of at least 1, or sh:hasValue.
    """
    found = []
    nodes = (
        set(SHAPES.subjects(SH.minCount, None))
        | set(SHAPES.subjects(SH.qualifiedMinCount, None))
        | set(SHAPES.subjects(SH.hasValue, None))
    )
    for node in nodes:
        counts = [int(SHAPES.value(node, p) or 0) for p in (SH.minCount, SH.qualifiedMinCount)]
        if not isinstance(node, URIRef) or (max(counts) < 1 and SHAPES.value(node, SH.hasValue) is None):
            continue
        local = str(node)[len(str(AIKGSH)) :]
        # The node whose targets apply: the part itself if it has its own, else its node shape.
        owner = node if _targets(node) else AIKGSH[local.split("-")[0]]
        path = SHAPES.value(node, SH.path)
        inverse = False
        if isinstance(path, BNode):
            path = SHAPES.value(path, SH.inversePath)
            inverse = True
        assert isinstance(path, URIRef), f"{node}: required paths are single properties"
        found.append((local, owner, path, inverse))
    return sorted(found)


REQUIRED = _required_property_shapes()


def test_mutation_list_covers_every_shape_with_required_properties() -> None:
    constraints = {c for c, *_ in REQUIRED}
    assert {"S03-jurisdiction", "S04-date", "S05-criterion", "S05-citation", "T01-label"} <= constraints
    assert len(REQUIRED) >= 40


def _focus_nodes(shape: URIRef, kb: KnowledgeBase) -> list[str]:
    """Real resources of the shipped graph the node shape targets (IRIs, sorted)."""
    nodes: set[str] = set()
    store = kb.store
    for cls in SHAPES.objects(shape, SH.targetClass):
        query = f"SELECT DISTINCT ?s WHERE {{ ?s a/<{RDFS.subClassOf}>* <{cls}> }}"
        nodes |= {
            row[0].value
            for row in store.query(query, use_default_graph_as_union=True)
            if isinstance(row[0], ox.NamedNode)
        }
    for prop in SHAPES.objects(shape, SH.targetSubjectsOf):
        nodes |= {
            q.subject.value
            for q in store.quads_for_pattern(None, ox.NamedNode(str(prop)), None, None)
            if isinstance(q.subject, ox.NamedNode)
        }
    for node in SHAPES.objects(shape, SH.targetNode):
        nodes.add(str(node))
    for target in SHAPES.objects(shape, SH.target):
        select = str(SHAPES.value(target, SH.select))
        # The SPARQL targets use the aikgsh: prefixes; the shipped store knows aikg's.
        prefixes = {**prefix_map(), "aikgsh": str(AIKGSH)}
        nodes |= {
            row[0].value
            for row in store.query(select, prefixes=prefixes, use_default_graph_as_union=True)
            if isinstance(row[0], ox.NamedNode)
        }
    return sorted(nodes)


@pytest.mark.parametrize("constraint,shape,predicate,inverse", REQUIRED, ids=[c for c, *_ in REQUIRED])
def test_removing_a_required_property_names_the_resource(
    constraint: str, shape: URIRef, predicate: URIRef, inverse: bool, kb_full: KnowledgeBase
) -> None:
    candidates = [
        n
        for n in _focus_nodes(shape, kb_full)
        if (
            kb_full.graph.value(None, predicate, URIRef(n))
            if inverse
            else kb_full.graph.value(URIRef(n), predicate)
        )
        is not None
    ]
    assert candidates, f"no real resource of {shape} has {predicate}"
    resource = URIRef(candidates[0])
    removed = {(resource, predicate, o) for o in kb_full.graph.objects(resource, predicate)}
    if inverse:
        removed = {(s, predicate, resource) for s in kb_full.graph.subjects(predicate, resource)}
    added = set()
    if predicate == RDF.type:
        # The "-kind" shapes: drop the kind but keep the resource in the shape's
        # targets (an instrument typed only aikg:LegalInstrument has no kind).
        kinds = set(
            SHAPES.items(SHAPES.value(SHAPES.value(AIKGSH[constraint], SH.qualifiedValueShape), SH["in"]))
        )
        removed = {t for t in removed if t[2] in kinds}
        targets = set(SHAPES.objects(shape, SH.targetClass))
        roots = [
            c
            for c in targets
            if not any(t != c and t in kb_full.graph.transitive_objects(c, RDFS.subClassOf) for t in targets)
        ]
        assert len(roots) == 1, roots
        added = {(resource, RDF.type, roots[0])}
    mutated = kb_full.graph.__class__()
    for triple in kb_full.graph:
        if triple not in removed:
            mutated.add(triple)
    for triple in added:
        mutated.add(triple)
    assert removed and len(mutated) < len(kb_full.graph) + len(added)
    result = validate(graphs=[mutated], include_shipped=False, with_tbox=False, focus=[str(resource)])
    hits = [f for f in result.violations if f.resource == str(resource) and f.constraint == constraint]
    assert hits, f"removing {predicate} from {resource} was not reported by {constraint}:\n{result.to_text()}"
