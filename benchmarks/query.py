"""Queries: median and 95th-percentile latency of each named query, beside baseline (b).

budgetkg runs each query of ``queries/`` on the loaded on-disk store (all rows
read); baseline (b) runs the same text with rdflib's SPARQL engine on an
in-memory rdflib Dataset of the same quads, in a process of its own, which also
gives the memory baseline. Both must return the same number of rows.
"""

from __future__ import annotations

import json
import time

import pyoxigraph as ox

from benchmarks.context import Context, run_json
from benchmarks.results import Result, median, percentile
from budgetkg.queries import catalog
from budgetkg.store import GraphStore

_RDFLIB = "rdflib Dataset + rdflib SPARQL"

# Queries whose rows rdflib gets wrong, each with the reason (checked by hand against the
# SPARQL semantics and the rows tests/ pin); a row-count difference there is rdflib's.
RDFLIB_WRONG = {
    "spending-by-function": "rdflib evaluates a sub-SELECT under OPTIONAL with the outer row's bindings "
    "(RDFLib/rdflib#2957), so it misses or invents previousYear",
    "policy-documents": "rdflib joins the query's sub-SELECTs with the outer row's bindings (RDFLib/rdflib#2957) "
    "and multiplies rows; the query's former form, without sub-SELECTs, gives Oxigraph's rows on both engines",
    "unknown-issuers": "rdflib evaluates the sub-SELECT under the OPTIONAL with the outer row's bindings "
    "(RDFLib/rdflib#2957), and fails with NotBoundError on GROUP_CONCAT over an unbound value; "
    "the query's former form gives Oxigraph's rows on both engines",
}


def section(ctx: Context) -> list[Result]:
    assert ctx.store is not None and ctx.nquads is not None, "the load section runs first"
    n = ctx.documents
    values = ctx.parameters()
    named = catalog()
    spec: dict[str, dict[str, object]] = {}
    results: list[Result] = []
    with GraphStore(ctx.store) as db:
        # IRI parameters: the first policy and project the store lists (through the named queries that list them).
        for parameter, lister in (("policy", "policy-documents"), ("project", "projects")):
            if lister in named:
                first = next(iter(db.query(named[lister].text)), None)
                if first is not None and first[parameter] is not None:
                    values[parameter] = {"iri": first[parameter].value}
    for name, query in named.items():
        required = [p for p, text in query.parameters.items() if "(optional)" not in text]
        missing = [p for p in required if p not in values]
        if missing:
            results.append(Result(n, "query", name, 0, "ms", note=f"not measured: no benchmark value for {missing} "
                                  "(add one in benchmarks/context.py)"))
            continue
        spec[name] = {"text": query.text, "parameters": {p: values[p] for p in required}}
    ours: dict[str, tuple[list[float], int]] = {}
    with GraphStore(ctx.store) as db:
        for name, query in spec.items():
            subs = {k: _term(v) for k, v in query["parameters"].items()}  # type: ignore[union-attr]
            samples, rows = [], 0
            budget = time.perf_counter() + 10
            for _ in range(ctx.repeat):
                t = time.perf_counter()
                rows = sum(1 for _ in db.query(str(query["text"]), subs))
                samples.append(time.perf_counter() - t)
                if time.perf_counter() > budget:
                    break  # a slow query is measured fewer times (the run count is in the note)
            ours[name] = (samples, rows)
    spec_file = ctx.work / "queries.json"
    spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    baseline = run_json(["-m", "benchmarks.rdflib_baseline", str(ctx.nquads), str(spec_file), str(ctx.repeat)])
    for name, (samples, rows) in ours.items():
        theirs = baseline["queries"][name]
        if theirs["error"]:
            same = f"rdflib failed: {theirs['error'][:200]} (no baseline)"
            if name in RDFLIB_WRONG:
                same += f" (known: {RDFLIB_WRONG[name]})"
        elif theirs["timed_out"]:
            same = f"rdflib stopped at {theirs['samples'][-1]:.0f} s: the ratio is a lower bound"
        else:
            same = "same rows" if theirs["rows"] == rows else f"ROWS DIFFER: {rows} vs rdflib {theirs['rows']}"
            if theirs["rows"] != rows and name in RDFLIB_WRONG:
                same += f" (known: {RDFLIB_WRONG[name]})"
        params = ", ".join(f"{k}={v['iri'] if isinstance(v, dict) else v}" for k, v in spec[name]["parameters"].items())  # type: ignore[union-attr]
        params = params or "optional parameters unbound"
        for label, pick in (("median", median), ("p95", lambda s: percentile(s, 0.95))):
            results.append(Result(
                n, "query", f"{name} {label}", pick(samples) * 1000, "ms",
                pick(theirs["samples"]) * 1000 if theirs["samples"] else None, _RDFLIB,
                higher_is_better=False, at_least=theirs["timed_out"],
                note=f"{rows} rows, {same}; {len(samples)} runs (rdflib {len(theirs['samples'])}); {params}",
            ))
    results.append(Result(
        n, "memory", "peak RSS of budgetkg load (largest process)", ctx.shared["load_peak_mb"], "MB",
        baseline["max_rss_mb"], "rdflib Dataset holding the same quads", higher_is_better=False,
        note=f"{ctx.triples:,} triples; rdflib parsed them in {baseline['load_seconds']:.1f} s",
    ))
    return results


def _term(value: str | dict[str, str]) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(value["iri"]) if isinstance(value, dict) else ox.Literal(value)
