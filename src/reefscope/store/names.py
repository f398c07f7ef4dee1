"""Validation of the names users give to workspace objects."""

from __future__ import annotations

import re
import unicodedata

from reefscope.store.errors import InvalidInputError

# Names appear in URLs, CLI arguments and file listings, so they are kept to a
# conservative alphabet; segment and class names are free text shown to people.
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
MAX_NAME_LENGTH = 128
MAX_TEXT_NAME_LENGTH = 200
ALL_FRAMES = "All Frames"


def check_name(value: object, *, kind: str) -> str:
    """Return ``value`` when it is a valid project, dataset or inference-set name."""
    if not isinstance(value, str) or not _NAME.fullmatch(value) or len(value) > MAX_NAME_LENGTH:
        article = "an" if kind[:1] in "aeiou" else "a"
        raise InvalidInputError(
            f"expected {article} {kind} name of letters, digits, '_', '.' and '-' "
            f"(not starting with '.' or '-', at most {MAX_NAME_LENGTH} characters) but got {value!r}",
            field="name",
        )
    return value


def check_text_name(value: object, *, kind: str, field: str = "name") -> str:
    """Return ``value`` when it is a valid free-text name (segment or class name)."""
    if (
        not isinstance(value, str)
        or not value
        or value != value.strip()
        or len(value) > MAX_TEXT_NAME_LENGTH
        or any(unicodedata.category(char).startswith("C") for char in value)
    ):
        raise InvalidInputError(
            f"expected a non-empty {kind} name without surrounding spaces or control characters "
            f"(at most {MAX_TEXT_NAME_LENGTH} characters) but got {value!r}",
            field=field,
        )
    return value


def check_segment_name(value: object) -> str:
    """Return ``value`` when it can name a segment; *All Frames* is implicit and reserved."""
    name = check_text_name(value, kind="segment")
    if name.casefold() == ALL_FRAMES.casefold():
        raise InvalidInputError(
            f"{ALL_FRAMES!r} is the implicit segment of every dataset; choose another name",
            field="name",
        )
    if name in (".", ".."):
        # URLs normalise these away: such a segment could never be addressed over HTTP.
        raise InvalidInputError(f"{name!r} cannot name a segment", field="name")
    return name
