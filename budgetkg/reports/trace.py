"""The policy-traceability report: which policies justify which spending, with sources.

:func:`build` reads the store through the named queries (after refreshing the policy
resolution) and returns a :class:`TraceReport` for one scope: one policy document, one
project, one department-year, or the whole store. Every project, citation and merge in it
carries the source file and line it was read from. Money is exact: a policy's full amount
is the sum of the full amounts of the projects citing it; its equal share splits each
project's amount equally over the distinct policy documents the project cites, summed
exactly and rounded once to 0.01 元 (as the ``money-per-policy`` query does).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from budgetkg import policies
from budgetkg.loaders.citations import normalize_title, parse_doc_number
from budgetkg.rows import Row, select
from budgetkg.backend import Store

SCOPES = ("store", "policy", "project", "department-year")
CENT = Decimal("0.01")


class ReportError(LookupError):
    """The scope asked for is not in the store (or is ambiguous); the message says which."""


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file} line {self.line}"


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation of a project's 立项依据 (a document, a meeting or a statement)."""

    cited_as: str
    kind: str  # document / meeting / statement
    policy: str | None  # the resolved policy document's IRI
    doc_number: str | None  # its normalized 发文字号
    printed_number: str | None  # the 文号 as printed, when the citation has one
    rule: str | None  # the resolution rule (budgetkg.policies.RULES)
    source: Source


@dataclass(frozen=True, slots=True)
class Project:
    iri: str
    name: str
    department: str
    year: int
    amount: Decimal | None
    source: Source
    basis: tuple[Citation, ...]
    policies: tuple[str, ...]  # distinct resolved policy documents cited in the 立项依据

    @property
    def status(self) -> str:
        """justified / no-policy (a meeting or statement only) / no-basis (no 立项依据)."""
        if self.policies:
            return "justified"
        return "no-policy" if self.basis else "no-basis"

    @property
    def share(self) -> Fraction | None:
        """The exact equal share of the amount per cited policy document."""
        if self.amount is None or not self.policies:
            return None
        return Fraction(self.amount) / len(self.policies)

    @property
    def equal_share(self) -> Decimal | None:
        """:attr:`share` rounded to 0.01 元."""
        return None if self.share is None else _round(self.share)


@dataclass(frozen=True, slots=True)
class Merge:
    """A citation without 文号 identified with a numbered document."""

    cited_as: str
    year: int
    rule: str
    matched_name: str
    source: Source


@dataclass(frozen=True, slots=True)
class Policy:
    iri: str
    doc_number: str | None
    names: tuple[str, ...]  # every title it is cited under (the 通知's and the work's)
    issuer_code: str | None
    organ: str | None  # from the issuer registry; None when the code is unknown
    level: str | None
    kind: str | None
    projects: tuple[str, ...]  # IRIs of the citing projects in scope
    citations: tuple[Citation, ...]  # its 立项依据 citations in scope
    full_amount: Decimal
    equal_share: Decimal
    merges: tuple[Merge, ...] = ()

    @property
    def label(self) -> str:
        return self.doc_number or (self.names[0] if self.names else self.iri)

    @property
    def title(self) -> str:
        """The work's own title when known (the shortest name), else the number."""
        return min(self.names, key=len) if self.names else (self.doc_number or self.iri)


@dataclass(frozen=True, slots=True)
class Mention:
    project: str
    project_name: str
    mentioned_as: str
    policy: str
    doc_number: str | None
    also_in_basis: bool
    source: Source


@dataclass(frozen=True, slots=True)
class UnknownIssuer:
    code: str
    doc_numbers: tuple[str, ...]
    issuers_as_written: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    projects: int
    projects_justified: int  # with at least one resolved policy document
    projects_no_policy: int  # a 立项依据 with only meetings or statements
    projects_no_basis: int  # no 立项依据 at all
    document_citations: int
    citations_with_number: int  # resolved to a document with a 发文字号
    citations_title_only: int  # resolved to a document known by title only
    meetings: int
    statements: int
    unknown_issuers: tuple[UnknownIssuer, ...]


@dataclass(frozen=True, slots=True)
class TraceReport:
    scope: str  # one of SCOPES
    subject: str  # what the report is about, for a title
    policies: tuple[Policy, ...]  # by full amount, largest first
    projects: tuple[Project, ...]
    mentions: tuple[Mention, ...]
    coverage: Coverage
    cited_across: tuple[tuple[str, tuple[int, ...], tuple[str, ...]], ...] = field(default=())  # policy, years, departments

    @property
    def total_amount(self) -> Decimal:
        """The amounts of the distinct projects in scope with a policy basis (each once)."""
        return sum((p.amount for p in self.projects if p.policies and p.amount is not None), Decimal(0))

    def project(self, iri: str) -> Project:
        return next(p for p in self.projects if p.iri == iri)

    def policy(self, iri: str) -> Policy:
        return next(p for p in self.policies if p.iri == iri)


# --------------------------------------------------------------------------- building


