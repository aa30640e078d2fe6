"""The issuer registry: 机关代字 -> issuing organ, its level and its kind.

The registry is data (``ontology/issuers.ttl``); this module reads it and puts it
in the store as its own named graph, so queries can roll policies up by organ and
level. A code that is not in the registry is unknown: it is reported with the
issuer the citation writes, never guessed.

>>> registry()["沪委办"].organ
'中共上海市委办公厅'
>>> registry()["沪委办"].level, registry()["沪委办"].kind
('municipal', 'party')
>>> "沪审改办发" in registry()
False
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from budgetkg import iris
from budgetkg.artifacts import folder
from budgetkg.backend import Store
from budgetkg.vocab import BKG

REGISTRY_FILE = "issuers.ttl"
LEVELS = ("central", "municipal", "district")
KINDS = ("party", "government", "department")


class RegistryError(ValueError):
    """The registry file says something it must not (an organ without level, ...)."""

    def __init__(self, path: Path, subject: str, problem: str) -> None:
        super().__init__(f"{path}: {subject}: {problem}")
        self.path = path
        self.subject = subject


@dataclass(frozen=True, slots=True)
class Issuer:
    code: str  # 机关代字, e.g. 沪委办
    organ: str  # 中共上海市委办公厅
    level: str  # one of LEVELS
    kind: str  # one of KINDS


def registry_path() -> Path:
    return folder("ontology") / REGISTRY_FILE


@cache
def registry_graph() -> Graph:
    graph = Graph()
    graph.parse(registry_path(), format="turtle")
    return graph


@cache
def registry() -> dict[str, Issuer]:
    """Every registered 机关代字 and its issuer.

    :raises RegistryError: a code without exactly one organ, or an organ without a
        known level and kind.
    """
    graph, path = registry_graph(), registry_path()
    out: dict[str, Issuer] = {}
    for code_node in graph.subjects(predicate=None, object=BKG.IssuerCode):
        notation = graph.value(code_node, SKOS.notation)
        if notation is None or code_node != iris.issuer_code(str(notation)):
            raise RegistryError(path, str(code_node), "needs skos:notation equal to its IRI's code")
        organs = list(graph.objects(code_node, BKG.issuingOrgan))
        if len(organs) != 1:
            raise RegistryError(path, str(notation), f"needs exactly one bkg:issuingOrgan, has {len(organs)}")
        organ = organs[0]
        name = _label(graph, organ)
        level = _key(graph, organ, BKG.organLevel, "organ-level", LEVELS, path)
        kind = _key(graph, organ, BKG.organKind, "organ-kind", KINDS, path)
        if name is None or organ != iris.organization(name):
            raise RegistryError(path, str(organ), "needs a skos:prefLabel@zh equal to its IRI's name")
        out[str(notation)] = Issuer(str(notation), name, level, kind)
    return out


def lookup(code: str) -> Issuer | None:
    """The issuer of ``code``, or None when the code is not registered."""
    return registry().get(code)


def install(store: Store) -> int:
    """Put the registry in ``store`` as its own named graph (atomic; no write when unchanged)."""
    registry()  # validate before writing
    return store.replace_graph(iris.issuer_registry_graph(), set(registry_graph()))


def _label(graph: Graph, node: object) -> str | None:
    for value in graph.objects(node, SKOS.prefLabel):  # type: ignore[arg-type]
        if isinstance(value, Literal) and value.language == "zh":
            return str(value)
    return None


def _key(graph: Graph, organ: object, prop: URIRef, kind: str, allowed: tuple[str, ...], path: Path) -> str:
    value = graph.value(organ, prop)  # type: ignore[arg-type]
    for key in allowed:
        if value == getattr(iris, kind.replace("-", "_"))(key):
            return key
    raise RegistryError(path, str(organ), f"needs {prop} one of {', '.join(allowed)}, has {value}")
