"""Small rules about printed text shared by the recognisers: amounts, labels, years."""
from __future__ import annotations

import re

# An amount as printed in a table: thousands separators allowed, optional sign and decimals.
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
FUNCTION_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
# A space the PDF extraction put inside Chinese words (a wrapped cell), next to a CJK character
# or full-width/bracket punctuation on either side.
_WRAP_SPACE = re.compile(r"(?<=[^\x00-\x7f()])\s+|\s+(?=[^\x00-\x7f()])|(?<=[()])\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+(?=[()])")


def is_amount(text: str) -> bool:
    return bool(AMOUNT.match(text.strip()))


def plain_amount(text: str) -> tuple[str, int]:
    """`14,346.05` -> ("14346.05", 2): the digits as printed, without separators."""
    value = text.strip().replace(",", "")
    return value, len(value.split(".")[1]) if "." in value else 0


def tidy_label(text: str) -> str:
    """Remove the spaces a wrapped cell left inside Chinese words; nothing else changes."""
    return _WRAP_SPACE.sub("", text.strip())


def compact(text: str) -> str:
    """Text with every space removed, for matching titles and headers."""
    return re.sub(r"\s+", "", text)
