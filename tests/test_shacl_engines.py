"""The shapes mean the same in every SHACL engine: aikg validate, plain pySHACL, Apache Jena SHACL.

The products are built into a temporary folder (``aikg build``: ``aikg-full.ttl`` with
its derived graph, and ``aikg-shapes.ttl``). Two data files are validated:
``aikg-full.ttl``, and every shape fixture merged into one file (so that nearly every
shape fails somewhere), each

(a) by ``aikg validate`` (the file added to the TBox and its bibliography),
(b) by plain pySHACL as a user runs it: ``pyshacl -s aikg-shapes.ttl aikg-full.ttl -f turtle``,
(c) by Apache Jena SHACL: ``java -cp "$(../shared/tools/jena-classpath)" shacl.shacl validate ...``.

Each report is reduced to (severity, source shape, focus node, result path, value),
blank nodes replaced by a canonical description (a path, or pySHACL's copy of a blank
focus node); Jena writes a blank focus node as a bare label, so against Jena such nodes
are compared as ``_:`` in a multiset. The shipped ``full`` profile validates as the
product built from it, and a date set by editing the product's ``aikg:asOfDate`` triple
gives plain pySHACL and Jena the same gap findings as ``aikg validate --date``. A test
that needs Java or Jena skips with the reason when they are missing, and fails under
``CI=true`` (``conftest._missing``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import _missing
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from aikg._java import find_java
from aikg.build import SHAPES_PRODUCT, build
from aikg.load import to_oxigraph
from aikg.rdfio import to_ntriples
from aikg.shacl.datagraph import build_data_graph
from aikg.validate import SH, ValidationResult, validate

REPO = Path(__file__).resolve().parent.parent
AS_OF = re.compile(r'^(<[^>]+> <https://w3id\.org/aikg/ont/asOfDate> )"[^"]*"(\^\^<[^>]+> \.)$', re.M)
OTHER_DAY = "2024-12-31"
Row = tuple[str, str, str, str, str]
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


# --------------------------------------------------------------------------- normalising reports


def _describe(graph: Graph, node: Node, depth: int = 0) -> str:
    """A canonical text for *node*: N-Triples for IRIs and literals, a content hash for blank nodes."""
    if isinstance(node, Literal):
        if node.datatype == XSD_STRING:  # RDF 1.1: the same literal as the plain one
            node = Literal(str(node))
        return node.n3()
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 8:
        return "_:deep"
    lines = sorted(f"{p.n3()} {_describe(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "_:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def normalise(report: Graph, *, opaque: bool = False) -> Counter[Row]:
    """(severity, source shape, focus, path, value) of every top-level result of *report*.

    A blank node is replaced by a canonical description of what the report says of
    it (a SHACL path, or pySHACL's copy of a blank focus node). With *opaque*, a blank
    focus node or value is only ``_:``: Jena writes such a node as a bare label that
    cannot be traced back to the data, so rows are then compared as a multiset.
    """
    rows: Counter[Row] = Counter()
    for validation in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(validation, SH.result):

            def term(predicate: URIRef, result: Node = result) -> str:
                value = report.value(result, predicate)
                if value is None:
                    return "-"
                if opaque and isinstance(value, BNode) and predicate in (SH.focusNode, SH.value):
                    return "_:"
                return _describe(report, value)

            rows[
                (
                    term(SH.resultSeverity),
                    term(SH.sourceShape),
                    term(SH.focusNode),
                    term(SH.resultPath),
                    term(SH.value),
                )
            ] += 1
    return rows


def _aikg_rows(result: ValidationResult, *, opaque: bool = False) -> Counter[Row]:
    return normalise(Graph().parse(data=result.to_turtle(), format="turtle"), opaque=opaque)


def _gaps(rows: Counter[Row]) -> Counter[Row]:
    return Counter(
        {r: n for r, n in rows.items() if re.match(r"^<https://w3id\.org/aikg/shapes/G[0-9]{2}>$", r[1])}
    )


def _diff(ours: Counter[Row], theirs: Counter[Row]) -> tuple[list[Row], list[Row]]:
    return sorted((ours - theirs).elements())[:20], sorted((theirs - ours).elements())[:20]


# --------------------------------------------------------------------------- the engines


@pytest.fixture(scope="module")
def products(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(["full"], out)
    assert (out / "aikg-full.ttl").is_file() and (out / SHAPES_PRODUCT).is_file()
    return out


@pytest.fixture(scope="module")
def redated(products: Path) -> Path:
    """A copy of the full product whose profile's as-of date is edited, as a user would."""
    text = (products / "aikg-full.nt").read_text(encoding="utf-8")
    edited, count = AS_OF.subn(rf'\g<1>"{OTHER_DAY}"\g<2>', text)
    assert count == 1, "the full product has one profile with one as-of date"
    path = products / "aikg-full-redated.nt"
    path.write_text(edited, encoding="utf-8")
    return path


def _pyshacl_cli() -> list[str]:
    found = Path(sys.executable).with_name("pyshacl")
    if found.is_file():
        return [str(found)]
    on_path = shutil.which("pyshacl")
    if on_path is None:
        pytest.fail("the pyshacl command is not installed (it comes with the pyshacl dependency)")
    return [on_path]


def run_pyshacl(shapes: Path, data: Path) -> Graph:
    completed = subprocess.run(
        [*_pyshacl_cli(), "-s", str(shapes), str(data), "-f", "turtle"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    # pySHACL exits 0 when the data conforms, 1 when it does not, 2 or more on errors.
    assert completed.returncode in (0, 1), completed.stderr
    return Graph().parse(data=completed.stdout, format="turtle")


@pytest.fixture(scope="module")
def jena(shared_dir: Path) -> Callable[[Path, Path], Graph]:
    java = find_java()
    if java is None:
        _missing("java not found: the Apache Jena SHACL comparison needs a Java runtime")
    script = shared_dir / "tools" / "jena-classpath"
    if not script.is_file():
        _missing(f"{script} not found: it provides Apache Jena's classpath")
    found = subprocess.run([str(script)], capture_output=True, text=True, timeout=900)
    if found.returncode != 0 or not found.stdout.strip():
        _missing(f"Apache Jena is not available: {found.stderr.strip() or 'jena-classpath printed nothing'}")
    classpath = found.stdout.strip().splitlines()[-1]

    def run(shapes: Path, data: Path) -> Graph:
        completed = subprocess.run(
            [java, "-cp", classpath, "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)],  # type: ignore[list-item]
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert "Exception" not in completed.stderr, completed.stderr
        return Graph().parse(data=completed.stdout, format="turtle")

    return run


@pytest.fixture(scope="module")
def everything_wrong(products: Path) -> Path:
    """Every shape fixture merged into one data file, with the TBox, its bibliography and the derived graph.

    The fixtures contradict one another (they reuse ex:law, ex:XY and two profiles...),
    which is the point: most shapes fail here, so the engines are compared on them all.
    """
    fixtures = sorted((REPO / "tests" / "shapes").glob("*.ttl"))
    data = build_data_graph(tuple(fixtures), "tbox", include_shipped=False)
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data.graph]  # type: ignore[arg-type]
    path = products / "everything-wrong.nt"
    path.write_bytes(to_ntriples(triples))
    return path


@pytest.fixture(scope="module", params=["product", "fixtures"])
def case(
    request: pytest.FixtureRequest, products: Path, everything_wrong: Path
) -> tuple[Path, Path, Counter[Row]]:
    """(shapes, data, plain pySHACL's rows) for the full product and for the merged fixtures."""
    data = products / "aikg-full.ttl" if request.param == "product" else everything_wrong
    shapes = products / SHAPES_PRODUCT
    return shapes, data, normalise(run_pyshacl(shapes, data))


# --------------------------------------------------------------------------- agreement


def test_aikg_and_plain_pyshacl_agree(case: tuple[Path, Path, Counter[Row]]) -> None:
    _shapes, data, plain = case
    if data.name == "aikg-full.ttl":  # aikg validate --no-shipped dist/aikg-full.ttl
        result = validate(data, include_shipped=False, fail_on="none")
    else:  # a file of many ontology headers is no module aikg loads: hand it over as a graph
        result = validate(graphs=[Graph().parse(data)], include_shipped=False, fail_on="none")
    ours = _aikg_rows(result)
    assert ours, f"{data.name} is expected to have findings"
    assert ours == plain, _diff(ours, plain)


def test_jena_agrees(case: tuple[Path, Path, Counter[Row]], jena: Callable[[Path, Path], Graph]) -> None:
    shapes, data, _plain = case
    theirs = normalise(jena(shapes, data), opaque=True)
    plain = normalise(run_pyshacl(shapes, data), opaque=True)
    assert theirs == plain, _diff(theirs, plain)


def test_the_merged_fixtures_make_every_shape_fail(everything_wrong: Path, products: Path) -> None:
    failed = {r[1] for r in normalise(run_pyshacl(products / SHAPES_PRODUCT, everything_wrong))}
    ids = {re.sub(r"^<https://w3id\.org/aikg/shapes/([A-Z][0-9]{2}).*>$", r"\1", shape) for shape in failed}
    assert {"S03", "S23", "S30", "S34", "T01", "T04", "T06", "G05", "G06"} <= ids, sorted(ids)
    assert len(ids) >= 40, sorted(ids)


def test_the_shipped_profile_validates_as_its_product(products: Path) -> None:
    """``aikg validate`` of the sources gives what the engines give on the product built from them."""
    shipped = validate(profile="full", fail_on="none")
    product = validate(products / "aikg-full.ttl", include_shipped=False, fail_on="none")
    assert shipped.as_of == product.as_of and shipped.as_of is not None
    assert _aikg_rows(shipped) == _aikg_rows(product)


def test_a_date_set_in_the_data_is_the_date_of_aikg_validate(
    products: Path, redated: Path, jena: Callable[[Path, Path], Graph]
) -> None:
    ours = validate(profile="full", date=OTHER_DAY, fail_on="none")
    assert ours.as_of is not None and ours.as_of.isoformat() == OTHER_DAY and ours.date_given
    expected = _gaps(_aikg_rows(ours))
    assert expected, "the full profile has gap findings on the other day"
    assert _gaps(normalise(run_pyshacl(products / SHAPES_PRODUCT, redated))) == expected
    assert _gaps(normalise(jena(products / SHAPES_PRODUCT, redated))) == expected
    # The date matters: the gaps on the product's own date are not these.
    assert expected != _gaps(_aikg_rows(validate(profile="full", fail_on="none")))


# --------------------------------------------------------------------------- the two data graphs of pySHACL


def test_rdflib_and_oxigraph_data_graphs_give_the_same_results() -> None:
    """engine.py chose rdflib by measuring; the pyoxigraph data graph must not disagree."""
    files = [REPO / "tests" / "shapes" / name for name in ("S03-invalid-02.ttl", "G05-invalid-01.ttl")]
    for file in files:
        on_rdflib = validate(file, include_shipped=False, fail_on="none")
        on_oxigraph = validate(file, include_shipped=False, fail_on="none", backend="oxigraph")
        assert on_rdflib.findings, file
        assert on_rdflib.findings == on_oxigraph.findings, file
