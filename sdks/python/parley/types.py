"""What the API answers, as classes with the fields it is known to send (see ``ApiObject``)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ._objects import ApiObject


class Deleted(ApiObject):
    """What deleting a resource answers."""

    id: str
    deleted: bool


class Usage(ApiObject):
    input_tokens: int
    output_tokens: int


class ExecuteResponse(ApiObject):
    """The answer of ``execute``: ``response`` is the assistant's text."""

    _nested = {"usage": Usage}
    response: str
    session_id: str
    trace_id: str
    agent: str
    agent_id: str
    tools_used: List[str]
    usage: Usage


class Session(ApiObject):
    session_id: str
    created_at: str
    expires_at: str


class SessionMessage(ApiObject):
    id: str
    role: str
    content: str
    timestamp: str


class SessionHistory(ApiObject):
    _nested = {"messages": SessionMessage}
    session_id: str
    messages: List[SessionMessage]


class SessionEnded(ApiObject):
    session_id: str
    ended: bool
    ended_at: str


class Escalation(ApiObject):
    session_id: str
    escalated: bool
    escalated_at: Optional[str]
    message: str


class HumanMessage(ApiObject):
    session_id: str
    id: str
    role: str
    content: str
    timestamp: str
    author: Optional[str]


class Resolution(ApiObject):
    session_id: str
    escalated: bool


class Feedback(ApiObject):
    message_id: str
    session_id: str
    rating: str
    comment: Optional[str]
    at: str


class App(ApiObject):
    id: str
    name: str
    agents: List[str]
    routing: str
    session_ttl_seconds: int
    greeting: Optional[str]
    starter_prompts: List[str]
    identity_verification: str
    identity_secret_set: bool
    created_at: str
    updated_at: str


class AppWithIdentitySecret(App):
    """An app given a new identity secret: ``identity_secret`` is shown this once."""

    identity_secret: str


class Agent(ApiObject):
    id: str
    name: str
    description: str
    greeting: Optional[str]
    starter_prompts: List[str]
    system_prompt: str
    datastores: List[str]
    settings: ApiObject
    created_at: str
    updated_at: str


class AgentSummary(ApiObject):
    id: str
    name: str
    description: str
    created_at: str


class Citation(ApiObject):
    id: int
    document_id: str
    document_name: str
    #: The real page of a PDF; 1 for other documents.
    page_number: int
    #: Verbatim text of that page.
    excerpt: str
    score: float


class AppliedDefinition(ApiObject):
    id: str
    name: str
    type: str


class ChatUsage(ApiObject):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatResponse(ApiObject):
    _nested = {"citations": Citation, "applied_definitions": AppliedDefinition, "usage": ChatUsage}
    id: str
    conversation_id: Optional[str]
    content: str
    citations: List[Citation]
    applied_definitions: List[AppliedDefinition]
    usage: ChatUsage
    created_at: str


class ShareLink(ApiObject):
    share_url: str
    token: str
    expires_at: Optional[str]


class SharesRevoked(ApiObject):
    id: str
    shares_revoked: bool


class ConversationSummary(ApiObject):
    id: str
    agent_id: str
    message_count: int
    created_at: str
    updated_at: str


class ConversationMessage(ApiObject):
    _nested = {"citations": Citation}
    id: str
    role: str
    content: str
    created_at: str


class Conversation(ApiObject):
    _nested = {"messages": ConversationMessage}
    id: str
    agent_id: str
    messages: List[ConversationMessage]
    created_at: str
    updated_at: str


class Datastore(ApiObject):
    id: str
    name: str
    description: str
    public: bool
    document_count: int
    created_at: str
    updated_at: str


class Document(ApiObject):
    """A document of a datastore: ``status`` is ``processing``, then ``ready`` or ``failed`` (with ``error``)."""

    id: str
    datastore_id: str
    name: str
    content_type: Optional[str]
    size_bytes: int
    status: str
    error: Optional[str]
    page_count: Optional[int]
    chunk_count: Optional[int]
    created_at: str
    updated_at: str


class Definition(ApiObject):
    id: str
    name: str
    type: str
    content: str
    aliases: List[str]
    agent_ids: List[str]
    created_at: str
    updated_at: str


class ApiKey(ApiObject):
    """A key as listed: only its masked form."""

    id: str
    name: str
    kind: str
    plan: str
    masked: str
    app_id: Optional[str]
    agent_id: Optional[str]
    allowed_origins: List[str]
    rate_limit: ApiObject
    created_at: str


class CreatedApiKey(ApiKey):
    """A key just created: ``key`` is the secret itself, shown this once."""

    key: str


class Webhook(ApiObject):
    id: str
    app_id: str
    url: str
    events: List[str]
    secret_masked: str
    created_at: str
    updated_at: str


class WebhookWithSecret(Webhook):
    """A webhook just created or given a new secret: ``secret`` is shown this once."""

    secret: str


class DeliveryAttempt(ApiObject):
    at: str
    status_code: Optional[int]
    error: Optional[str]
    duration_ms: int


class WebhookDelivery(ApiObject):
    _nested = {"attempts": DeliveryAttempt}
    id: str
    webhook_id: str
    event: str
    session_id: Optional[str]
    status: str
    attempts: List[DeliveryAttempt]
    next_attempt_at: Optional[str]
    created_at: str
    payload: ApiObject


class Analytics(ApiObject):
    app_id: str
    to: str
    interval: str
    totals: ApiObject
    series: List[ApiObject]


class StartEvent(ApiObject):
    type: str
    trace_id: str


class TokenEvent(ApiObject):
    type: str
    content: str


class ToolCallEvent(ApiObject):
    type: str
    tool: str
    #: ``started``, ``completed`` or ``failed``.
    status: str


class CitationEvent(Citation):
    type: str


class DoneEvent(ApiObject):
    _nested = {"citations": Citation, "applied_definitions": AppliedDefinition}
    type: str
    usage: ApiObject


class ErrorEvent(ApiObject):
    """The stream failed after it began: ``error.code`` and ``error.message``."""

    type: str
    error: ApiObject


StreamEvent = Union[StartEvent, TokenEvent, ToolCallEvent, CitationEvent, DoneEvent, ErrorEvent]

EVENT_CLASSES: Dict[str, Any] = {
    "start": StartEvent,
    "token": TokenEvent,
    "tool_call": ToolCallEvent,
    "citation": CitationEvent,
    "done": DoneEvent,
    "error": ErrorEvent,
}


class InboxSession(ApiObject):
    """A session or agent conversation as the inbox lists it (who, where, its state, the last message)."""

    session_id: str
    channel: str
    status: str
    escalated: bool


class InboxTranscript(ApiObject):
    """One inbox conversation: its summary and every message with citations, tools and feedback."""

    session: InboxSession
    messages: List[Any]


class InboxAssignment(ApiObject):
    session_id: str


class InboxTyping(ApiObject):
    session_id: str


class Operator(ApiObject):
    """A console account: ``owner``, ``admin`` or ``agent`` (support staff)."""

    id: str
    email: str
    name: str
    role: str


class CreatedInvite(ApiObject):
    """An invite; its ``invite_url`` is shown once."""

    invite_url: str

