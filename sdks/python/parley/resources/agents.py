from __future__ import annotations

from typing import Any, Dict, List, Optional

from .._omit import OMIT, fields, present
from .._transport import Transport, path_of
from ..pagination import Page
from ..stream import EventStream
from ..types import Agent, AgentSummary, ChatResponse, Deleted, ShareLink, SharesRevoked
from ._base import Resource


def open_stream(transport: Transport, path: str, body: Dict[str, Any]) -> EventStream:
    return EventStream(transport.open_stream("POST", path, body), transport.timeout)


class Agents(Resource):
    """``/v1/agents``: agents, their datastores, chat with citations, and share links."""

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[AgentSummary]:
        return self._page(AgentSummary, "/agents", limit, cursor)

    def create(
        self,
        name: str,
        description: str = OMIT,
        greeting: Optional[str] = OMIT,
        starter_prompts: List[str] = OMIT,
        system_prompt: str = OMIT,
        settings: Dict[str, Any] = OMIT,
        model: Optional[str] = OMIT,
        tools: List[Dict[str, Any]] = OMIT,
    ) -> Agent:
        """``settings``: ``temperature``, ``max_tokens``, ``retrieval_count``; ``tools``: HTTP tools;
        ``greeting`` and ``starter_prompts`` (at most 6): what the share page shows first."""
        body = fields(
            name=name,
            description=description,
            greeting=greeting,
            starter_prompts=starter_prompts,
            system_prompt=system_prompt,
            settings=settings,
            model=model,
            tools=tools,
        )
        return self._call(Agent, "POST", "/agents", body)

    def get(self, agent_id: str) -> Agent:
        return self._call(Agent, "GET", path_of("/agents/{}", agent_id))

    def update(
        self,
        agent_id: str,
        name: str = OMIT,
        description: str = OMIT,
        greeting: Optional[str] = OMIT,
        starter_prompts: List[str] = OMIT,
        system_prompt: str = OMIT,
        settings: Dict[str, Any] = OMIT,
        model: Optional[str] = OMIT,
        tools: List[Dict[str, Any]] = OMIT,
    ) -> Agent:
        """Changes only the fields given; ``settings`` is merged; ``model=None`` goes back to the default."""
        body = fields(
            name=name,
            description=description,
            greeting=greeting,
            starter_prompts=starter_prompts,
            system_prompt=system_prompt,
            settings=settings,
            model=model,
            tools=tools,
        )
        return self._call(Agent, "PATCH", path_of("/agents/{}", agent_id), body)

    def delete(self, agent_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/agents/{}", agent_id))

    def connect_datastore(self, agent_id: str, datastore_id: str) -> Agent:
        body = {"datastore_id": datastore_id}
        return self._call(Agent, "POST", path_of("/agents/{}/datastores", agent_id), body)

    def disconnect_datastore(self, agent_id: str, datastore_id: str) -> Agent:
        return self._call(Agent, "DELETE", path_of("/agents/{}/datastores/{}", agent_id, datastore_id))

    def chat(self, agent_id: str, message: str, conversation_id: Optional[str] = None) -> ChatResponse:
        """One question; the answer carries ``citations`` and ``applied_definitions``. Continue a
        conversation with the answer's ``conversation_id``."""
        body = present(message=message, conversation_id=conversation_id)
        return self._call(ChatResponse, "POST", path_of("/agents/{}/chat", agent_id), body)

    def chat_stream(self, agent_id: str, message: str, conversation_id: Optional[str] = None) -> EventStream:
        """As ``chat``, streamed: the same events as ``execute_stream``; ``done`` also carries ``id``,
        ``conversation_id``, ``citations`` and ``applied_definitions``."""
        body = present(message=message, conversation_id=conversation_id, stream=True)
        return open_stream(self._transport, path_of("/agents/{}/chat", agent_id), body)

    def share(self, agent_id: str, expires_in: Optional[int] = OMIT, allow_conversations: bool = OMIT) -> ShareLink:
        """A link to a hosted chat page; ``expires_in`` in hours (absent: never)."""
        body = fields(expires_in=expires_in, allow_conversations=allow_conversations)
        return self._call(ShareLink, "POST", path_of("/agents/{}/share", agent_id), body)

    def revoke_shares(self, agent_id: str) -> SharesRevoked:
        """Revokes every share link of the agent, from the next request on."""
        return self._call(SharesRevoked, "DELETE", path_of("/agents/{}/share", agent_id))
