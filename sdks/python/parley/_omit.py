"""Telling "not given" from ``None``: an update may set a field to null."""

from __future__ import annotations

from typing import Any, Dict


class _Omitted:
    """The default of optional parameters: the field is left out of the request."""

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False


OMIT: Any = _Omitted()


def fields(**values: Any) -> Dict[str, Any]:
    """The request body: every value given, ``None`` included (sent as null), without the omitted ones."""
    return {name: value for name, value in values.items() if value is not OMIT}


def present(**values: Any) -> Dict[str, Any]:
    """The request body without the values that are None or omitted (for fields where null means absent)."""
    return {name: value for name, value in values.items() if value is not None and value is not OMIT}
