"""Money as printed: exact decimals, never floats."""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.loaders.records import Amount

UNITS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

AMOUNT_TOKEN = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_amount(token: str) -> bool:
    return bool(AMOUNT_TOKEN.match(token.replace("，", ",").strip()))


def parse_amount(token: str, unit: str) -> Amount | None:
    """Read a printed figure in ``unit``; None when the token is not a figure.

    >>> parse_amount("1,486,109,040", "元").yuan
    Decimal('1486109040')
    >>> parse_amount("97.60", "万元").yuan
    Decimal('976000.00')
    """
    printed = token.strip()
    if not is_amount(printed):
        return None
    value = Decimal(printed.replace(",", "").replace("，", ""))
    return Amount(yuan=value * UNITS[unit], printed=printed, unit=unit)
