from __future__ import annotations

from typing import Optional

from .._transport import path_of
from ..pagination import Page
from ..types import Conversation, ConversationSummary, Deleted
from ._base import Resource


class Conversations(Resource):
    """An agent's conversations (``/v1/agents/:id/conversations``)."""

    def list(
        self, agent_id: str, limit: Optional[int] = None, cursor: Optional[str] = None
    ) -> Page[ConversationSummary]:
        return self._page(ConversationSummary, path_of("/agents/{}/conversations", agent_id), limit, cursor)

    def get(self, agent_id: str, conversation_id: str) -> Conversation:
        return self._call(Conversation, "GET", path_of("/agents/{}/conversations/{}", agent_id, conversation_id))

    def delete(self, agent_id: str, conversation_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/agents/{}/conversations/{}", agent_id, conversation_id))
