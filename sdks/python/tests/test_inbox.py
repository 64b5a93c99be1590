"""The inbox through the SDK, against a real Parley: an app's sessions listed and read, a person
taking one over, typing and answering; an agent conversation handed over and back; the console's
operators invited, changed and removed."""

from __future__ import annotations

import unittest

from parley import AgentPlatform, ParleyError

from .support.parley_server import shared_parley


class InboxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.parley = shared_parley()
        cls.client = AgentPlatform(api_key=cls.parley.admin_key, base_url=cls.parley.url)
        cls.agent = cls.client.agents.create(name="inbox_agent", system_prompt="You help customers.")
        cls.app = cls.client.apps.create(name="Inbox", agents=[cls.agent.id], routing="first")

    def test_sessions_in_the_inbox(self) -> None:
        answered = self.client.execute(app_id=self.app.id, message="Hello there")
        listed = [session.session_id for session in self.client.sessions.list(self.app.id, limit=50).auto_paging_iter()]
        self.assertIn(answered.session_id, listed)
        taken = self.client.sessions.assign(self.app.id, answered.session_id, name="Dana")
        self.assertEqual(taken.session_id, answered.session_id)
        self.assertEqual(self.client.sessions.typing(self.app.id, answered.session_id, name="Dana").session_id, answered.session_id)
        self.client.sessions.post_human_message(self.app.id, answered.session_id, "Dana here.", author="Dana")
        transcript = self.client.sessions.get(self.app.id, answered.session_id)
        self.assertTrue(transcript.session.escalated)
        self.assertIn("Dana here.", [message["content"] for message in transcript.messages])
        self.assertFalse(self.client.sessions.resolve(self.app.id, answered.session_id).escalated)

    def test_a_conversation_handed_over_and_back(self) -> None:
        answer = self.client.agents.chat(self.agent.id, "Hi, I have a question")
        conversation_id = answer.conversation_id
        self.assertTrue(self.client.conversations.escalate(self.agent.id, conversation_id).escalated)
        self.client.conversations.assign(self.agent.id, conversation_id, name="Dana")
        self.client.conversations.typing(self.agent.id, conversation_id, name="Dana")
        reply = self.client.conversations.post_human_message(self.agent.id, conversation_id, "Dana answers.", author="Dana")
        self.assertEqual(reply.content, "Dana answers.")
        transcript = self.client.conversations.inbox(self.agent.id, conversation_id)
        self.assertIn("Dana answers.", [message["content"] for message in transcript.messages])
        self.assertFalse(self.client.conversations.resolve(self.agent.id, conversation_id).escalated)

    def test_operators(self) -> None:
        invite = self.client.operators.invite("sam@example.com", "agent")
        self.assertIn("/console/invite", invite.invite_url)
        with self.assertRaises(ParleyError) as raised:
            self.client.operators.invite("not an email", "agent")
        self.assertEqual(raised.exception.code, "invalid_request")
        self.assertIsInstance([operator.email for operator in self.client.operators.list().auto_paging_iter()], list)


if __name__ == "__main__":
    unittest.main()
