from __future__ import annotations

from typing import List, Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import Definition, Deleted
from ._base import Resource


class Definitions(Resource):
    """``/v1/definitions``: rules and terms given to the model when a question names them."""

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Definition]:
        return self._page(Definition, "/definitions", limit, cursor)

    def create(
        self,
        name: str,
        type: str,
        content: str,
        aliases: List[str] = OMIT,
        agent_ids: List[str] = OMIT,
    ) -> Definition:
        """``type`` is ``rule`` or ``term``; without ``agent_ids`` it applies to every agent."""
        body = fields(name=name, type=type, content=content, aliases=aliases, agent_ids=agent_ids)
        return self._call(Definition, "POST", "/definitions", body)

    def get(self, definition_id: str) -> Definition:
        return self._call(Definition, "GET", path_of("/definitions/{}", definition_id))

    def update(
        self,
        definition_id: str,
        name: str = OMIT,
        type: str = OMIT,
        content: str = OMIT,
        aliases: List[str] = OMIT,
        agent_ids: List[str] = OMIT,
    ) -> Definition:
        body = fields(name=name, type=type, content=content, aliases=aliases, agent_ids=agent_ids)
        return self._call(Definition, "PATCH", path_of("/definitions/{}", definition_id), body)

    def delete(self, definition_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/definitions/{}", definition_id))
