"""The vocabularies the graph uses, as namespaces that reject unknown terms.

`BKG` lists every term of the project's own ontology (`ontology/budgetkg.ttl`);
a test checks that the two agree.
"""

from __future__ import annotations

from types import SimpleNamespace

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

QB = Namespace("http://purl.org/linked-data/cube#")
OBEU_DIM = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")
ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CITO = Namespace("http://purl.org/spar/cito/")


class BKG(DefinedNamespace):
    """budgetkg ontology terms."""

    _NS = Namespace("https://w3id.org/budgetkg/ontology#")
    _fail = True

    # Classes
    Disclosure: URIRef
    SourceFile: URIRef
    Department: URIRef
    BudgetUnit: URIRef
    Division: URIRef
    BudgetTable: URIRef
    TableKind: URIRef
    TableRow: URIRef
    BudgetObservation: URIRef
    Column: URIRef
    CodeName: URIRef
    StatedFigure: URIRef
    Topic: URIRef
    Project: URIRef
    ProjectPart: URIRef
    PartKind: URIRef
    BasisItem: URIRef
    Citation: URIRef
    PolicyDocument: URIRef
    IssuerCode: URIRef
    PerformanceIndicator: URIRef
    LoadNote: URIRef
    ColumnSum: URIRef

    # Document
    fiscalYear: URIRef
    department: URIRef
    disclosureKind: URIRef
    governmentLevel: URIRef
    sourceFile: URIRef
    sha256: URIRef
    fileName: URIRef
    mediaType: URIRef
    layout: URIRef
    lineCount: URIRef
    pageCount: URIRef
    tocEntry: URIRef
    mainFunctions: URIRef
    budgetUnit: URIRef
    inDocument: URIRef
    hasNote: URIRef
    noteCode: URIRef
    severity: URIRef

    # Provenance of a fact
    lineStart: URIRef
    lineEnd: URIRef
    pageStart: URIRef
    pageEnd: URIRef

    # Tables
    hasTable: URIRef
    tableKind: URIRef
    tableNumber: URIRef
    printedUnit: URIRef
    hasColumn: URIRef
    tableNote: URIRef
    isEmpty: URIRef
    inTable: URIRef
    rowIndex: URIRef
    rowLabel: URIRef
    printedCode: URIRef
    code: URIRef
    side: URIRef
    isTotal: URIRef
    row: URIRef
    column: URIRef
    amount: URIRef
    printedAmount: URIRef
    organization: URIRef
    functionalClassification: URIRef
    economicClassification: URIRef

    # What adds up to what (the template's identities, for validation)
    partOf: URIRef
    columnSum: URIRef
    totalColumn: URIRef
    partColumn: URIRef

    # Codes
    hasYearName: URIRef

    # Stated figures
    hasFigure: URIRef
    topic: URIRef
    subject: URIRef
    changeAmount: URIRef
    changeDirection: URIRef
    comparedYear: URIRef
    count: URIRef
    percentChange: URIRef

    # Projects
    hasProject: URIRef
    position: URIRef
    hasPart: URIRef
    partKind: URIRef
    text: URIRef
    periodText: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    budgetAmount: URIRef
    budgetDerivation: URIRef
    fromForm: URIRef
    projectNature: URIRef
    projectCategory: URIRef
    competentDepartment: URIRef
    implementingUnit: URIRef
    totalFunds: URIRef
    annualRequest: URIRef
    fiscalAppropriation: URIRef
    fiscalFunds: URIRef
    carryOver: URIRef
    otherFunds: URIRef

    # Basis and citations
    hasBasisItem: URIRef
    rawText: URIRef
    hasCitation: URIRef
    basisKind: URIRef
    citedTitle: URIRef
    workTitle: URIRef
    printedDocNumber: URIRef
    issuerName: URIRef
    citesPolicy: URIRef
    justifiedBy: URIRef
    hasMention: URIRef
    mentionsPolicy: URIRef

    # Policy documents
    docNumber: URIRef
    issuerCode: URIRef
    docYear: URIRef
    serial: URIRef
    isOrder: URIRef

    # Issuer registry (ontology/issuers.ttl)
    issuingOrgan: URIRef
    organLevel: URIRef
    organKind: URIRef

    # Cross-document policy resolution
    PolicyResolution: URIRef
    resolvesTo: URIRef
    resolvedPolicy: URIRef
    resolvedDocument: URIRef
    resolutionRule: URIRef
    matchedName: URIRef
    ambiguousWith: URIRef

    # Indicators
    hasIndicator: URIRef
    level1: URIRef
    level2: URIRef
    level3: URIRef
    targetText: URIRef
    targetComparator: URIRef
    targetValue: URIRef
    targetUnit: URIRef


def bound(namespace: type[DefinedNamespace]) -> SimpleNamespace:
    """``namespace``'s terms as plain attributes: ``bound(RDF).type`` is ``RDF.type``.

    For the mapper's inner loops: rdflib checks each attribute read of a
    DefinedNamespace (about a microsecond, ten thousand times a document); these are
    read once. A name the namespace does not define still raises AttributeError.
    """
    names = {name for cls in namespace.__mro__ for name in getattr(cls, "__annotations__", {}) if not name.startswith("_")}
    return SimpleNamespace(**{name: namespace[name] for name in names | set(namespace._extras)})
