"""Answers as objects: ``response.response`` rather than ``response["response"]``."""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Iterator, Mapping, Type


class ApiObject:
    """One JSON object of an answer, its fields readable as attributes.

    Subclasses only declare the fields they are known to have (for type checkers and readers);
    every field the server sends is readable, declared or not, so a newer server adds fields
    without breaking an older SDK. ``to_dict()`` gives the JSON back unchanged.
    """

    #: Fields whose values are objects (or lists of objects) of a known class.
    _nested: ClassVar[Dict[str, Type[ApiObject]]] = {}

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getattr__(self, name: str) -> Any:
        data: Dict[str, Any] = object.__getattribute__(self, "_data")
        if name not in data:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        return wrap(data[name], type(self)._nested.get(name, ApiObject))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; use to_dict() for a copy to change")

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __contains__(self, name: object) -> bool:
        return name in object.__getattribute__(self, "_data")

    def __iter__(self) -> Iterator[str]:
        return iter(object.__getattribute__(self, "_data"))

    def get(self, name: str, default: Any = None) -> Any:
        """The field, or ``default`` when the answer does not carry it."""
        return self.__getattr__(name) if name in self else default

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object as received (a deep copy is not made)."""
        return dict(object.__getattribute__(self, "_data"))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ApiObject):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({object.__getattribute__(self, '_data')!r})"

    def __dir__(self) -> Iterator[str]:
        return iter(sorted(set(super().__dir__()) | set(object.__getattribute__(self, "_data"))))


def wrap(value: Any, kind: Type[ApiObject] = ApiObject) -> Any:
    """JSON objects become ``kind`` (lists element by element); other values stay as they are."""
    if isinstance(value, dict):
        return kind(value)
    if isinstance(value, list):
        return [wrap(item, kind) for item in value]
    return value
