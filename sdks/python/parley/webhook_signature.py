"""Checks, in a webhook receiver, that a delivery comes from Parley: two ways, one secret."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from typing import Mapping, Optional, Union

#: How far ``webhook-timestamp`` may be from now before a delivery is taken for a replay.
DEFAULT_TOLERANCE_SECONDS = 300

RawBody = Union[bytes, bytearray, str]


def _body_bytes(raw_body: RawBody) -> bytes:
    return raw_body.encode("utf-8") if isinstance(raw_body, str) else bytes(raw_body)


def _key(secret: str) -> bytes:
    if not secret:
        raise ValueError("the webhook secret is empty")
    # The HMAC key is the secret exactly as shown, `whsec_` included.
    return secret.encode("utf-8")


def verify_webhook_signature(raw_body: RawBody, signature: Optional[str], secret: str) -> bool:
    """Whether ``signature`` (the ``X-Parley-Signature`` header: hex HMAC-SHA256 of the body) was made
    with ``secret``. Pass the body exactly as received, before any JSON parsing. Compares in constant time.

    This scheme does not cover the time, so it cannot tell a replay from a retry: prefer
    ``verify_standard_webhook`` where you can.
    """
    expected = hmac.new(_key(secret), _body_bytes(raw_body), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), (signature or "").strip().lower().encode("utf-8"))


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def verify_standard_webhook(
    raw_body: RawBody,
    headers: Mapping[str, str],
    secret: str,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: Optional[float] = None,
) -> bool:
    """Whether a delivery carries a valid Standard Webhooks signature (https://www.standardwebhooks.com):
    ``webhook-signature`` holds ``v1,`` + base64 HMAC-SHA256 of ``webhook-id.webhook-timestamp.body``,
    and ``webhook-timestamp`` is within ``tolerance_seconds`` of now, so a replayed delivery is refused.
    ``headers`` is any mapping of the request's headers (names in any case). Compares in constant time.
    Drop duplicates (a retry of a delivery already handled) by ``webhook-id``.
    """
    delivery_id = _header(headers, "webhook-id")
    timestamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not delivery_id or not timestamp.isdigit() or not signatures:
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance_seconds:
        return False
    signed = f"{delivery_id}.{timestamp}.".encode() + _body_bytes(raw_body)
    expected = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    matched = False
    # Several space-separated signatures may be sent (while a secret is rotated): one match is enough.
    for candidate in signatures.split():
        version, _, encoded = candidate.partition(",")
        try:
            given = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        matched |= version == "v1" and hmac.compare_digest(expected, given)
    return matched
