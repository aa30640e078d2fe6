from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from budgetkg.loaders.document import read_document
from budgetkg.loaders.records import Disclosure

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "examples" / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE_2023 = SAMPLES / "shanghai-bigdata-center-2023-budget.txt"
SAMPLE_2019 = SAMPLES / "shanghai-bigdata-center-2019-budget.txt"


@cache
def parsed(path: Path) -> Disclosure:
    return read_document(path)


@pytest.fixture(scope="session")
def d2023() -> Disclosure:
    return parsed(SAMPLE_2023)


@pytest.fixture(scope="session")
def d2019() -> Disclosure:
    return parsed(SAMPLE_2019)


def corpus(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.fail(f"corpus file {path} is missing: the tests read ../shared/corpus beside the repository")
    return path
