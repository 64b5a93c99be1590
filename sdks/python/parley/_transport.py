"""HTTP for every call: one place for the key, the timeout, retries and turning failures into ParleyError."""

from __future__ import annotations

import email.utils
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException, HTTPResponse
from typing import Any, Dict, Mapping, Optional, Protocol, Tuple

from ._version import __version__
from .errors import SERVER_ERROR_STATUS, ParleyError, RateLimit, code_for_status

DEFAULT_BASE_URL = "http://localhost:3000"
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_RETRY_WAIT = 60.0
#: Statuses worth asking again after a pause: over a rate limit, or a dependency briefly down.
RETRYABLE_STATUSES = (429, 503)

# Looked up at call time, so a test can replace the pause.
sleep = time.sleep


class Headers(Protocol):
    """An answer's headers, looked up by name in any case (``http.client.HTTPMessage``)."""

    def get(self, name: str, default: None = None) -> Optional[str]: ...


def api_base_url(base_url: str) -> str:
    """``http://host:3000``, ``http://host:3000/`` and ``http://host:3000/v1/`` all give ``http://host:3000/v1``."""
    trimmed = base_url.strip().rstrip("/")
    if trimmed.endswith("/v1"):
        trimmed = trimmed[: -len("/v1")]
    return trimmed + "/v1"


def path_of(template: str, *ids: str) -> str:
    """``path_of("/apps/{}/execute", app_id)``: each id percent-encoded, so it stays one path segment."""
    return template.format(*(urllib.parse.quote(str(part), safe="") for part in ids))


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _retry_after_seconds(raw: Optional[str]) -> Optional[int]:
    """``Retry-After`` as whole seconds: either delta-seconds or an HTTP date."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        return max(0, int(-(-float(text) // 1)))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0, int(-(-(when.timestamp() - time.time()) // 1)))


def _rate_limit(headers: Headers) -> Optional[RateLimit]:
    try:
        return RateLimit(
            int(headers.get("X-RateLimit-Limit") or ""),
            int(headers.get("X-RateLimit-Remaining") or ""),
            int(headers.get("X-RateLimit-Reset") or ""),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _parse_json(text: bytes) -> Any:
    try:
        return json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


def error_from_answer(status: int, headers: Headers, body: bytes) -> ParleyError:
    """The ParleyError for a non-2xx answer, from its ``{"error": {code, message, details}}`` body."""
    parsed = _parse_json(body)
    error = parsed.get("error") if isinstance(parsed, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    message = error.get("message")
    details = error.get("details")
    if not isinstance(message, str):
        excerpt = body[:200].decode("utf-8", "replace")
        message = f"HTTP {status}" + (f": {excerpt}" if excerpt else "")
    return ParleyError(
        code=code if code in SERVER_ERROR_STATUS else code_for_status(status),
        message=message,
        status=status,
        details=details if isinstance(details, dict) else {},
        retry_after=_retry_after_seconds(headers.get("Retry-After")),
        rate_limit=_rate_limit(headers),
    )


def _failure(error: BaseException, timeout: Optional[float]) -> ParleyError:
    """A request that got no usable answer: no connection, a broken one, or none in time."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return ParleyError("timeout_error", f"No answer from the Parley server within {timeout} s")
    return ParleyError("connection_error", f"Could not reach the Parley server: {reason}")


class Transport:
    """Sends requests below ``/v1``; what a client and a copy made by ``with_options`` share."""

    def __init__(
        self,
        api_key: str,
        base_url: str,
        timeout: Optional[float],
        max_retries: int,
        max_retry_wait: float,
        headers: Mapping[str, str],
    ) -> None:
        if not isinstance(api_key, str) or not api_key.strip():
            raise ValueError("AgentPlatform: `api_key` is required")
        if timeout is not None and timeout <= 0:
            raise ValueError("AgentPlatform: `timeout` must be above 0, or None to wait as long as it takes")
        if max_retries < 0:
            raise ValueError("AgentPlatform: `max_retries` must be 0 or more")
        self.api_key = api_key
        self.base_url = base_url
        self.api_base_url = api_base_url(base_url)
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.headers = dict(headers)

    def request(
        self,
        method: str,
        path: str,
        query: Optional[Mapping[str, Any]] = None,
        json_body: Any = None,
        raw_body: Optional[Tuple[bytes, str]] = None,
    ) -> Any:
        """Sends a request and answers its JSON; a non-2xx answer raises ParleyError."""
        response = self._send(method, path, query, json_body, raw_body, "application/json")
        with response:
            try:
                body = response.read()
            except (OSError, HTTPException) as error:
                raise _failure(error, self.timeout) from error
        parsed = _parse_json(body)
        if parsed is None:
            excerpt = body[:200].decode("utf-8", "replace")
            raise ParleyError("invalid_response", f"Expected a JSON answer, got: {excerpt}", response.status)
        return parsed

    def open_stream(self, method: str, path: str, json_body: Any) -> HTTPResponse:
        """Sends a request answered by Server-Sent Events; returns once a 2xx status and its headers arrived."""
        response = self._send(method, path, None, json_body, None, "text/event-stream")
        content_type = response.headers.get("Content-Type", "")
        if "text/event-stream" not in content_type:
            with response:
                excerpt = response.read(200).decode("utf-8", "replace")
            raise ParleyError(
                "invalid_response",
                f"Expected text/event-stream, got {content_type or 'no content type'}: {excerpt}",
                response.status,
            )
        return response

    def _send(
        self,
        method: str,
        path: str,
        query: Optional[Mapping[str, Any]],
        json_body: Any,
        raw_body: Optional[Tuple[bytes, str]],
        accept: str,
    ) -> HTTPResponse:
        attempt = 0
        while True:
            try:
                return self._send_once(method, path, query, json_body, raw_body, accept)
            except ParleyError as error:
                wait = self._retry_wait(error, attempt)
                if wait is None:
                    raise
                attempt += 1
                sleep(wait)

    def _retry_wait(self, error: ParleyError, attempt: int) -> Optional[float]:
        """Seconds to pause before asking again, or None to give up with this error."""
        if error.status not in RETRYABLE_STATUSES or attempt >= self.max_retries:
            return None
        wait = float(error.retry_after) if error.retry_after is not None else min(8.0, 0.5 * 2**attempt)
        return wait if wait <= self.max_retry_wait else None

    def _send_once(
        self,
        method: str,
        path: str,
        query: Optional[Mapping[str, Any]],
        json_body: Any,
        raw_body: Optional[Tuple[bytes, str]],
        accept: str,
    ) -> HTTPResponse:
        url = self.api_base_url + path
        pairs = [(name, _query_value(value)) for name, value in (query or {}).items() if value is not None]
        if pairs:
            url += "?" + urllib.parse.urlencode(pairs)
        headers: Dict[str, str] = {"Accept": accept, "User-Agent": f"parley-sdk-python/{__version__}"}
        data: Optional[bytes] = None
        if raw_body is not None:
            data, headers["Content-Type"] = raw_body
        elif json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        headers.update(self.headers)
        headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            response: HTTPResponse = urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
            return response
        except urllib.error.HTTPError as answer:
            with answer:
                try:
                    body = answer.read()
                except OSError:
                    body = b""
            raise error_from_answer(answer.code, answer.headers, body) from None
        except (urllib.error.URLError, OSError, HTTPException) as error:
            raise _failure(error, self.timeout) from error