def build(
    store: Store,
    *,
    policy: str | None = None,
    project: str | None = None,
    department: str | None = None,
    year: int | None = None,
) -> TraceReport:
    """The report for one scope: ``policy`` (文号 or title), ``project`` (name or IRI, narrowed
    by ``department``/``year``), ``department`` + ``year``, or nothing for the whole store.

    :raises ReportError: the policy, project or department-year is not in the store, or
        the project name matches several projects.
    """
    if sum(x is not None for x in (policy, project)) > 1:
        raise ReportError("give one of --policy or --project")
    policies.refresh(store)
    data = _Data(store)
    if policy is not None:
        iri = data.find_policy(policy)
        chosen = [p for p in data.projects if iri in p.policies]
        subject = data.policy_label(iri)
        return data.report("policy", subject, chosen, only_policy=iri)
    if project is not None:
        chosen = data.find_project(project, department, year)
        return data.report("project", f"{chosen.name}（{chosen.department} {chosen.year}年）", [chosen])
    if department is not None or year is not None:
        chosen = [
            p for p in data.projects
            if (department is None or p.department == department) and (year is None or p.year == year)
        ]  # fmt: skip
        if not chosen:
            raise ReportError(f"no project of {department or 'any department'} in {year or 'any year'} in the store")
        subject = " ".join(x for x in (department, f"{year}年" if year else None) if x)
        return data.report("department-year", subject, chosen)
    return data.report("store", "全部已载入文件", data.projects)


