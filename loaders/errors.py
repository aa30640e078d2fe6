"""Typed errors of the loaders. Each carries the file and the places that failed."""

from __future__ import annotations

from pathlib import Path

from budgetkg.loaders.records import ParseIssue, Severity


class DocumentError(Exception):
    """A document could not be loaded. ``issues`` holds every problem found."""

    def __init__(self, path: Path, issues: list[ParseIssue] | tuple[ParseIssue, ...]) -> None:
        self.path = path
        self.issues = tuple(issues)
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [f"{self.path}: cannot be loaded ({len(self.issues)} problem(s))"]
        for issue in self.issues:
            where = f"{issue.span}: " if issue.span is not None else ""
            lines.append(f"  {where}{issue.message} [{issue.slug}]")
        return "\n".join(lines)

    @classmethod
    def single(cls, path: Path, slug: str, message: str) -> DocumentError:
        return cls(path, [ParseIssue(slug, message, None, Severity.ERROR)])
