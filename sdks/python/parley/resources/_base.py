from __future__ import annotations

from typing import Any, Optional, Type

from .._objects import ApiObject
from .._transport import Transport
from ..pagination import Item, Page


class Resource:
    """A group of endpoints sharing the client's transport."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def _call(self, kind: Type[Item], method: str, path: str, body: Any = None, **query: Any) -> Item:
        return kind(self._transport.request(method, path, query=query, json_body=body))

    def _page(self, kind: Type[Item], path: str, limit: Optional[int], cursor: Optional[str]) -> Page[Item]:
        """One page of a list; the page fetches the next with the same limit."""
        answer = self._transport.request("GET", path, query={"limit": limit, "cursor": cursor})
        return Page(answer, kind, lambda next_cursor: self._page(kind, path, limit, next_cursor))


__all__ = ["ApiObject", "Resource"]
