from __future__ import annotations

from typing import List, Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import App, AppWithIdentitySecret, Deleted
from ._base import Resource


class Apps(Resource):
    """``/v1/apps``: an app groups agents behind one endpoint."""

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[App]:
        return self._page(App, "/apps", limit, cursor)

    def create(
        self,
        name: str,
        agents: List[str] = OMIT,
        routing: str = OMIT,
        session_ttl_seconds: int = OMIT,
        greeting: Optional[str] = OMIT,
        starter_prompts: List[str] = OMIT,
        identity_verification: str = OMIT,
    ) -> App:
        body = fields(
            name=name,
            agents=agents,
            routing=routing,
            session_ttl_seconds=session_ttl_seconds,
            greeting=greeting,
            starter_prompts=starter_prompts,
            identity_verification=identity_verification,
        )
        return self._call(App, "POST", "/apps", body)

    def get(self, app_id: str) -> App:
        return self._call(App, "GET", path_of("/apps/{}", app_id))

    def update(
        self,
        app_id: str,
        name: str = OMIT,
        agents: List[str] = OMIT,
        routing: str = OMIT,
        session_ttl_seconds: int = OMIT,
        greeting: Optional[str] = OMIT,
        starter_prompts: List[str] = OMIT,
        identity_verification: str = OMIT,
    ) -> App:
        """Changes only the fields given; ``greeting=None`` removes the greeting."""
        body = fields(
            name=name,
            agents=agents,
            routing=routing,
            session_ttl_seconds=session_ttl_seconds,
            greeting=greeting,
            starter_prompts=starter_prompts,
            identity_verification=identity_verification,
        )
        return self._call(App, "PATCH", path_of("/apps/{}", app_id), body)

    def rotate_identity_secret(self, app_id: str) -> AppWithIdentitySecret:
        """Makes (or replaces) the secret the site's backend signs user ids with: ``user_hash`` =
        hex HMAC-SHA256 of ``user_id`` with it. ``.identity_secret`` is shown this once; hashes made
        with a previous secret stop verifying."""
        return self._call(AppWithIdentitySecret, "POST", path_of("/apps/{}/identity-secret", app_id))

    def delete(self, app_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/apps/{}", app_id))
