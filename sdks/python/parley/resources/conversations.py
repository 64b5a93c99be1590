from __future__ import annotations

from typing import Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import (
    Conversation,
    ConversationSummary,
    Deleted,
    Escalation,
    HumanMessage,
    InboxAssignment,
    InboxTranscript,
    InboxTyping,
    Resolution,
)

_CONVERSATION = "/agents/{}/conversations/{}"

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

    # Handing a conversation (the share page's) to a person and back, as for a session.

    def escalate(self, agent_id: str, conversation_id: str) -> Escalation:
        """The visitor asks for a person (a share token for its own conversation, or a secret key)."""
        return self._call(Escalation, "POST", path_of(_CONVERSATION + "/escalate", agent_id, conversation_id), {})

    def inbox(self, agent_id: str, conversation_id: str) -> InboxTranscript:
        """Its inbox summary and whole transcript."""
        return self._call(InboxTranscript, "GET", path_of(_CONVERSATION + "/inbox", agent_id, conversation_id))

    def assign(self, agent_id: str, conversation_id: str, name: Optional[str] = OMIT) -> InboxAssignment:
        """A person takes it over (the model stays quiet)."""
        path = path_of(_CONVERSATION + "/assign", agent_id, conversation_id)
        return self._call(InboxAssignment, "POST", path, fields(name=name))

    def typing(self, agent_id: str, conversation_id: str, name: Optional[str] = OMIT) -> InboxTyping:
        """Shows the share page "<name> is typing…"."""
        path = path_of(_CONVERSATION + "/typing", agent_id, conversation_id)
        return self._call(InboxTyping, "POST", path, fields(name=name))

    def post_human_message(
        self, agent_id: str, conversation_id: str, content: str, author: Optional[str] = OMIT
    ) -> HumanMessage:
        """A person answers the escalated conversation; it reaches the share page live."""
        path = path_of(_CONVERSATION + "/messages", agent_id, conversation_id)
        return self._call(HumanMessage, "POST", path, fields(role="human_agent", content=content, author=author))

    def resolve(self, agent_id: str, conversation_id: str) -> Resolution:
        """Hands it back to the bot."""
        return self._call(Resolution, "POST", path_of(_CONVERSATION + "/resolve", agent_id, conversation_id), {})
