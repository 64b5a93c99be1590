"""Lists come a page at a time; ``Page.auto_paging_iter()`` and ``paginate`` walk every page."""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterator, List, Mapping, Optional, Type, TypeVar

from ._objects import ApiObject, wrap

Item = TypeVar("Item", bound=ApiObject)


class Page(Generic[Item]):
    """One page of a list: ``data``, ``has_more`` and ``next_cursor``. Iterating it gives this page's items."""

    def __init__(
        self,
        answer: Mapping[str, Any],
        kind: Type[Item],
        fetch_next: Callable[[str], Page[Item]],
    ) -> None:
        self.data: List[Item] = wrap(list(answer.get("data") or []), kind)
        self.has_more: bool = bool(answer.get("has_more"))
        self.next_cursor: Optional[str] = answer.get("next_cursor")
        self._fetch_next = fetch_next

    def __iter__(self) -> Iterator[Item]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def next_page(self) -> Optional[Page[Item]]:
        """The page after this one, or None on the last page."""
        if not self.has_more or self.next_cursor is None:
            return None
        return self._fetch_next(self.next_cursor)

    def auto_paging_iter(self) -> Iterator[Item]:
        """Every item of this page and the pages after it, each page fetched when it is reached."""
        page: Optional[Page[Item]] = self
        while page is not None:
            yield from page.data
            page = page.next_page()

    def __repr__(self) -> str:
        return f"Page(data={self.data!r}, has_more={self.has_more}, next_cursor={self.next_cursor!r})"


def paginate(list_page: Callable[..., Page[Item]], *args: Any, **params: Any) -> Iterator[Item]:
    """Every item of every page: ``for agent in paginate(client.agents.list, limit=50): …``."""
    return list_page(*args, **params).auto_paging_iter()
