"""One page of a named query's rows in the browser: ``?page=K`` and ``?rows=N``."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_ROWS = 500  # rows on a page, unless ?rows= says otherwise
MAX_PAGE_ROWS = 5000


@dataclass(frozen=True)
class Paging:
    number: int  # from 1
    size: int  # rows per page
    size_given: bool  # ?rows= was in the request, so the pager's links keep it

    @classmethod
    def parse(cls, given: dict[str, str]) -> Paging:
        """The page that ``page`` and ``rows`` of ``given`` ask for (each optional).

        :raises ValueError: either is not a whole number in range; the message says which and why.
        """
        number, size = given.get("page", "1"), given.get("rows", str(PAGE_ROWS))
        if not number.isdigit() or int(number) < 1:
            raise ValueError(f"page={number}: expected a page number from 1")
        if not size.isdigit() or not 1 <= int(size) <= MAX_PAGE_ROWS:
            raise ValueError(f"rows={size}: expected a number of rows per page from 1 to {MAX_PAGE_ROWS}")
        return cls(int(number), int(size), "rows" in given)

    @property
    def window(self) -> tuple[int, int]:
        """(index of the page's first row from 0, rows per page), as `worker.Job` takes it."""
        return (self.number - 1) * self.size, self.size

    def pages(self, total: int) -> int:
        """How many pages ``total`` rows fill (an empty result still has its one, empty, page)."""
        return max(1, -(-total // self.size))

    def link(self, params: dict[str, str], number: int) -> dict[str, str]:
        """The query parameters of page ``number`` of the same query."""
        return {**params, **({"rows": str(self.size)} if self.size_given else {}), "page": str(number)}
