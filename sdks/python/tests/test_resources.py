"""The rest of the API through the SDK, against a real Parley: apps, agents, sessions and handoff,
conversations, share links, definitions, keys and analytics."""

from __future__ import annotations

import datetime
import unittest

from parley import AgentPlatform, ParleyError

from .support.parley_server import shared_parley


class ResourcesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.parley = shared_parley()
        cls.client = AgentPlatform(api_key=cls.parley.admin_key, base_url=cls.parley.url)
        cls.agent = cls.client.agents.create(
            name="support_agent", system_prompt="You help customers.", settings={"temperature": 0.2}
        )
        cls.app = cls.client.apps.create(name="Support", agents=[cls.agent.id], routing="first", greeting="Hi!")

    def test_apps(self) -> None:
        self.assertEqual((self.app.agents, self.app.routing, self.app.greeting), ([self.agent.id], "first", "Hi!"))
        renamed = self.client.apps.update(self.app.id, name="Support desk", greeting=None)
        self.assertEqual((renamed.name, renamed.greeting), ("Support desk", None))
        self.assertEqual(self.client.apps.get(self.app.id).name, "Support desk")
        self.assertIn(self.app.id, [app.id for app in self.client.apps.list(limit=100).auto_paging_iter()])
        spare = self.client.apps.create(name="Spare")
        self.assertEqual(self.client.apps.delete(spare.id).to_dict(), {"id": spare.id, "deleted": True})
        with self.assertRaises(ParleyError) as raised:
            self.client.apps.get(spare.id)
        self.assertEqual(raised.exception.code, "not_found")

    def test_identity_verification(self) -> None:
        import hashlib
        import hmac

        app = self.client.apps.create(name="Verified", agents=[self.agent.id], identity_verification="required")
        self.assertEqual((app.identity_verification, app.identity_secret_set), ("required", False))
        secret = self.client.apps.rotate_identity_secret(app.id).identity_secret
        self.assertTrue(self.client.apps.get(app.id).identity_secret_set)
        user_hash = hmac.new(secret.encode(), "user-1".encode(), hashlib.sha256).hexdigest()
        self.assertTrue(self.client.sessions.create(app.id, user_id="user-1", user_hash=user_hash).session_id)
        publishable = self.client.keys.create(name="site", kind="publishable", app_id=app.id, allowed_origins=["*"])
        site = AgentPlatform(api_key=publishable.key, base_url=self.parley.url)
        with self.assertRaises(ParleyError) as raised:
            site.sessions.create(app.id, user_id="user-1", user_hash="00" * 32)
        self.assertEqual((raised.exception.code, raised.exception.details["reason"]), ("permission_error", "identity_unverified"))

    def test_agents(self) -> None:
        self.assertEqual(self.agent.settings.temperature, 0.2)
        updated = self.client.agents.update(
            self.agent.id, description="Answers customers", settings={"max_tokens": 300}
        )
        self.assertEqual(
            (updated.description, updated.settings.temperature, updated.settings.max_tokens),
            ("Answers customers", 0.2, 300),
        )
        self.assertEqual(self.client.agents.get(self.agent.id).description, "Answers customers")
        self.assertIn(self.agent.id, [agent.id for agent in self.client.agents.list(limit=100).auto_paging_iter()])
        datastore = self.client.datastores.create(name="Empty")
        self.assertEqual(self.client.agents.connect_datastore(self.agent.id, datastore.id).datastores, [datastore.id])
        self.assertEqual(self.client.agents.disconnect_datastore(self.agent.id, datastore.id).datastores, [])
        renamed = self.client.datastores.update(datastore.id, name="Still empty")
        self.assertEqual(renamed.name, "Still empty")
        self.assertIn(datastore.id, [store.id for store in self.client.datastores.list(limit=100)])

    def test_sessions_history_and_end(self) -> None:
        session = self.client.sessions.create(app_id=self.app.id, user_id="user_456", metadata={"channel": "web"})
        self.assertRegex(session.expires_at, r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
        answer = self.client.execute(app_id=self.app.id, message="Hello", session_id=session.session_id)
        self.assertEqual(answer.agent, "support_agent")
        history = self.client.sessions.history(app_id=self.app.id, session_id=session.session_id)
        self.assertEqual(
            [(message.role, message.content) for message in history.messages],
            [("user", "Hello"), ("assistant", answer.response)],
        )
        ended = self.client.sessions.end(app_id=self.app.id, session_id=session.session_id)
        self.assertTrue(ended.ended)
        with self.assertRaises(ParleyError) as raised:
            self.client.execute(app_id=self.app.id, message="Still there?", session_id=session.session_id)
        self.assertEqual(
            (raised.exception.code, raised.exception.details.get("session_id")), ("not_found", session.session_id)
        )

    def test_handoff_and_feedback(self) -> None:
        answer = self.client.execute(app_id=self.app.id, message="Where is my parcel?")
        session_id = answer.session_id
        assistant = self.client.sessions.history(app_id=self.app.id, session_id=session_id).messages[-1]
        feedback = self.client.sessions.rate(
            app_id=self.app.id, session_id=session_id, message_id=assistant.id, rating="down", comment="Too vague"
        )
        self.assertEqual((feedback.rating, feedback.comment), ("down", "Too vague"))
        escalation = self.client.sessions.escalate(app_id=self.app.id, session_id=session_id)
        self.assertTrue(escalation.escalated)
        human = self.client.sessions.post_human_message(
            app_id=self.app.id, session_id=session_id, content="Hi, I am Sam. Let me look.", author="Sam"
        )
        self.assertEqual((human.role, human.author), ("human_agent", "Sam"))
        quiet = self.client.execute(app_id=self.app.id, message="Thanks!", session_id=session_id)
        self.assertTrue(quiet.get("escalated"))
        resolved = self.client.sessions.resolve(app_id=self.app.id, session_id=session_id)
        self.assertFalse(resolved.escalated)
        roles = [
            message.role for message in self.client.sessions.history(app_id=self.app.id, session_id=session_id).messages
        ]
        self.assertIn("human_agent", roles)

    def test_chat_conversations_and_definitions(self) -> None:
        definition = self.client.definitions.create(
            name="Priority shipping", type="term", content="Delivery within one day.", agent_ids=[self.agent.id]
        )
        answer = self.client.agents.chat(self.agent.id, message="What is priority shipping?")
        self.assertIn(definition.id, [applied.id for applied in answer.applied_definitions])
        self.assertGreater(answer.usage.total_tokens, 0)
        follow_up = self.client.agents.chat(
            self.agent.id, message="And the cost?", conversation_id=answer.conversation_id
        )
        self.assertEqual(follow_up.conversation_id, answer.conversation_id)
        conversation = self.client.conversations.get(self.agent.id, answer.conversation_id)
        self.assertEqual(
            [message.role for message in conversation.messages], ["user", "assistant", "user", "assistant"]
        )
        changed = self.client.definitions.update(definition.id, content="Delivery the next day.")
        self.assertEqual(self.client.definitions.get(definition.id).content, changed.content)
        self.assertTrue(self.client.definitions.delete(definition.id).deleted)
        self.assertTrue(self.client.conversations.delete(self.agent.id, answer.conversation_id).deleted)

    def test_share_links(self) -> None:
        link = self.client.agents.share(self.agent.id, expires_in=24)
        self.assertIn(self.agent.id, link.share_url)
        visitor = AgentPlatform(api_key=link.token, base_url=self.parley.url)
        self.assertGreater(len(visitor.agents.chat(self.agent.id, message="Hello from the link").content), 0)
        self.assertTrue(self.client.agents.revoke_shares(self.agent.id).shares_revoked)
        with self.assertRaises(ParleyError) as raised:
            visitor.agents.chat(self.agent.id, message="Still open?")
        self.assertEqual(raised.exception.code, "authentication_error")

    def test_keys(self) -> None:
        created = self.client.keys.create(name="reporting", kind="secret", plan="pro")
        self.assertTrue(created.key.startswith("sk_"))
        listed = {key.id: key for key in self.client.keys.list(limit=100).auto_paging_iter()}
        self.assertNotIn(created.key, listed[created.id].masked)
        reporting = AgentPlatform(api_key=created.key, base_url=self.parley.url)
        self.assertIsNotNone(reporting.apps.get(self.app.id))
        self.assertTrue(self.client.keys.delete(created.id).deleted)
        with self.assertRaises(ParleyError) as raised:
            reporting.apps.get(self.app.id)
        self.assertEqual(raised.exception.code, "authentication_error")

    def test_analytics(self) -> None:
        self.client.execute(app_id=self.app.id, message="Count me")
        now = datetime.datetime.now(datetime.timezone.utc)
        report = self.client.analytics(
            app_id=self.app.id,
            from_=now - datetime.timedelta(hours=1),
            to=now + datetime.timedelta(minutes=1),
            interval="hour",
        )
        self.assertEqual((report.app_id, report.interval), (self.app.id, "hour"))
        self.assertGreaterEqual(report.totals.sessions, 1)
        self.assertGreaterEqual(report.totals.user_messages, 1)
        self.assertGreater(len(report.series), 0)

    def test_with_options_keeps_the_key_and_changes_the_rest(self) -> None:
        patient = self.client.with_options(timeout=30, headers={"X-Request-Source": "tests"})
        self.assertEqual(patient.apps.get(self.app.id).id, self.app.id)
        self.assertEqual(patient.base_url, self.parley.url)


if __name__ == "__main__":
    unittest.main()
