"""Map a parsed `Disclosure` to RDF: one named graph per document.

Every fact carries the lines (and pages) it was read from. Amounts are exact
xsd:decimal in 元, with the printed text and unit kept beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib import namespace
from rdflib.term import Node

from budgetkg import iris, vocab
from budgetkg.loaders.citations import normalize_title
from budgetkg.loaders.records import Amount, Citation, Disclosure, Span, Table
from budgetkg.loaders.tables import TABLE_KINDS
from budgetkg.vocab import ELI, OBEU_DIM, ORG, QB, XKOS, bound

# The closed vocabularies' terms, read once (see vocab.bound): the mapper reads them
# about ten thousand times a document.
RDF, RDFS, XSD, DCTERMS, PROV, SKOS, BKG = (
    bound(ns) for ns in (namespace.RDF, namespace.RDFS, namespace.XSD, namespace.DCTERMS, namespace.PROV, namespace.SKOS, vocab.BKG)
)

SCHEMES = {"func": "支出功能分类科目", "econ": "部门预算支出经济分类科目"}
_LEVEL_NAMES = {"func": ("类", "款", "项"), "econ": ("类", "款")}
_FORM_AMOUNTS = {
    "项目资金总额": BKG.totalFunds,
    "年度资金申请总额": BKG.annualRequest,
    "其中：当年财政拨款": BKG.fiscalAppropriation,
    "其中：财政资金": BKG.fiscalFunds,
    "上年结转资金": BKG.carryOver,
    "其他资金": BKG.otherFunds,
}
_FORM_FIELDS = {
    "项目性质": BKG.projectNature,
    "项目类别": BKG.projectCategory,
    "主管部门": BKG.competentDepartment,
    "实施单位": BKG.implementingUnit,
}


Triple = tuple[Node, Node, Node]

# Numbered lines of a two-sided table: 一、财政拨款收入 and its 1. 一般公共预算资金.
_TOP_LINE = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_LINE = re.compile(r"^\d+\s*[\.．、]")


@dataclass(frozen=True)
class Mapped:
    """A document's named graph: its IRI and its triples (rdflib terms, no blank nodes).

    A plain set rather than an rdflib Graph: building a Graph costs more than
    parsing the document, and the store wants the triples, not an index.
    """

    name: URIRef
    triples: frozenset[Triple]


# Literals are shared: the same line numbers, units, years and names recur thousands of
# times in a document, and building an rdflib Literal costs more than the rest of a triple.
@lru_cache(maxsize=1 << 16, typed=True)
def _literal(value: str | int | bool, datatype: URIRef | None = None) -> Literal:
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=1 << 16)
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal form (no exponent, no trailing zeros): 976000.00 -> 976000.

    The store keeps decimals in canonical form; writing them so keeps a reloaded
    document equal to the stored one, and keeps the graph free of forms that only
    look different.
    """
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


@lru_cache(maxsize=1 << 16)
def _decimal(value: Decimal) -> Literal:  # equal Decimals (1.0, 1.00) have one canonical form
    return Literal(canonical_decimal(value), datatype=XSD.decimal)


