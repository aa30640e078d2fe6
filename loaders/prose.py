"""Running text made of several source lines, with offsets back to the lines.

Extraction wraps sentences at the page width, so prose is matched on the
joined text and each match is traced back to the lines it spans.
"""

from __future__ import annotations

import bisect

from budgetkg.loaders.records import SourceLine, Span


class Prose:
    def __init__(self, lines: list[SourceLine]) -> None:
        self.lines = lines
        self.starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for line in lines:
            self.starts.append(offset)
            parts.append(line.text)
            offset += len(line.text)
        self.text = "".join(parts)

    def span(self, start: int, end: int) -> Span:
        """The lines covering text[start:end]."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_right(self.starts, max(end - 1, start)) - 1, 0)
        return Span.of(self.lines[first : last + 1])
