"""The text layouts real extractions produce, as writers of lines.

- ``tab-exact``: tab-separated cells, empty cells kept, one paragraph per line,
  no page markers (the 2023 sample).
- ``tab-compact``: tab-separated cells, empty cells dropped, prose wrapped at
  the page width, ``-- PAGE_BREAK --`` between pages (万里街道 2025).
- ``space``: space-separated cells, empty cells dropped, prose wrapped,
  ``=== PAGE n ===`` markers, long names wrapped around their row (万里街道 2023).
- ``cell``: every table cell on a line of its own, prose wrapped, a form feed
  starting each new page (pdftotext's raw mode).
"""

from __future__ import annotations

LAYOUTS = ("tab-exact", "tab-compact", "space", "cell")
_WIDTH = 62  # characters per line of wrapped prose, as on an A4 page
ROWS_PER_PAGE = 24


class Writer:
    def __init__(self, layout: str) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
        self.layout = layout
        self.lines: list[str] = []
        self.page = 1
        if layout == "space":
            self.lines += ["", "", "=== PAGE 1 ==="]

    @property
    def exact(self) -> bool:
        return self.layout == "tab-exact"

    def line(self, text: str) -> None:
        self.lines.append(text)
        if self.exact:
            self.lines.append("")

    def prose(self, paragraph: str) -> None:
        """A paragraph: whole in the exact layout, wrapped at the page width otherwise."""
        if self.exact:
            self.line(paragraph)
            return
        for start in range(0, len(paragraph), _WIDTH):
            self.lines.append(paragraph[start : start + _WIDTH])

    def row(self, cells: list[str]) -> None:
        """A table row; ``""`` is an empty cell, kept only by the exact layout."""
        if self.exact:
            self.lines.append("\t".join(cells))
            return
        kept = [c for c in cells if c]
        if self.layout == "cell":
            self.lines.extend(kept)
        else:
            self.lines.append(("\t" if self.layout == "tab-compact" else " ").join(kept))

    def page_break(self) -> None:
        self.page += 1
        if self.layout == "tab-compact":
            self.lines += ["", "-- PAGE_BREAK --", "", ""]
        elif self.layout == "space":
            self.lines += ["", f"=== PAGE {self.page} ==="]
        elif self.layout == "cell":
            self.lines.append("\f")
        else:
            self.lines.append("")

    def text(self) -> str:
        out: list[str] = []
        feed = ""
        for line in self.lines:
            if line == "\f":
                feed += "\f"  # pdftotext puts the form feed before the new page's first line
                continue
            out.append(feed + line)
            feed = ""
        return "\n".join(out) + "\n"
