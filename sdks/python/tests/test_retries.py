"""Retries of 429 answered by a real Parley, honouring its ``Retry-After``."""

from __future__ import annotations

import time
import unittest
from typing import List
from unittest import mock

from parley import AgentPlatform, ParleyError

from .support.parley_server import shared_parley


class RetriesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.parley = shared_parley()
        admin = AgentPlatform(api_key=self.parley.admin_key, base_url=self.parley.url)
        # One request a minute: the second is answered 429 with the seconds left in the minute.
        self.key = admin.keys.create(
            name="one a minute", kind="secret", plan="enterprise", rate_limit={"per_minute": 1, "per_day": 1000}
        ).key
        AgentPlatform(api_key=self.key, base_url=self.parley.url).agents.list(limit=1)

    def client(self, **options: object) -> AgentPlatform:
        return AgentPlatform(api_key=self.key, base_url=self.parley.url, **options)  # type: ignore[arg-type]

    def test_without_retries_a_429_raises_at_once(self) -> None:
        pauses: List[float] = []
        with mock.patch("parley._transport.sleep", pauses.append):
            with self.assertRaises(ParleyError) as raised:
                self.client().agents.list(limit=1)
        self.assertEqual(raised.exception.code, "rate_limited")
        self.assertEqual(pauses, [])

    def test_each_retry_waits_what_retry_after_says(self) -> None:
        # The pause is recorded instead of taken, so the window is still full when the request is sent again.
        pauses: List[float] = []
        with mock.patch("parley._transport.sleep", pauses.append):
            with self.assertRaises(ParleyError) as raised:
                self.client(max_retries=2).agents.list(limit=1)
        error = raised.exception
        self.assertEqual(error.code, "rate_limited")
        self.assertEqual(len(pauses), 2, "two retries after the first answer")
        for pause in pauses:
            self.assertIn(pause, (float(error.retry_after), float(error.retry_after + 1)))

    def test_no_retry_when_retry_after_is_longer_than_the_caller_waits(self) -> None:
        pauses: List[float] = []
        with mock.patch("parley._transport.sleep", pauses.append):
            with self.assertRaises(ParleyError) as raised:
                self.client(max_retries=3, max_retry_wait=0.5).agents.list(limit=1)
        self.assertEqual(raised.exception.code, "rate_limited")
        self.assertEqual(pauses, [])

    def test_a_retry_after_the_wait_succeeds(self) -> None:
        # Really waits for the key's minute to end (up to 60 s): the request answered 429 is sent again
        # once Retry-After has passed, and this time it is served.
        with self.assertRaises(ParleyError) as refused:
            self.client().agents.list(limit=1)
        retry_after = refused.exception.retry_after
        started = time.monotonic()
        page = self.client(max_retries=1, max_retry_wait=61).agents.list(limit=1)
        waited = time.monotonic() - started
        self.assertEqual(len(page.data), 1)
        # Not a speed measure: the client must have paused at least as long as the server asked.
        self.assertGreaterEqual(waited, retry_after - 1)


if __name__ == "__main__":
    unittest.main()
