"""On-disk stores of the real documents for the policy tests, built once per session."""

from __future__ import annotations

from pathlib import Path

from budgetkg.loading import load_document
from budgetkg.policies import refresh
from budgetkg.store import GraphStore

from conftest import CORPUS, SAMPLE_2019, SAMPLE_2023

SAMPLES = (SAMPLE_2019, SAMPLE_2023)
CORPUS_TEXTS = tuple(CORPUS / name for name in (
    "sh-putuo-wanli-2023-budget.txt", "sh-putuo-wanli-2025-budget.tab.txt",
    "sh-czj-2025-unit-budget.txt", "sh-putuo-fuliyuan-2024-unit-budget.txt",
))  # fmt: skip


def loaded(folder: Path, paths: tuple[Path, ...]) -> GraphStore:
    """A store at ``folder`` with ``paths`` loaded and the policy resolution refreshed."""
    store = GraphStore(folder)
    for path in paths:
        load_document(store, path)
    refresh(store)
    return store
