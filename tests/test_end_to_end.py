"""The whole path a user takes, on each store backend: load, validate, query, report, export, info, serve.

The same assertions run on the embedded Oxigraph store and on a Virtuoso server
reached over the SPARQL protocols (``store_location`` in conftest.py).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.mapping import map_disclosure
from budgetkg.server.running import running_server
from budgetkg.terms import quads

from conftest import SAMPLE_2019, SAMPLE_2023, SAMPLES, parsed

runner = CliRunner()
DOCUMENT_GRAPHS = 2
OTHER_GRAPHS = ("https://w3id.org/budgetkg/id/graph/issuer-registry", "https://w3id.org/budgetkg/id/graph/policy-resolution")
CITING = [("2023年数字化建设项目", "333498400"), ("2023年数字化运维及综合保障项目", "389283400")]


def _cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.output


def _timeless(report: dict) -> dict:  # type: ignore[type-arg]
    """A JSON validation report without the seconds it took."""
    return {**report, "documents": [{k: v for k, v in d.items() if k != "seconds"} for d in report["documents"]]}


def test_load_validate_query_report_export_info_serve(store_location: str, tmp_path: Path) -> None:
    store = ("--store", store_location)

    # load (in two worker processes, as a big corpus is), and load again: the same graphs, nothing doubled
    code, stdout, output = _cli("load", str(SAMPLES), "--jobs", "2", *store)
    assert code == 0, output
    assert "loaded 2 document(s), 0 failed; 13233 triples, 8 projects, 60 citations" in stdout.replace("\n", " ")
    assert "[ProjectPolicyBasis]" in output  # the per-document findings are printed
    code, _, output = _cli("load", str(SAMPLE_2023), *store)
    assert code == 0, output

    # info: two documents, the registry and the resolution, with their sizes
    code, stdout, _ = _cli("info", *store)
    assert code == 0
    info = " ".join(stdout.split())
    assert "4 document graph(s), 13659 quads" in info
    assert "部门预算/graph 8429 triples" in info and "部门预算/graph 4804 triples" in info
    assert all(g in info for g in OTHER_GRAPHS)

    # validate: warnings but no violation; the JSON report names its rules
    code, stdout, output = _cli("validate", "--format", "json", *store)
    assert code == 0, output
    report = json.loads(stdout)
    assert report["conforms"] is True and len(report["documents"]) == DOCUMENT_GRAPHS
    rules = sorted({f["rule"] for d in report["documents"] for f in d["findings"]})
    assert rules == ["DescribedProjectsVsProjectSpending", "PerformanceTargetsStated", "ProjectPolicyBasis"]
    code, stdout, output = _cli("validate", "--format", "json", "--jobs", "2", *store)  # each document in a worker
    assert code == 0, output
    assert _timeless(json.loads(stdout)) == _timeless(report)
    code, _, _ = _cli("validate", "nosuch.txt", *store)
    assert code == 2

    # query: a named query with a parameter, and a query that groups over a bound variable
    code, stdout, output = _cli("query", "projects-citing-policy", "--param", "docNumber=沪委办〔2021〕15号", "--format", "json", *store)
    assert code == 0, output
    assert sorted((r["name"], r["amount"]) for r in json.loads(stdout)) == CITING
    code, stdout, output = _cli("query", "money-per-policy", "--format", "csv", *store)
    assert code == 0, output
    assert "https://w3id.org/budgetkg/id/policy/沪委办〔2021〕15号,沪委办〔2021〕15号,2,722781800," in stdout
    code, _, output = _cli("query", "-", *store)  # empty standard input: not a query
    assert code == 2 and "query error" in output

    # report trace: one policy, and the whole store
    out = tmp_path / "trace.html"
    code, _, output = _cli("report", "trace", "--policy", "沪委办【2021】15号", "--format", "html", "-o", str(out), *store)
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    assert "2023年数字化建设项目" in html and "2023年数字化运维及综合保障项目" in html and "722,781,800" in html
    code, stdout, _ = _cli("report", "trace", "--format", "json", *store)
    assert code == 0 and json.loads(stdout)["policy_count"] == 42

    # export: exactly the mapped quads of each document, decimals and language tags as written
    code, _, output = _cli("export", "--format", "nquads", "-o", str(tmp_path / "all.nq"), *store)
    assert code == 0, output
    exported = set(ox.parse(path=str(tmp_path / "all.nq"), format=ox.RdfFormat.N_QUADS))
    for sample in (SAMPLE_2019, SAMPLE_2023):
        mapped = map_disclosure(parsed(sample))
        name = ox.NamedNode(str(mapped.name))
        assert {q for q in exported if q.graph_name == name} == set(quads(mapped.name, mapped.triples))
    assert {q.graph_name.value for q in exported} >= set(OTHER_GRAPHS)

    # serve: the SPARQL endpoint and the pages answer from the same store
    with running_server(store_location, "--timeout", "60") as base:  # type: ignore[arg-type]
        query = "PREFIX bkg: <https://w3id.org/budgetkg/ontology#> SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a bkg:Project }"
        request = urllib.request.Request(
            base + "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert json.loads(answer.read())["results"]["bindings"][0]["n"]["value"] == "8"
        page = base + "/queries/projects-citing-policy?" + urllib.parse.urlencode({"docNumber": "沪委办〔2021〕15号"})
        with urllib.request.urlopen(page, timeout=60) as answer:
            text = answer.read().decode("utf-8")
        assert "2023年数字化建设项目" in text and "2023年数字化运维及综合保障项目" in text
        with urllib.request.urlopen(base + "/search?" + urllib.parse.urlencode({"q": "数据运营"}), timeout=60) as answer:
            assert "数据运营项目" in answer.read().decode("utf-8")
