"""Parley's Python SDK: ``from parley import AgentPlatform``."""

from ._objects import ApiObject
from ._omit import OMIT
from ._version import __version__
from .client import AgentPlatform
from .errors import ParleyError, RateLimit
from .pagination import Page, paginate
from .stream import EventStream
from .webhook_signature import verify_standard_webhook, verify_webhook_signature

__all__ = [
    "OMIT",
    "AgentPlatform",
    "ApiObject",
    "EventStream",
    "Page",
    "ParleyError",
    "RateLimit",
    "__version__",
    "paginate",
    "verify_standard_webhook",
    "verify_webhook_signature",
]
