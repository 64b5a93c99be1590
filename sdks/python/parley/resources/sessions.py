from __future__ import annotations

from typing import Any, Dict, Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import (
    Escalation,
    Feedback,
    HumanMessage,
    InboxAssignment,
    InboxSession,
    InboxTranscript,
    InboxTyping,
    Resolution,
    Session,
    SessionEnded,
    SessionHistory,
)
from ._base import Resource

_SESSION = "/apps/{}/sessions/{}"


class Sessions(Resource):
    """Sessions of an app, their history, and handing them to a person and back."""

    def create(
        self,
        app_id: str,
        user_id: Optional[str] = OMIT,
        metadata: Dict[str, Any] = OMIT,
        user_hash: str = OMIT,
    ) -> Session:
        """``metadata`` is merged into the session's ``sessionMeta.metadata`` (prompts may use it);
        ``user_hash`` is the hex HMAC-SHA256 of ``user_id`` with the app's identity secret."""
        body = fields(user_id=user_id, metadata=metadata, user_hash=user_hash)
        return self._call(Session, "POST", path_of("/apps/{}/sessions", app_id), body)

    def list(
        self, app_id: str, limit: Optional[int] = None, cursor: Optional[str] = None
    ) -> Page[InboxSession]:
        """An app's sessions, newest activity first (``GET /v1/apps/:app_id/sessions``)."""
        return self._page(InboxSession, path_of("/apps/{}/sessions", app_id), limit, cursor)

    def get(self, app_id: str, session_id: str) -> InboxTranscript:
        """A session's inbox summary and whole transcript (citations, tools, feedback); ended ones too."""
        return self._call(InboxTranscript, "GET", path_of(_SESSION, app_id, session_id))

    def assign(self, app_id: str, session_id: str, name: Optional[str] = OMIT) -> InboxAssignment:
        """A person takes the session over (it becomes escalated; the model stays quiet)."""
        return self._call(InboxAssignment, "POST", path_of(_SESSION + "/assign", app_id, session_id), fields(name=name))

    def typing(self, app_id: str, session_id: str, name: Optional[str] = OMIT) -> InboxTyping:
        """Shows the visitor "<name> is typing…" for a few seconds."""
        return self._call(InboxTyping, "POST", path_of(_SESSION + "/typing", app_id, session_id), fields(name=name))

    def history(self, app_id: str, session_id: str) -> SessionHistory:
        return self._call(SessionHistory, "GET", path_of(_SESSION + "/history", app_id, session_id))

    def end(self, app_id: str, session_id: str) -> SessionEnded:
        return self._call(SessionEnded, "DELETE", path_of(_SESSION, app_id, session_id))

    def escalate(self, app_id: str, session_id: str) -> Escalation:
        """Hands the session to a person; ``conversation.escalated`` fires once however often it is called."""
        return self._call(Escalation, "POST", path_of(_SESSION + "/escalate", app_id, session_id), {})

    def post_human_message(
        self, app_id: str, session_id: str, content: str, author: Optional[str] = OMIT
    ) -> HumanMessage:
        """A person answers in an escalated session (secret key); it reaches the user live."""
        body = fields(role="human_agent", content=content, author=author)
        return self._call(HumanMessage, "POST", path_of(_SESSION + "/messages", app_id, session_id), body)

    def resolve(self, app_id: str, session_id: str) -> Resolution:
        """Hands the session back to the bot."""
        return self._call(Resolution, "POST", path_of(_SESSION + "/resolve", app_id, session_id), {})

    def rate(
        self, app_id: str, session_id: str, message_id: str, rating: str, comment: Optional[str] = OMIT
    ) -> Feedback:
        """Thumbs ``up`` or ``down`` for an assistant message (``msg_…``)."""
        path = path_of(_SESSION + "/messages/{}/feedback", app_id, session_id, message_id)
        return self._call(Feedback, "POST", path, fields(rating=rating, comment=comment))