class _Data:
    """The rows of the named queries, read once, and the records built from them."""

    def __init__(self, store: Store) -> None:
        self.documents = select(store, "policy-documents")
        self.merges = select(store, "policy-merges")
        self.unknown = {str(r["issuerCode"]): r for r in select(store, "unknown-issuers")}
        self.mention_rows = select(store, "policy-mentions")
        by_project: dict[str, list[Citation]] = defaultdict(list)
        for row in select(store, "policy-citations"):
            by_project[str(row["project"])].append(_citation(row))
        self.projects = [
            Project(
                str(row["project"]), str(row["name"]), str(row["department"]), int(row["year"]),  # type: ignore[arg-type]
                _decimal(row["amount"]), Source(str(row["file"]), int(row["line"])),  # type: ignore[arg-type]
                tuple(by_project.get(str(row["project"]), ())),
                tuple(dict.fromkeys(c.policy for c in by_project.get(str(row["project"]), ()) if c.policy)),
            )
            for row in select(store, "projects")
        ]  # fmt: skip
        self.names: dict[str, list[str]] = defaultdict(list)
        self.numbers: dict[str, str] = {}
        self.issuer: dict[str, tuple[str | None, str | None, str | None, str | None]] = {}
        for row in self.documents:
            iri = str(row["policy"])
            if row["name"] and row["name"] not in self.names[iri]:
                self.names[iri].append(str(row["name"]))
            if row["docNumber"]:
                self.numbers[iri] = str(row["docNumber"])
            self.issuer[iri] = (row["issuerCode"], row["organ"], row["level"], row["kind"])  # type: ignore[assignment]
        for row in self.mention_rows:
            iri = str(row["policy"])
            if row["docNumber"]:
                self.numbers.setdefault(iri, str(row["docNumber"]))

    def policy_label(self, iri: str) -> str:
        names = self.names.get(iri) or [r["mentionedAs"] for r in self.mention_rows if r["policy"] == iri]
        number = self.numbers.get(iri)
        title = min(names, key=len) if names else None
        return " ".join(f"《{x}》" if x == title else str(x) for x in (title, number) if x)

    def find_policy(self, text: str) -> str:
        number = parse_doc_number(text)
        known = set(self.names) | set(self.numbers) | {str(r["policy"]) for r in self.mention_rows}
        if number is not None:
            found = [iri for iri in known if self.numbers.get(iri) == number.normalized]
            if not found:
                raise ReportError(f"no policy document {number.normalized} (read from {text!r}) is cited in the store")
            return found[0]
        key = normalize_title(text)
        names = {iri: set(self.names.get(iri, ())) for iri in known}
        for row in self.mention_rows:
            names[str(row["policy"])].add(str(row["mentionedAs"]))
        found = sorted(iri for iri, ns in names.items() if key and any(normalize_title(n).strip("《》") == key for n in ns))
        found = sorted({iri for iri in found})
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ReportError(f"{text!r} names {len(found)} policy documents: " + ", ".join(self.policy_label(i) for i in found))
        near = sorted({self.policy_label(i) for i, ns in names.items() if any(key in normalize_title(n) for n in ns)})
        hint = f"; titles containing it: {'; '.join(near[:5])}" if near else ""
        raise ReportError(f"no policy document titled {text!r} (and no 发文字号 in it) is cited in the store{hint}")

    def find_project(self, text: str, department: str | None, year: int | None) -> Project:
        found = [
            p for p in self.projects
            if text in (p.iri, p.name) and (department is None or p.department == department)
            and (year is None or p.year == year)
        ]  # fmt: skip
        if not found:
            raise ReportError(f"no project named {text!r} in the store" + (f" for {department}" if department else "") + (f" in {year}" if year else ""))
        if len(found) > 1:
            where = ", ".join(f"{p.department} {p.year}" for p in found)
            raise ReportError(f"{len(found)} projects are named {text!r} ({where}); narrow with --department or --year")
        return found[0]

    def report(self, scope: str, subject: str, chosen: list[Project], *, only_policy: str | None = None) -> TraceReport:
        iris_ = {p.iri for p in chosen}
        cited: dict[str, list[tuple[Project, Citation]]] = defaultdict(list)
        for project in chosen:
            for citation in project.basis:
                if citation.policy and (only_policy is None or citation.policy == only_policy):
                    cited[citation.policy].append((project, citation))
        if only_policy is not None:
            cited.setdefault(only_policy, [])
        entries = [self.policy_entry(iri, pairs) for iri, pairs in cited.items()]
        entries.sort(key=lambda p: (-p.full_amount, -len(p.projects), p.label))
        mentions = tuple(
            Mention(str(r["project"]), str(r["name"]), str(r["mentionedAs"]), str(r["policy"]),
                    _text(r["docNumber"]), bool(r["alsoInBasis"]), Source(str(r["file"]), int(r["line"] or 0)))  # type: ignore[arg-type]
            for r in self.mention_rows
            if r["project"] in iris_ and (only_policy is None or r["policy"] == only_policy)
        )  # fmt: skip
        return TraceReport(scope, subject, tuple(entries), tuple(chosen), mentions, self.coverage(chosen, entries),
                           _across(entries, chosen))  # fmt: skip

    def policy_entry(self, iri: str, pairs: list[tuple[Project, Citation]]) -> Policy:
        projects = list(dict.fromkeys(p for p, _ in pairs))
        full = sum((p.amount for p in projects if p.amount is not None), Decimal(0))
        share = sum((p.share for p in projects if p.share is not None), Fraction(0))
        code, organ, level, kind = self.issuer.get(iri, (None, None, None, None))
        citation_lines = {(c.source.file, c.source.line) for _, c in pairs}
        merges = tuple(
            Merge(str(r["citedAs"]), int(r["year"]), str(r["rule"]), str(r["matchedName"]), Source(str(r["file"]), int(r["line"])))  # type: ignore[arg-type]
            for r in self.merges
            if r["policy"] == iri and (str(r["file"]), r["line"]) in citation_lines
        )  # fmt: skip
        return Policy(
            iri, self.numbers.get(iri), tuple(self.names.get(iri, ())), code, organ, level, kind,
            tuple(p.iri for p in projects), tuple(c for _, c in pairs), full, _round(share), merges,
        )  # fmt: skip

    def coverage(self, chosen: list[Project], entries: list[Policy]) -> Coverage:
        citations = [c for p in chosen for c in p.basis]
        documents = [c for c in citations if c.kind == "document"]
        codes = {e.issuer_code for e in entries if e.issuer_code and e.organ is None}
        unknown = tuple(
            UnknownIssuer(code, tuple(str(self.unknown[code]["docNumbers"] or "").split()),
                          tuple(x for x in str(self.unknown[code]["issuersAsWritten"] or "").split(" / ") if x))
            for code in sorted(codes) if code in self.unknown
        )  # fmt: skip
        return Coverage(
            projects=len(chosen),
            projects_justified=sum(p.status == "justified" for p in chosen),
            projects_no_policy=sum(p.status == "no-policy" for p in chosen),
            projects_no_basis=sum(p.status == "no-basis" for p in chosen),
            document_citations=len(documents),
            citations_with_number=sum(c.doc_number is not None for c in documents),
            citations_title_only=sum(c.doc_number is None for c in documents),
            meetings=sum(c.kind == "meeting" for c in citations),
            statements=sum(c.kind == "statement" for c in citations),
            unknown_issuers=unknown,
        )


def _across(entries: list[Policy], chosen: list[Project]) -> tuple[tuple[str, tuple[int, ...], tuple[str, ...]], ...]:
    by_iri = {p.iri: p for p in chosen}
    out = []
    for entry in entries:
        projects = [by_iri[i] for i in entry.projects]
        years = tuple(sorted({p.year for p in projects}))
        departments = tuple(sorted({p.department for p in projects}))
        if len(years) > 1 or len(departments) > 1:
            out.append((entry.iri, years, departments))
    return tuple(out)


def _citation(row: Row) -> Citation:
    return Citation(
        str(row["citedAs"]), str(row["kind"]), _text(row["policy"]), _text(row["docNumber"]),
        _text(row["printedNumber"]), _text(row["rule"]), Source(str(row["file"]), int(row["line"])),  # type: ignore[arg-type]
    )  # fmt: skip


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _decimal(value: object) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def _round(value: Fraction) -> Decimal:
    """Exactly rounded to 0.01, halves up (as SPARQL ROUND does)."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return (Decimal(cents) / 100).quantize(CENT)
