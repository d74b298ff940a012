"""Field types of the plan document: each checks one untrusted value and says where it
is wrong. Shared by the document's sections (see ``domain.document``)."""

from __future__ import annotations

import math
import re
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from poa_desktop.domain.enums import values
from poa_desktop.domain.errors import ValidationError

#: Longest text accepted in any field: generous for prose, small enough to refuse junk.
MAX_TEXT = 20_000
#: Characters no plan text needs and that break exports (Excel refuses them): C0 controls
#: other than tab, line feed and carriage return, DEL, and C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

Check = Callable[[Any, str], Any]


def text_field(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected text, found {kind_of(value)}.")
    if len(value) > MAX_TEXT:
        raise ValidationError(f"{where}: text of {len(value)} characters (at most {MAX_TEXT}).")
    bad = CONTROL.search(value)
    if bad is not None:
        raise ValidationError(
            f"{where}: contains the control character U+{ord(bad.group()):04X} "
            f"at position {bad.start() + 1}; text may hold tabs and line breaks only."
        )
    return value


def code_field(value: Any, where: str) -> str:
    text = text_field(value, where).strip()
    if not text:
        raise ValidationError(f"{where}: a code is required.")
    if len(text) > 64:
        raise ValidationError(f"{where}: code {text[:40]!r}… is longer than 64 characters.")
    return text


def int_field(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{where}: expected a whole number, found {kind_of(value)}.")
    if abs(value) > 10**9:
        raise ValidationError(f"{where}: {value} is out of range.")
    return value


#: The years a plan's dates may fall in (a typing slip such as 212 or 20212 is refused).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def year_field(value: Any, where: str) -> int:
    year = int_field(value, where)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            f"{where}: {year} is not a plausible year ({FIRST_YEAR}–{LAST_YEAR})."
        )
    return year


def number_field(value: Any, where: str) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{where}: expected a number, found {kind_of(value)}.")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(f"{where}: {value} is not a finite number.")
    return value


def bool_field(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(f"{where}: expected true or false, found {kind_of(value)}.")
    return value


def date_field(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected a date (YYYY-MM-DD), found {kind_of(value)}.")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None
    if len(value) != 10 or not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValidationError(f"{where}: {value!r} is not a plausible date (YYYY-MM-DD).")
    return parsed.isoformat()


def uuid_field(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{where}: expected a UUID, found {kind_of(value)}.")
    try:
        return str(uuid_module.UUID(value))
    except ValueError:
        raise ValidationError(f"{where}: {value!r} is not a UUID.") from None


def codes_field(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{where}: expected a list of codes, found {kind_of(value)}.")
    codes = [code_field(entry, f"{where}[{index}]") for index, entry in enumerate(value)]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValidationError(f"{where}: {duplicates[0]!r} is listed twice.")
    return codes


def choice_field(enum: type) -> Check:
    allowed = values(enum)

    def check(value: Any, where: str) -> str:
        text = text_field(value, where)
        if text not in allowed:
            raise ValidationError(f"{where}: {text!r} is not one of {', '.join(allowed)}.")
        return text

    return check


def kind_of(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    check: Check
    default: Any = None
    required: bool = False
