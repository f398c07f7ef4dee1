"""Validation of the names users give to workspace objects."""

from __future__ import annotations

import re

from reefscope.store.errors import InvalidInputError

# Names appear in URLs, CLI arguments and file listings, so they are kept to a
# conservative alphabet; segment and class names are free text shown to people.
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
MAX_NAME_LENGTH = 128
MAX_TEXT_NAME_LENGTH = 200
# Free text is stored in the catalog and sent with every listing, so it is bounded.
MAX_DESCRIPTION_LENGTH = 10_000
MAX_METADATA_KEYS = 200
MAX_METADATA_KEY_LENGTH = 200
MAX_METADATA_TEXT_LENGTH = 2_000
MAX_JSON_BYTES = 64 * 1024  # nested metadata (an inference set's model), serialised
ALL_FRAMES = "All Frames"
# Free-text names: no control characters or lone surrogates, no surrounding spaces. The API
# schema publishes this very pattern, so what it admits is exactly what the store accepts.
_NOT_TEXT = r"\x00-\x1f\x7f-\x9f\ud800-\udfff"
TEXT_NAME_PATTERN = rf"^[^\s{_NOT_TEXT}](?:[^{_NOT_TEXT}]*[^\s{_NOT_TEXT}])?$"
_TEXT_NAME = re.compile(TEXT_NAME_PATTERN)
# "All Frames" in any (ASCII) case; spelled out so that JSON Schema can carry it too.
ALL_FRAMES_PATTERN = "^[Aa][Ll][Ll] [Ff][Rr][Aa][Mm][Ee][Ss]$"


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
    if not isinstance(value, str) or len(value) > MAX_TEXT_NAME_LENGTH or not _TEXT_NAME.fullmatch(value):
        raise InvalidInputError(
            f"expected a non-empty {kind} name without surrounding spaces or control characters "
            f"(at most {MAX_TEXT_NAME_LENGTH} characters) but got {value!r}",
            field=field,
        )
    return value


def check_segment_name(value: object) -> str:
    """Return ``value`` when it can name a segment; *All Frames* is implicit and reserved."""
    name = check_text_name(value, kind="segment")
    if re.fullmatch(ALL_FRAMES_PATTERN, name):
        raise InvalidInputError(
            f"{ALL_FRAMES!r} is the implicit segment of every dataset; choose another name",
            field="name",
        )
    if name in (".", ".."):
        # URLs normalise these away: such a segment could never be addressed over HTTP.
        raise InvalidInputError(f"{name!r} cannot name a segment", field="name")
    return name


def check_description(description: object) -> str:
    """Return ``description`` when it is a string of at most ``MAX_DESCRIPTION_LENGTH`` characters."""
    if not isinstance(description, str):
        raise InvalidInputError(
            f"expected a string but got {type(description).__name__}", field="description"
        )
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise InvalidInputError(
            f"expected at most {MAX_DESCRIPTION_LENGTH} characters but got {len(description)}",
            field="description",
        )
    return description


def check_metadata_sizes(metadata: dict[str, object], *, field: str, flat: bool) -> None:
    """Bound the number of keys and the length of keys and text values (``flat``), or the
    serialised size of nested metadata."""
    if len(metadata) > MAX_METADATA_KEYS:
        raise InvalidInputError(
            f"expected at most {MAX_METADATA_KEYS} keys but got {len(metadata)}", field=field
        )
    for key, value in metadata.items():
        if len(key) > MAX_METADATA_KEY_LENGTH:
            raise InvalidInputError(
                f"expected keys of at most {MAX_METADATA_KEY_LENGTH} characters but got one of {len(key)}",
                field=field,
            )
        if flat and isinstance(value, str) and len(value) > MAX_METADATA_TEXT_LENGTH:
            raise InvalidInputError(
                f"expected text values of at most {MAX_METADATA_TEXT_LENGTH} characters "
                f"but {key!r} has {len(value)}",
                field=field,
            )
