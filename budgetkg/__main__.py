"""``python -m budgetkg``: the same command as ``budgetkg``."""

from budgetkg.cli import main

main()
