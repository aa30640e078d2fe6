"""``python -m budgetkg.server``: the same as ``budgetkg serve``."""

import typer

from budgetkg.server.command import serve

if __name__ == "__main__":
    typer.run(serve)
