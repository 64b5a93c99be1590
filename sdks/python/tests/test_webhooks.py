"""Webhooks: the signature helpers check real deliveries from Parley, and refuse altered ones."""

from __future__ import annotations

import time
import unittest

from parley import AgentPlatform, paginate, verify_standard_webhook, verify_webhook_signature

from .support.parley_server import shared_parley
from .support.webhook_receiver import WebhookReceiver

SECRET = "whsec_xxxxx"


class WebhooksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.parley = shared_parley()
        cls.client = AgentPlatform(api_key=cls.parley.admin_key, base_url=cls.parley.url)
        cls.receiver = WebhookReceiver()
        cls.app = cls.client.apps.create(name="Hooked", agents=[cls.client.agents.create(name="hooked_agent").id])
        cls.webhook = cls.client.webhooks.create(
            cls.app.id, url=cls.receiver.url, events=["session.started", "conversation.escalated"], secret=SECRET
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.receiver.close()

    def test_a_test_delivery_passes_both_checks(self) -> None:
        delivery = self.client.webhooks.test(self.app.id, self.webhook.id)
        received = self.receiver.next_delivery("webhook.test")
        self.assertEqual(received.headers["X-Parley-Event-Id"], delivery.id)
        self.assertTrue(verify_webhook_signature(received.body, received.headers["X-Parley-Signature"], SECRET))
        self.assertTrue(verify_standard_webhook(received.body, received.headers, SECRET))

    def test_a_real_event_passes_and_altered_ones_do_not(self) -> None:
        session = self.client.sessions.create(app_id=self.app.id)
        received = self.receiver.next_delivery("session.started", containing=session.session_id)
        signature = received.headers["X-Parley-Signature"]
        self.assertTrue(verify_webhook_signature(received.body.decode("utf-8"), signature, SECRET))
        self.assertTrue(verify_standard_webhook(received.body, received.headers, SECRET))

        altered = received.body.replace(session.session_id.encode(), b"sess_someone_else_000000")
        self.assertFalse(verify_webhook_signature(altered, signature, SECRET))
        self.assertFalse(verify_standard_webhook(altered, received.headers, SECRET))
        self.assertFalse(verify_webhook_signature(received.body, signature, "whsec_other"))
        self.assertFalse(verify_standard_webhook(received.body, received.headers, "whsec_other"))
        self.assertFalse(verify_webhook_signature(received.body, None, SECRET))
        self.assertFalse(verify_webhook_signature(received.body, "not hex", SECRET))
        # The same delivery an hour later is a replay.
        later = time.time() + 3600
        self.assertFalse(verify_standard_webhook(received.body, received.headers, SECRET, now=later))
        # Another id with the same signature is refused: the id is signed too.
        moved = {**received.headers, "webhook-id": "evt_another_0000000000"}
        self.assertFalse(verify_standard_webhook(received.body, moved, SECRET))
        # Header names in any case.
        lower = {name.lower(): value for name, value in received.headers.items()}
        self.assertTrue(verify_standard_webhook(received.body, lower, SECRET))

    def test_an_escalation_is_delivered(self) -> None:
        session = self.client.sessions.create(app_id=self.app.id)
        escalation = self.client.sessions.escalate(app_id=self.app.id, session_id=session.session_id)
        self.assertTrue(escalation.escalated)
        received = self.receiver.next_delivery("conversation.escalated", containing=session.session_id)
        self.assertTrue(verify_standard_webhook(received.body, received.headers, SECRET))

    def test_the_webhook_resource(self) -> None:
        self.assertEqual(self.webhook.secret, SECRET)
        self.assertNotIn(SECRET, self.client.webhooks.get(self.app.id, self.webhook.id).secret_masked)
        updated = self.client.webhooks.update(
            self.app.id, self.webhook.id, events=["session.started", "conversation.escalated", "session.ended"]
        )
        self.assertEqual(len(updated.events), 3)
        self.assertIn(self.webhook.id, [hook.id for hook in self.client.webhooks.list(self.app.id)])
        self.client.webhooks.test(self.app.id, self.webhook.id)
        self.receiver.next_delivery("webhook.test")
        deliveries = list(paginate(self.client.webhooks.deliveries, self.app.id, self.webhook.id, limit=1))
        self.assertGreater(len(deliveries), 0)
        self.assertEqual(deliveries[0].webhook_id, self.webhook.id)

        other = self.client.webhooks.create(self.app.id, url=self.receiver.url, events=["session.ended"])
        rotated = self.client.webhooks.rotate_secret(self.app.id, other.id)
        self.assertNotEqual(rotated.secret, other.secret)
        self.assertTrue(self.client.webhooks.delete(self.app.id, other.id).deleted)


if __name__ == "__main__":
    unittest.main()