class _Mapper:
    def __init__(self, disclosure: Disclosure) -> None:
        self.d = disclosure
        self.doc = iris.document(disclosure.department, disclosure.year, disclosure.kind)
        self.file = iris.source_file(disclosure.source.sha256)
        self.triples: set[Triple] = set()
        self.dept = iris.organization(disclosure.department)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None:
            self.triples.add((s, p, o))

    def where(self, node: URIRef, span: Span | None) -> None:
        """Provenance: the source file and the line/page range of a fact."""
        if span is None:
            return
        self.add(node, PROV.wasDerivedFrom, self.file)
        self.add(node, BKG.lineStart, _literal(span.first))
        self.add(node, BKG.lineEnd, _literal(span.last))
        if span.page_first is not None:
            self.add(node, BKG.pageStart, _literal(span.page_first))
            self.add(node, BKG.pageEnd, _literal(span.page_last if span.page_last is not None else span.page_first))

    def amount(self, node: URIRef, prop: URIRef, amount: Amount | None) -> None:
        """An amount in 元 as the value of ``prop`` (form fields such as 项目资金总额)."""
        if amount is None:
            return
        self.add(node, prop, _decimal(amount.yuan))

    def money(self, node: URIRef, amount: Amount) -> None:
        self.add(node, BKG.amount, _decimal(amount.yuan))
        self.add(node, BKG.printedAmount, _literal(amount.printed))
        self.add(node, BKG.printedUnit, _literal(amount.unit))

    # -- the document ------------------------------------------------------
    def run(self) -> set[Triple]:
        d = self.d
        self.add(self.doc, RDF.type, BKG.Disclosure)
        self.add(self.doc, RDF.type, PROV.Entity)
        self.add(self.doc, DCTERMS.title, _zh(d.title or f"{d.department}{d.year}年{d.kind}"))
        self.add(self.doc, RDFS.label, _zh(f"{d.department} {d.year}年{d.kind}"))
        self.add(self.doc, BKG.fiscalYear, _literal(str(d.year), datatype=XSD.gYear))
        self.add(self.doc, BKG.department, self.dept)
        self.add(self.doc, BKG.disclosureKind, _zh(d.kind))
        if d.level:
            self.add(self.doc, BKG.governmentLevel, _zh(d.level))
        self.add(self.doc, BKG.sourceFile, self.file)
        self.add(self.doc, PROV.wasDerivedFrom, self.file)
        self.add(self.file, RDF.type, BKG.SourceFile)
        self.add(self.file, BKG.sha256, _literal(d.source.sha256))
        self.add(self.file, BKG.fileName, _literal(d.source.path.name))
        self.add(self.file, BKG.mediaType, _literal(d.source.media_type))
        self.add(self.file, BKG.layout, _literal(d.source.layout))
        self.add(self.file, BKG.lineCount, _literal(d.source.line_count))
        if d.source.page_count is not None:
            self.add(self.file, BKG.pageCount, _literal(d.source.page_count))
        for entry in d.toc:
            self.add(self.doc, BKG.tocEntry, _zh(entry))
        if d.functions:
            self.add(self.doc, BKG.mainFunctions, _zh(d.functions))
        self.organizations()
        for table in d.tables:
            self.table(table)
        self.figures()
        for project in d.projects:
            self.project(project)
        for n, issue in enumerate(d.issues, start=1):
            note = URIRef(f"{self.doc}/note/{n}")
            self.add(self.doc, BKG.hasNote, note)
            self.add(note, RDF.type, BKG.LoadNote)
            self.add(note, BKG.noteCode, _literal(issue.slug))
            self.add(note, BKG.severity, _literal(issue.severity.value))
            self.add(note, RDFS.comment, _zh(issue.message))
            self.where(note, issue.span)
        return self.triples

    def organizations(self) -> None:
        d = self.d
        self.add(self.dept, RDF.type, ORG.FormalOrganization)
        self.add(self.dept, RDF.type, BKG.Department)
        self.add(self.dept, SKOS.prefLabel, _zh(d.department))
        for unit in d.units:
            if unit.kind == "budget-unit":
                node = iris.organization(unit.name)
                self.add(node, RDF.type, BKG.BudgetUnit)
                self.add(node, RDF.type, ORG.Organization)
                self.add(node, SKOS.prefLabel, _zh(unit.name))
                if node != self.dept:
                    self.add(node, ORG.subOrganizationOf, self.dept)
                self.add(self.doc, BKG.budgetUnit, node)
            else:
                parent = iris.organization(unit.parent or d.department)
                node = iris.division(unit.parent or d.department, unit.name)
                self.add(node, RDF.type, BKG.Division)
                self.add(node, RDF.type, ORG.OrganizationalUnit)
                self.add(node, SKOS.prefLabel, _zh(unit.name))
                self.add(node, ORG.unitOf, parent)
                self.add(parent, ORG.hasUnit, node)
            if node != self.dept:
                self.where(node, unit.span)

    # -- tables --------------------------------------------------------------
    def table(self, table: Table) -> None:
        kind = TABLE_KINDS[table.kind]
        node = iris.table(self.doc, table.kind)
        self.add(self.doc, BKG.hasTable, node)
        self.add(node, RDF.type, BKG.BudgetTable)
        self.add(node, RDF.type, QB.DataSet)
        self.add(node, BKG.inDocument, self.doc)
        self.add(node, BKG.tableKind, iris.table_kind(table.kind))
        self.add(iris.table_kind(table.kind), RDF.type, BKG.TableKind)
        self.add(iris.table_kind(table.kind), SKOS.prefLabel, _zh(kind.name))
        self.add(node, DCTERMS.title, _zh(table.title))
        self.add(node, BKG.printedUnit, _literal(table.unit))
        if table.number is not None:
            self.add(node, BKG.tableNumber, _literal(table.number))
        if table.note:
            self.add(node, BKG.tableNote, _zh(table.note))
        empty = not any(row.cells for row in table.rows)
        self.add(node, BKG.isEmpty, _literal(empty))
        for column in table.columns:
            col = iris.column(column)
            self.add(node, BKG.hasColumn, col)
            self.add(col, RDF.type, BKG.Column)
            self.add(col, SKOS.prefLabel, _zh(column))
        self.where(node, table.span)
        for row in table.rows:
            row_node = iris.row(node, row.index)
            self.add(row_node, RDF.type, BKG.TableRow)
            self.add(row_node, BKG.inTable, node)
            self.add(row_node, BKG.rowIndex, _literal(row.index))
            if row.label:
                self.add(row_node, BKG.rowLabel, _zh(row.label))
            if row.side:
                self.add(row_node, BKG.side, _zh(row.side))
            self.add(row_node, BKG.isTotal, _literal(row.is_total))
            concept = None
            if row.code and kind.scheme:
                concept = self.code(kind.scheme, row.code, row.label)
                self.add(row_node, BKG.code, concept)
                self.add(row_node, BKG.printedCode, _literal(row.printed_code))
            elif row.printed_code:
                self.add(row_node, BKG.printedCode, _literal(row.printed_code))
            self.where(row_node, row.span)
            for column, amount in row.cells.items():
                obs = iris.observation(row_node, column)
                self.add(obs, RDF.type, QB.Observation)
                self.add(obs, RDF.type, BKG.BudgetObservation)
                self.add(obs, QB.dataSet, node)
                self.add(obs, BKG.row, row_node)
                self.add(obs, BKG.column, iris.column(column))
                self.add(obs, BKG.organization, self.dept)
                self.add(obs, BKG.fiscalYear, _literal(str(self.d.year), datatype=XSD.gYear))
                if concept is not None:
                    prop = BKG.functionalClassification if kind.scheme == "func" else BKG.economicClassification
                    self.add(obs, prop, concept)
                self.money(obs, amount)
                self.where(obs, row.span)
        self.sums(table, node)

    # -- what adds up to what (read by the validation shapes) -------------------
    def sums(self, table: Table, node: URIRef) -> None:
        """State the template's identities: which rows and which columns add up.

        Rows: a 项 is part of its 款, a 款 of its 类, a 类 (or a unit's row) of the
        合计 row; in a two-sided table a ``一、`` line is part of its side's 总计 and
        a ``1.`` line part of the ``一、`` line above it. Columns: the kind's
        identities (合计 = 基本支出 + 项目支出 …), or for a two-sided table the first
        expenditure column as the sum of the others.
        """
        kind = TABLE_KINDS[table.kind]
        rows = {row.index: iris.row(node, row.index) for row in table.rows}
        totals = {row.side: row.index for row in table.rows if row.is_total}
        by_code: dict[str, int] = {}
        for row in table.rows:
            if row.code:
                by_code.setdefault(row.code, row.index)
        heading: dict[str | None, int] = {}
        for row in table.rows:
            parent: int | None = None
            if row.is_total:
                parent = None
            elif kind.shape == "coded" and row.code:
                parent = by_code.get(row.code[:-2]) if len(row.code) > 3 else totals.get(None)
            elif kind.shape == "by-unit":
                parent = totals.get(None)
            elif kind.shape == "two-sided" and row.label:
                if _TOP_LINE.match(row.label):
                    heading[row.side] = row.index
                    parent = totals.get(row.side)
                elif _SUB_LINE.match(row.label):
                    parent = heading.get(row.side)
            if parent is not None:
                self.add(rows[row.index], BKG.partOf, rows[parent])
        identities = kind.identities
        if kind.shape == "two-sided":
            right = [c for c in table.columns if c != "预算数"]
            identities = ((right[0], tuple(right[1:])),) if len(right) > 1 else ()
        for total, parts in identities:
            if total not in table.columns:
                continue
            identity = iris.column_sum(node, total)
            self.add(node, BKG.columnSum, identity)
            self.add(identity, RDF.type, BKG.ColumnSum)
            self.add(identity, BKG.totalColumn, iris.column(total))
            for part in parts:
                self.add(identity, BKG.partColumn, iris.column(part))

    def code(self, scheme_key: str, notation: str, name: str | None) -> URIRef:
        """A code as a SKOS concept; its name is attached for this document's year."""
        concept = iris.code(scheme_key, notation)
        scheme = iris.scheme(scheme_key)
        depth = {3: 1, 5: 2, 7: 3}[len(notation)]
        level = iris.level(scheme_key, depth)
        self.add(concept, RDF.type, SKOS.Concept)
        self.add(concept, SKOS.notation, _literal(notation))
        self.add(concept, SKOS.inScheme, scheme)
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, _zh(SCHEMES[scheme_key]))
        self.add(level, RDF.type, XKOS.ClassificationLevel)
        self.add(level, XKOS.depth, _literal(depth))
        self.add(level, SKOS.prefLabel, _zh(_LEVEL_NAMES[scheme_key][depth - 1]))
        self.add(level, SKOS.member, concept)
        if depth > 1:
            parent = iris.code(scheme_key, notation[:-2])
            self.add(concept, SKOS.broader, parent)
            self.add(parent, SKOS.narrower, concept)
        else:
            self.add(concept, SKOS.topConceptOf, scheme)
        if name:
            self.add(concept, SKOS.altLabel, _zh(name))
            named = iris.code_name(scheme_key, notation, self.d.year)
            self.add(concept, BKG.hasYearName, named)
            self.add(named, RDF.type, BKG.CodeName)
            self.add(named, BKG.fiscalYear, _literal(str(self.d.year), datatype=XSD.gYear))
            self.add(named, RDFS.label, _zh(name))
        return concept

    # -- stated figures -----------------------------------------------------
    def figures(self) -> None:
        for n, fig in enumerate(self.d.figures, start=1):
            node = iris.figure(self.doc, n)
            self.add(self.doc, BKG.hasFigure, node)
            self.add(node, RDF.type, BKG.StatedFigure)
            self.add(node, BKG.inDocument, self.doc)
            self.add(node, BKG.topic, iris.topic(fig.topic))
            self.add(iris.topic(fig.topic), RDF.type, BKG.Topic)
            self.add(iris.topic(fig.topic), SKOS.notation, _literal(fig.topic))
            if fig.subject:
                self.add(node, BKG.subject, _zh(fig.subject))
            if fig.amount is not None:
                self.money(node, fig.amount)
            if fig.change is not None:
                self.add(node, BKG.changeAmount, _decimal(fig.change.yuan))
            if fig.direction:
                self.add(node, BKG.changeDirection, _zh(fig.direction))
            if fig.compared_year:
                self.add(node, BKG.comparedYear, _literal(str(fig.compared_year), datatype=XSD.gYear))
            if fig.count is not None:
                self.add(node, BKG.count, _literal(fig.count))
            if fig.percent is not None:
                self.add(node, BKG.percentChange, _decimal(fig.percent))
            self.where(node, fig.span)

    # -- projects -----------------------------------------------------------
    def project(self, project) -> None:  # type: ignore[no-untyped-def]
        node = iris.project(self.doc, project.position)
        self.add(self.doc, BKG.hasProject, node)
        self.add(node, RDF.type, BKG.Project)
        self.add(node, BKG.inDocument, self.doc)
        self.add(node, BKG.position, _literal(project.position))
        self.add(node, BKG.organization, self.dept)
        self.add(node, BKG.fiscalYear, _literal(str(self.d.year), datatype=XSD.gYear))
        label = project.name or f"项目 {project.position}（未列名称）"
        self.add(node, RDFS.label, _zh(label))
        self.add(node, BKG.fromForm, _literal(project.from_form))
        self.where(node, project.span)
        for part in project.parts:
            part_node = iris.project_part(node, part.kind)
            self.add(node, BKG.hasPart, part_node)
            self.add(part_node, RDF.type, BKG.ProjectPart)
            self.add(part_node, BKG.partKind, iris.part_kind(part.kind))
            self.add(iris.part_kind(part.kind), RDF.type, BKG.PartKind)
            self.add(iris.part_kind(part.kind), SKOS.prefLabel, _zh(part.heading.split("、", 1)[-1]))
            self.add(part_node, RDFS.label, _zh(part.heading))
            self.add(part_node, BKG.text, _zh(part.text))
            self.where(part_node, part.span)
        if project.period_text:
            self.add(node, BKG.periodText, _zh(project.period_text))
        if project.period_start:
            self.add(node, BKG.periodStart, _literal(project.period_start, datatype=XSD.date))
        if project.period_end:
            self.add(node, BKG.periodEnd, _literal(project.period_end, datatype=XSD.date))
        if project.budget is not None:
            self.add(node, BKG.budgetAmount, _decimal(project.budget.yuan))
            self.add(node, BKG.printedAmount, _literal(project.budget.printed))
            self.add(node, BKG.printedUnit, _literal(project.budget.unit))
        if "budgetDerivation" in project.properties:
            self.add(node, BKG.budgetDerivation, _literal(project.properties["budgetDerivation"]))
        if project.goal:
            self.add(node, BKG.text, _zh(project.goal))
        for name, prop in _FORM_FIELDS.items():
            if name in project.properties:
                self.add(node, prop, _zh(project.properties[name]))
        for name in ("计划开始日期", "计划完成日期"):
            if name in project.properties:
                try:
                    value = _literal(project.properties[name], datatype=XSD.date)
                    self.add(node, BKG.periodStart if name == "计划开始日期" else BKG.periodEnd, value)
                except ValueError:
                    pass
        for name, prop in _FORM_AMOUNTS.items():
            self.amount(node, prop, project.amounts.get(name))
        for item in project.basis:
            item_node = iris.basis_item(node, item.position)
            self.add(node, BKG.hasBasisItem, item_node)
            self.add(item_node, RDF.type, BKG.BasisItem)
            self.add(item_node, BKG.position, _literal(item.position))
            self.add(item_node, BKG.rawText, _zh(item.text))
            self.where(item_node, item.span)
            for n, cit in enumerate(item.citations, start=1):
                cit_node = iris.citation(item_node, n)
                self.add(item_node, BKG.hasCitation, cit_node)
                self.citation(cit_node, cit, item.span)
                policy = self.policy(cit)
                if policy is not None:
                    self.add(cit_node, BKG.citesPolicy, policy)
                    self.add(node, BKG.justifiedBy, policy)
        for n, cit in enumerate(project.mentions, start=1):
            m_node = iris.mention(node, n)
            self.add(node, BKG.hasMention, m_node)
            plan = next((p for p in project.parts if p.kind == "plan"), None)
            self.citation(m_node, cit, plan.span if plan else None)
            policy = self.policy(cit)
            if policy is not None:
                self.add(m_node, BKG.mentionsPolicy, policy)
        for ind in project.indicators:
            ind_node = iris.indicator(node, ind.position)
            self.add(node, BKG.hasIndicator, ind_node)
            self.add(ind_node, RDF.type, BKG.PerformanceIndicator)
            self.add(ind_node, BKG.position, _literal(ind.position))
            if ind.level1:
                self.add(ind_node, BKG.level1, _zh(ind.level1))
            if ind.level2:
                self.add(ind_node, BKG.level2, _zh(ind.level2))
            self.add(ind_node, BKG.level3, _zh(ind.level3))
            self.add(ind_node, RDFS.label, _zh(ind.level3))
            self.add(ind_node, BKG.targetText, _zh(ind.target.text))
            if ind.target.comparator:
                self.add(ind_node, BKG.targetComparator, _literal(ind.target.comparator))
            if ind.target.value is not None:
                self.add(ind_node, BKG.targetValue, _decimal(ind.target.value))
            if ind.target.unit:
                self.add(ind_node, BKG.targetUnit, _zh(ind.target.unit))
            self.where(ind_node, ind.span)

    def citation(self, node: URIRef, cit: Citation, span: Span | None) -> None:
        self.add(node, RDF.type, BKG.Citation)
        self.add(node, BKG.rawText, _zh(cit.raw))
        self.add(node, BKG.basisKind, _literal(cit.kind.value))
        if cit.title:
            self.add(node, BKG.citedTitle, _zh(cit.title))
        if cit.work_title:
            self.add(node, BKG.workTitle, _zh(cit.work_title))
        if cit.number:
            self.add(node, BKG.printedDocNumber, _literal(cit.number.printed))
        if cit.issuer:
            self.add(node, BKG.issuerName, _zh(cit.issuer))
        self.where(node, span)

    def policy(self, cit: Citation) -> URIRef | None:
        """The cited policy document: by normalized 文号, else by title."""
        if cit.number is not None:
            node = iris.policy_by_number(cit.number.normalized)
            self.add(node, BKG.docNumber, _literal(cit.number.normalized))
            self.add(node, ELI.id_local, _literal(cit.number.normalized))
            self.add(node, BKG.issuerCode, iris.issuer_code(cit.number.issuer_code))
            self.add(iris.issuer_code(cit.number.issuer_code), RDF.type, BKG.IssuerCode)
            self.add(iris.issuer_code(cit.number.issuer_code), SKOS.notation, _literal(cit.number.issuer_code))
            if cit.number.year is not None:
                self.add(node, BKG.docYear, _literal(str(cit.number.year), datatype=XSD.gYear))
            self.add(node, BKG.serial, _literal(cit.number.serial))
            self.add(node, BKG.isOrder, _literal(cit.number.is_order))
        elif cit.title:
            node = iris.policy_by_title(normalize_title(cit.work_title or cit.title))
        else:
            return None
        self.add(node, RDF.type, BKG.PolicyDocument)
        self.add(node, RDF.type, ELI.LegalResource)
        for title in (cit.title, cit.work_title):
            if title:
                self.add(node, ELI.title, _zh(title))
                self.add(node, RDFS.label, _zh(title))
        if cit.title is None and cit.number is not None:
            self.add(node, RDFS.label, _zh(cit.number.normalized))
        return node


def map_disclosure(disclosure: Disclosure) -> Mapped:
    """The document's named graph IRI and its triples."""
    graph_iri = iris.graph(disclosure.department, disclosure.year, disclosure.kind)
    return Mapped(graph_iri, frozenset(_Mapper(disclosure).run()))
