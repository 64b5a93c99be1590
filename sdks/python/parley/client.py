"""The Parley API client."""

from __future__ import annotations

import datetime
import os
from typing import Any, Dict, Mapping, Optional, Union

from ._omit import OMIT, fields, present
from ._transport import DEFAULT_BASE_URL, DEFAULT_MAX_RETRY_WAIT, DEFAULT_TIMEOUT, Transport, path_of
from .resources import (
    Agents,
    Apps,
    Conversations,
    Datastores,
    Definitions,
    Documents,
    Keys,
    Operators,
    Sessions,
    Webhooks,
)
from .resources.agents import open_stream
from .stream import EventStream
from .types import Analytics, ExecuteResponse

Instant = Union[str, datetime.datetime]


def _instant(value: Optional[Instant]) -> Optional[str]:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("analytics: give `from_`/`to` a time zone (e.g. datetime.timezone.utc)")
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


class AgentPlatform:
    """``AgentPlatform(api_key="sk_…", base_url="http://127.0.0.1:3000")``.

    ``api_key`` is a secret key (``sk_…``), a publishable key (``pk_…``) or a share token; it defaults
    to the ``PARLEY_API_KEY`` environment variable, ``base_url`` to ``PARLEY_BASE_URL`` or
    ``http://localhost:3000`` (``/v1`` is added; given with it is fine too). ``timeout`` bounds each
    wait for the server in seconds (for streams: the wait for each next piece; None: no limit).
    With ``max_retries`` above 0, answers 429 and 503 are asked again after their ``Retry-After``
    (or a short backoff without it), unless that is longer than ``max_retry_wait`` seconds.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = DEFAULT_TIMEOUT,
        max_retries: int = 0,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        transport = Transport(
            api_key=api_key if api_key is not None else os.environ.get("PARLEY_API_KEY", ""),
            base_url=base_url or os.environ.get("PARLEY_BASE_URL") or DEFAULT_BASE_URL,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            headers=headers or {},
        )
        self._use(transport)

    def _use(self, transport: Transport) -> None:
        self._transport = transport
        self.apps = Apps(transport)
        self.sessions = Sessions(transport)
        self.agents = Agents(transport)
        self.conversations = Conversations(transport)
        self.datastores = Datastores(transport)
        self.documents = Documents(transport)
        self.definitions = Definitions(transport)
        self.keys = Keys(transport)
        self.webhooks = Webhooks(transport)
        self.operators = Operators(transport)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def with_options(
        self,
        timeout: Optional[float] = OMIT,
        max_retries: int = OMIT,
        max_retry_wait: float = OMIT,
        headers: Mapping[str, str] = OMIT,
    ) -> AgentPlatform:
        """A copy of this client with some options changed: ``client.with_options(timeout=5).execute(…)``."""
        current = self._transport
        changed = fields(timeout=timeout, max_retries=max_retries, max_retry_wait=max_retry_wait, headers=headers)
        settings: Dict[str, Any] = {
            "api_key": current.api_key,
            "base_url": current.base_url,
            "timeout": current.timeout,
            "max_retries": current.max_retries,
            "max_retry_wait": current.max_retry_wait,
            "headers": current.headers,
            **changed,
        }
        copy = AgentPlatform.__new__(AgentPlatform)
        copy._use(Transport(**settings))
        return copy

    def execute(
        self,
        app_id: str,
        message: str,
        session_id: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
        user_id: Optional[str] = None,
        user_hash: Optional[str] = None,
    ) -> ExecuteResponse:
        """Sends a message to an app and waits for the whole answer; ``.response`` is its text.
        Without ``session_id`` a new session is opened (its id is in the answer). ``user_hash``:
        hex HMAC-SHA256 of ``user_id`` with the app's identity secret (needed from a publishable key
        when the app requires identity verification)."""
        body = present(
            message=message, session_id=session_id, metadata=metadata, user_id=user_id, user_hash=user_hash
        )
        return ExecuteResponse(self._transport.request("POST", path_of("/apps/{}/execute", app_id), json_body=body))

    def execute_stream(
        self,
        app_id: str,
        message: str,
        session_id: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
        user_id: Optional[str] = None,
        user_hash: Optional[str] = None,
    ) -> EventStream:
        """As ``execute``, streamed: an iterator of events with ``.type`` (``start``, ``token``,
        ``tool_call``, ``citation``, ``done``, ``error``) and their fields as attributes. An error
        answer before the stream begins raises ParleyError here."""
        body = present(
            message=message, session_id=session_id, metadata=metadata, user_id=user_id, user_hash=user_hash
        )
        return open_stream(self._transport, path_of("/apps/{}/execute/stream", app_id), body)

    def analytics(
        self,
        app_id: str,
        from_: Optional[Instant] = None,
        to: Optional[Instant] = None,
        interval: Optional[str] = None,
    ) -> Analytics:
        """Totals and a series per ``hour`` or ``day`` between ``from_`` and ``to`` (ISO 8601 or datetime)."""
        query = {"from": _instant(from_), "to": _instant(to), "interval": interval}
        answer = self._transport.request("GET", path_of("/apps/{}/analytics", app_id), query=query)
        return Analytics(answer)
