"""Hostile input: the loaders raise only `DocumentError` (never another exception, never hang),
and a document that fails leaves nothing in the store.

Real documents are damaged the ways files get damaged (truncated, lines lost, swapped or
repeated, bytes overwritten, saved as GBK or UTF-16) and fed to `read_document`; each
example runs under a deadline, so a hang fails the test instead of stalling CI.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write
from budgetkg.loaders.document import MAX_PDF_BYTES, MAX_TEXT_BYTES, read_document
from budgetkg.loaders.errors import DocumentError
from budgetkg.loaders.records import Disclosure
from budgetkg.loading import load_document
from budgetkg.store import GraphStore

from conftest import SAMPLE_2019, SAMPLE_2023, corpus

DEADLINE = 30  # seconds per document: the largest real one parses in under 1 s
_SCRATCH = Path(tempfile.mkdtemp(prefix="budgetkg-fuzz-"))
_GENERATED = write(_SCRATCH / "generated", 4, seed=11)  # one document per generated layout
BASES = {
    "sample-2023": SAMPLE_2023.read_bytes(),
    "sample-2019": SAMPLE_2019.read_bytes(),
    "wanli-2023": corpus("sh-putuo-wanli-2023-budget.txt").read_bytes(),
    **{f"generated-{g.disclosure.layout}": g.path.read_bytes() for g in _GENERATED},
}


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_or_refuse(data: bytes, suffix: str = ".txt") -> Disclosure | DocumentError:
    """`read_document` on ``data``: a disclosure or a typed error; anything else propagates and fails."""
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)
        with deadline(DEADLINE):
            try:
                return read_document(path)
            except DocumentError as exc:
                assert exc.issues, "a DocumentError lists what was wrong"
                assert all(i.message and i.slug for i in exc.issues)
                assert str(path) in exc.describe()
                return exc


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = BASES[draw(st.sampled_from(sorted(BASES)))]
    how = draw(st.sampled_from(["truncate", "delete", "swap", "repeat", "overwrite", "insert"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    lines = _lines(data)
    if how in ("delete", "swap", "repeat"):
        picks = draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=40))
        for k, i in enumerate(picks):
            i %= len(lines)
            if how == "delete" and len(lines) > 1:
                lines.pop(i)
            elif how == "swap":
                j = picks[(k + 1) % len(picks)] % len(lines)
                lines[i], lines[j] = lines[j], lines[i]
            elif how == "repeat":
                lines.insert((i * 7919) % len(lines), lines[i])
        return b"\n".join(lines)
    out = bytearray(data)
    for position, chunk in draw(st.lists(st.tuples(st.integers(0, len(data)), st.binary(min_size=1, max_size=8)),
                                         min_size=1, max_size=20)):
        if how == "overwrite":
            out[position : position + len(chunk)] = chunk
        else:
            out[position:position] = chunk
    return bytes(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged())
def test_damaged_documents_raise_only_document_error(data: bytes) -> None:
    read_or_refuse(data)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged(), st.sampled_from(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"]))
def test_damaged_documents_in_other_encodings_raise_only_document_error(data: bytes, encoding: str) -> None:
    text = data.decode("utf-8", errors="replace")
    read_or_refuse(text.encode(encoding, errors="replace"))


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("name", ["sample-2023", "wanli-2023"])
def test_the_same_document_saved_in_another_encoding_reads_the_same(name: str, encoding: str) -> None:
    original = read_or_refuse(BASES[name])
    again = read_or_refuse(BASES[name].decode("utf-8").encode(encoding))
    assert isinstance(original, Disclosure) and isinstance(again, Disclosure)
    assert [(t.kind, [(r.code, r.label, r.cells) for r in t.rows]) for t in again.tables] == [
        (t.kind, [(r.code, r.label, r.cells) for r in t.rows]) for t in original.tables
    ]
    assert [p.name for p in again.projects] == [p.name for p in original.projects]


def test_utf16_without_a_byte_order_mark_is_refused_as_binary() -> None:
    refused = read_or_refuse(BASES["sample-2023"].decode("utf-8").encode("utf-16-le"))
    assert isinstance(refused, DocumentError) and refused.issues[0].slug == "not-text"


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_an_empty_file_is_refused(suffix: str) -> None:
    refused = read_or_refuse(b"", suffix)
    assert isinstance(refused, DocumentError)
    assert refused.issues[0].slug in ("not-a-disclosure", "not-a-pdf")


@pytest.mark.parametrize("data", [bytes(range(256)) * 64, b"\x89PNG\r\n\x1a\n" + bytes(4000), b"PK\x03\x04" + bytes(2000)])
def test_random_binary_is_refused(data: bytes) -> None:
    assert isinstance(read_or_refuse(data), DocumentError)


def minimal_pdf(text: str) -> bytes:
    """A well-formed one-page PDF printing ``text`` (ASCII, Helvetica); xref offsets computed."""
    content = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])  # a PDF saved under .txt is read as the PDF it is
def test_a_pdf_that_is_not_a_budget_is_refused(suffix: str) -> None:
    refused = read_or_refuse(minimal_pdf("Quarterly meeting agenda"), suffix)
    assert isinstance(refused, DocumentError)
    assert refused.issues[0].slug == "not-a-disclosure"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 100), st.binary(max_size=64))
def test_damaged_pdfs_raise_only_document_error(cut_percent: int, garbage: bytes) -> None:
    data = corpus("sh-putuo-fuliyuan-2024-unit-budget.pdf").read_bytes()
    cut = len(data) * cut_percent // 100
    read_or_refuse(data[:cut] + garbage + data[cut + len(garbage) :], ".pdf")


@pytest.mark.parametrize(("suffix", "limit"), [(".txt", MAX_TEXT_BYTES), (".pdf", MAX_PDF_BYTES)])
def test_a_100_mb_file_is_refused_at_once_not_read_for_minutes(tmp_path: Path, suffix: str, limit: int) -> None:
    """Regression: a 100 MB text was read for 4 minutes (1.3 GB of memory) and then loaded as one document."""
    path = tmp_path / f"huge{suffix}"
    with path.open("wb") as f:
        f.write(BASES["sample-2023"] if suffix == ".txt" else minimal_pdf("big"))
        f.truncate(100 * 2**20)  # sparse: 100 MB on the file system without writing them
    assert limit < 100 * 2**20
    with deadline(5):
        with pytest.raises(DocumentError) as refused:
            read_document(path)
    assert refused.value.issues[0].slug == "too-large"
    assert "100 MB" in refused.value.describe()


@pytest.fixture(scope="module")
def store() -> Iterator[GraphStore]:
    with GraphStore(_SCRATCH / "store") as db:
        load_document(db, SAMPLE_2019)
        yield db


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.data_too_large])
@given(damaged())
def test_a_document_that_fails_leaves_nothing_in_the_store(store: GraphStore, data: bytes) -> None:
    graphs, count = store.graphs(), store.count()
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder:
        path = Path(folder) / "damaged.txt"
        path.write_bytes(data)
        with deadline(DEADLINE):
            try:
                loaded = load_document(store, path)
            except DocumentError:
                assert (store.graphs(), store.count()) == (graphs, count)
                return
    # Loaded (damage the loader could read through): its graph replaced at most one document's graph.
    assert set(store.graphs()) - set(graphs) <= {loaded.graph}
