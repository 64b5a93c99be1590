"""Every error code of the contract, answered by a real Parley, arrives as ParleyError with that code."""

from __future__ import annotations

import http.server
import socket
import threading
import unittest
from typing import Callable

from parley import AgentPlatform, ParleyError
from parley.errors import SERVER_ERROR_STATUS

from .support.parley_server import ParleyServer, shared_parley

CONTRACT_CODES = {
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


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ErrorTestCase(unittest.TestCase):
    def raised(self, call: Callable[[], object]) -> ParleyError:
        with self.assertRaises(ParleyError) as caught:
            call()
        return caught.exception

    def assert_code(self, error: ParleyError, code: str) -> None:
        self.assertEqual((error.code, error.status), (code, CONTRACT_CODES[code]), repr(error))
        self.assertIsInstance(error.message, str)
        self.assertIsInstance(error.details, dict)


class ContractErrorsTest(ErrorTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.parley = shared_parley()
        cls.client = AgentPlatform(api_key=cls.parley.admin_key, base_url=cls.parley.url)
        # A provider that cannot be reached, and a data folder where writes past 256 KB fail (as on a full
        # disk): the real causes of the two server-side codes.
        cls.broken = ParleyServer(
            {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": f"http://127.0.0.1:{closed_port()}/v1"},
            file_size_limit=256 * 1024,
        )
        cls.broken_client = AgentPlatform(api_key=cls.broken.admin_key, base_url=cls.broken.url)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.broken.stop()

    def test_the_sdk_knows_every_code_of_the_contract(self) -> None:
        for code, status in CONTRACT_CODES.items():
            self.assertEqual(SERVER_ERROR_STATUS[code], status)

    def test_invalid_request(self) -> None:
        error = self.raised(lambda: self.client.agents.create(name=""))
        self.assert_code(error, "invalid_request")
        self.assertEqual(error.details["field"], "name")

    def test_authentication_error(self) -> None:
        stranger = AgentPlatform(api_key="sk_not_a_key_of_this_server_000000", base_url=self.parley.url)
        self.assert_code(self.raised(lambda: stranger.agents.list()), "authentication_error")

    def test_permission_error(self) -> None:
        key = self.client.keys.create(
            name="widget", kind="publishable", app_id=self.parley.demo_app_id, allowed_origins=["*"]
        )
        publishable = AgentPlatform(api_key=key.key, base_url=self.parley.url)
        self.assert_code(self.raised(lambda: publishable.agents.create(name="nope")), "permission_error")

    def test_not_found(self) -> None:
        error = self.raised(
            lambda: self.client.sessions.history(app_id=self.parley.demo_app_id, session_id="sess_doesnotexist000000")
        )
        self.assert_code(error, "not_found")
        self.assertEqual(error.details["session_id"], "sess_doesnotexist000000")

    def test_payload_too_large(self) -> None:
        error = self.raised(lambda: self.client.execute(app_id=self.parley.demo_app_id, message="x" * 1_100_000))
        self.assert_code(error, "payload_too_large")

    def test_rate_limited(self) -> None:
        key = self.client.keys.create(
            name="tight", kind="secret", plan="enterprise", rate_limit={"per_minute": 1, "per_day": 1000}
        )
        limited = AgentPlatform(api_key=key.key, base_url=self.parley.url)
        limited.agents.list(limit=1)
        error = self.raised(lambda: limited.agents.list(limit=1))
        self.assert_code(error, "rate_limited")
        self.assertTrue(1 <= error.retry_after <= 60, error.retry_after)
        self.assertEqual((error.rate_limit.limit, error.rate_limit.remaining), (1, 0))

    def test_internal_error(self) -> None:
        # Each agent is about 60 KB on disk: within a few, the journal passes the size limit.
        error = None
        for number in range(10):
            try:
                self.broken_client.agents.create(name=f"agent {number}", system_prompt="€" * 20_000)
            except ParleyError as caught:
                error = caught
                break
        assert error is not None, "the writes should have failed"
        self.assert_code(error, "internal_error")
        self.assertEqual(error.details, {"storage": "write_failed"})

    def test_upstream_error(self) -> None:
        session = self.broken_client.sessions.create(app_id=self.broken.demo_app_id)
        error = self.raised(
            lambda: self.broken_client.execute(
                app_id=self.broken.demo_app_id, message="Is anyone there?", session_id=session.session_id
            )
        )
        self.assert_code(error, "upstream_error")
        self.assertEqual(error.details["session_id"], session.session_id)

    def test_a_failure_after_the_stream_began_is_its_last_event_not_an_exception(self) -> None:
        events = list(self.broken_client.execute_stream(app_id=self.broken.demo_app_id, message="Anyone?"))
        self.assertEqual(events[0].type, "start")
        self.assertEqual(events[-1].type, "error")
        self.assertEqual(events[-1].error.code, "upstream_error")
        self.assertIsInstance(events[-1].error.message, str)


class NotParley(http.server.BaseHTTPRequestHandler):
    """A web server that is not Parley: an HTML page for GET, a stream that breaks off for POST."""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
        """An event stream cut off after its first event, as by a proxy that gives up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(b'event: start\ndata: {"trace_id": "trace_1"}\n\n')
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        return


class ClientErrorsTest(ErrorTestCase):
    """The SDK's own codes, for answers that never came or are not Parley's."""

    def test_connection_error(self) -> None:
        client = AgentPlatform(api_key="sk_test", base_url=f"http://127.0.0.1:{closed_port()}")
        error = self.raised(lambda: client.agents.list())
        self.assertEqual((error.code, error.status), ("connection_error", 0))

    def test_timeout_error(self) -> None:
        # A socket that takes the connection and never answers.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen()
            client = AgentPlatform(api_key="sk_test", base_url=f"http://127.0.0.1:{listener.getsockname()[1]}")
            error = self.raised(lambda: client.with_options(timeout=0.5).agents.list())
        self.assertEqual((error.code, error.status), ("timeout_error", 0))

    def test_invalid_response(self) -> None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotParley)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            client = AgentPlatform(api_key="sk_test", base_url=f"http://127.0.0.1:{server.server_address[1]}")
            error = self.raised(lambda: client.agents.list())
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual((error.code, error.status), ("invalid_response", 200))
        self.assertIn("Welcome to nginx!", error.message)

    def test_a_stream_cut_off_before_done_is_a_connection_error(self) -> None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotParley)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            client = AgentPlatform(api_key="sk_test", base_url=f"http://127.0.0.1:{server.server_address[1]}")
            stream = client.execute_stream(app_id="app_1", message="Hello")
            self.assertEqual(next(stream).type, "start")
            error = self.raised(lambda: next(stream))
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual((error.code, error.status), ("connection_error", 0))

    def test_a_missing_key_is_refused_before_any_request(self) -> None:
        with self.assertRaises(ValueError):
            AgentPlatform(api_key="  ", base_url="http://127.0.0.1:1")


if __name__ == "__main__":
    unittest.main()
