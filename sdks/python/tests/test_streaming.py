"""``execute_stream`` and ``chat_stream`` against a real Parley, and the SSE reading on its own."""

from __future__ import annotations

import io
import unittest

from parley import AgentPlatform, ParleyError
from parley._sse import read_messages, to_event

from .support.parley_server import shared_parley


class ExecuteStreamTest(unittest.TestCase):
    def setUp(self) -> None:
        self.parley = shared_parley()
        self.client = AgentPlatform(api_key=self.parley.admin_key, base_url=self.parley.url)

    def test_the_tokens_concatenate_to_the_stored_answer(self) -> None:
        app_id = self.parley.demo_app_id
        session = self.client.sessions.create(app_id=app_id)
        with self.client.execute_stream(
            app_id=app_id, message="How long do I have to return an item?", session_id=session.session_id
        ) as stream:
            events = list(stream)

        types = [event.type for event in events]
        self.assertEqual(types[0], "start")
        self.assertEqual(types[-1], "done")
        self.assertIn("token", types)
        self.assertEqual(events[0].session_id, session.session_id)
        self.assertRegex(events[0].trace_id, r"^trace_")
        streamed = "".join(event.content for event in events if event.type == "token")
        history = self.client.sessions.history(app_id=app_id, session_id=session.session_id)
        self.assertEqual(history.messages[-1].role, "assistant")
        self.assertEqual(streamed, history.messages[-1].content)
        done = events[-1]
        self.assertGreater(done.usage.output_tokens, 0)
        self.assertIsInstance(done.tools_used, list)
        for event in events:
            if event.type == "tool_call":
                self.assertIn(event.status, ("started", "completed", "failed"))
                self.assertIsInstance(event.tool, str)

    def test_without_a_session_the_stream_opens_one(self) -> None:
        events = self.client.execute_stream(app_id=self.parley.demo_app_id, message="Hello!").collect()
        session_id = events[0].session_id
        history = self.client.sessions.history(app_id=self.parley.demo_app_id, session_id=session_id)
        self.assertEqual(history.messages[0].content, "Hello!")

    def test_an_error_answer_before_the_stream_raises_at_the_call(self) -> None:
        with self.assertRaises(ParleyError) as raised:
            self.client.execute_stream(app_id="app_doesnotexist00000000", message="Hello!")
        self.assertEqual((raised.exception.code, raised.exception.status), ("not_found", 404))

    def test_leaving_early_closes_the_stream(self) -> None:
        stream = self.client.execute_stream(app_id=self.parley.demo_app_id, message="Hello!")
        first = next(stream)
        stream.close()
        self.assertEqual(first.type, "start")
        self.assertEqual(list(stream), [])

    def test_chat_stream_ends_with_the_stored_message(self) -> None:
        agent = self.client.agents.create(name="stream_agent", system_prompt="You answer briefly.")
        events = list(self.client.agents.chat_stream(agent.id, message="Hi there"))
        self.assertEqual(events[0].type, "start")
        done = events[-1]
        self.assertEqual(done.type, "done")
        conversation = self.client.conversations.get(agent.id, done.conversation_id)
        streamed = "".join(event.content for event in events if event.type == "token")
        self.assertEqual(conversation.messages[-1].id, done.id)
        self.assertEqual(conversation.messages[-1].content, streamed)


class EventReadingTest(unittest.TestCase):
    """The SSE framing the server may use, fed as bytes (the server's keep-alive comes every 15 s)."""

    def events_of(self, raw: bytes):
        events = []
        for name, data in read_messages(io.BytesIO(raw)):
            event = to_event(name, data)
            if event is not None:
                events.append(event)
        return events

    def test_keep_alive_comments_and_unknown_events_are_skipped(self) -> None:
        raw = (
            b": keep-alive\n\n"
            b'event: start\ndata: {"trace_id": "trace_1"}\n\n'
            b": keep-alive\n\n"
            b'event: token\r\ndata: {"content": "Our"}\r\n\r\n'
            b'event: progress\ndata: {"step": 1}\n\n'
            b'event: token\ndata: {"content": " policy"}\n\n'
            b'event: done\ndata: {"usage": {"input_tokens": 4, "output_tokens": 2}}\n\n'
        )
        events = self.events_of(raw)
        self.assertEqual([event.type for event in events], ["start", "token", "token", "done"])
        self.assertEqual(events[1].content + events[2].content, "Our policy")
        self.assertEqual(events[3].usage.output_tokens, 2)

    def test_data_over_several_lines_is_joined(self) -> None:
        raw = b'event: error\ndata: {"error":\ndata: {"code": "upstream_error", "message": "x"}}\n\n'
        [event] = self.events_of(raw)
        self.assertEqual(event.error.code, "upstream_error")

    def test_data_that_is_not_json_is_an_invalid_response(self) -> None:
        with self.assertRaises(ParleyError) as raised:
            self.events_of(b"event: token\ndata: not json\n\n")
        self.assertEqual(raised.exception.code, "invalid_response")


if __name__ == "__main__":
    unittest.main()
