from __future__ import annotations

from typing import Dict, List, Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import ApiKey, CreatedApiKey, Deleted
from ._base import Resource


class Keys(Resource):
    """``/v1/keys``: secret keys, and publishable keys bound to one app or agent and a list of origins."""

    def create(
        self,
        name: str,
        kind: str,
        plan: str = OMIT,
        app_id: str = OMIT,
        agent_id: str = OMIT,
        allowed_origins: List[str] = OMIT,
        rate_limit: Dict[str, int] = OMIT,
    ) -> CreatedApiKey:
        """``kind`` is ``secret`` or ``publishable``; the answer's ``key`` is the only time it is shown.
        ``rate_limit`` (``{"per_minute": …, "per_day": …}``) is for ``plan="enterprise"``."""
        body = fields(
            name=name,
            kind=kind,
            plan=plan,
            app_id=app_id,
            agent_id=agent_id,
            allowed_origins=allowed_origins,
            rate_limit=rate_limit,
        )
        return self._call(CreatedApiKey, "POST", "/keys", body)

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[ApiKey]:
        return self._page(ApiKey, "/keys", limit, cursor)

    def delete(self, key_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/keys/{}", key_id))
