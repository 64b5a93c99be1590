"""The one exception every failed call raises."""

from __future__ import annotations

from typing import Any, Dict, Optional

#: The codes the server answers with (the contract's error table), each with its HTTP status.
SERVER_ERROR_STATUS: Dict[str, int] = {
    "invalid_request": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found": 404,
    "payload_too_large": 413,
    "rate_limited": 429,
    "internal_error": 500,
    "upstream_error": 502,
    "unavailable": 503,
}

#: Codes the SDK reports itself, with status 0 (``invalid_response`` keeps the answer's status):
#: ``connection_error`` the server could not be reached or the connection broke;
#: ``timeout_error`` no answer in time; ``invalid_response`` an answer that is not what the API sends.
CLIENT_ERROR_CODES = ("connection_error", "timeout_error", "invalid_response")


class RateLimit:
    """The ``X-RateLimit-*`` headers of an answer."""

    def __init__(self, limit: int, remaining: int, reset: int) -> None:
        self.limit = limit
        self.remaining = remaining
        #: Unix seconds at which the window resets.
        self.reset = reset

    def __repr__(self) -> str:
        return f"RateLimit(limit={self.limit}, remaining={self.remaining}, reset={self.reset})"


class ParleyError(Exception):
    """Raised by every call that fails: an error answer of the server, or no usable answer at all.

    Match on ``code`` (stable), never on the message text.
    """

    def __init__(
        self,
        code: str,
        message: str,
        status: int = 0,
        details: Optional[Dict[str, Any]] = None,
        retry_after: Optional[int] = None,
        rate_limit: Optional[RateLimit] = None,
    ) -> None:
        super().__init__(message)
        #: ``invalid_request``, ``not_found``, … or one of the SDK's own codes (see ``CLIENT_ERROR_CODES``).
        self.code = code
        self.message = message
        #: The HTTP status; 0 when no answer came.
        self.status = status
        #: What the server said more precisely, e.g. ``{"field": "message", "problem": …}``.
        self.details: Dict[str, Any] = details if details is not None else {}
        #: From ``Retry-After`` (429, 503): seconds to wait before trying again.
        self.retry_after = retry_after
        self.rate_limit = rate_limit

    def __str__(self) -> str:
        where = f" (HTTP {self.status})" if self.status else ""
        return f"{self.code}{where}: {self.message}"

    def __repr__(self) -> str:
        return f"ParleyError(code={self.code!r}, status={self.status}, message={self.message!r})"


def code_for_status(status: int) -> str:
    """The code to report for an HTTP status when the body does not name a known one."""
    for code, known in SERVER_ERROR_STATUS.items():
        if known == status:
            return code
    return "internal_error" if status >= 500 else "invalid_request"
