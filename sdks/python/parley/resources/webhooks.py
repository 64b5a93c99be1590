from __future__ import annotations

from typing import List, Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import Deleted, Webhook, WebhookDelivery, WebhookWithSecret
from ._base import Resource

_WEBHOOK = "/apps/{}/webhooks/{}"


class Webhooks(Resource):
    """An app's webhooks (``/v1/apps/:app_id/webhooks``) and their deliveries."""

    def list(self, app_id: str, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Webhook]:
        return self._page(Webhook, path_of("/apps/{}/webhooks", app_id), limit, cursor)

    def create(self, app_id: str, url: str, events: List[str], secret: str = OMIT) -> WebhookWithSecret:
        """Events: ``session.started``, ``session.ended``, ``conversation.escalated``, ``message.created``.
        The answer's ``secret`` (yours, or a random one) is the only time it is shown."""
        body = fields(url=url, events=events, secret=secret)
        return self._call(WebhookWithSecret, "POST", path_of("/apps/{}/webhooks", app_id), body)

    def get(self, app_id: str, webhook_id: str) -> Webhook:
        return self._call(Webhook, "GET", path_of(_WEBHOOK, app_id, webhook_id))

    def update(self, app_id: str, webhook_id: str, url: str = OMIT, events: List[str] = OMIT) -> Webhook:
        return self._call(Webhook, "PATCH", path_of(_WEBHOOK, app_id, webhook_id), fields(url=url, events=events))

    def delete(self, app_id: str, webhook_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of(_WEBHOOK, app_id, webhook_id))

    def rotate_secret(self, app_id: str, webhook_id: str) -> WebhookWithSecret:
        """A new secret signs from now on; the answer shows it this once."""
        return self._call(WebhookWithSecret, "POST", path_of(_WEBHOOK + "/rotate-secret", app_id, webhook_id))

    def test(self, app_id: str, webhook_id: str) -> WebhookDelivery:
        """Sends a signed ``webhook.test`` event at once and answers the delivery."""
        return self._call(WebhookDelivery, "POST", path_of(_WEBHOOK + "/test", app_id, webhook_id))

    def deliveries(
        self, app_id: str, webhook_id: str, limit: Optional[int] = None, cursor: Optional[str] = None
    ) -> Page[WebhookDelivery]:
        """Every event sent to the webhook with each attempt, newest first."""
        return self._page(WebhookDelivery, path_of(_WEBHOOK + "/deliveries", app_id, webhook_id), limit, cursor)
