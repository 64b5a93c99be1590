"""The reference document's Python example, with only the import and the base URL changed, run as shown."""

from __future__ import annotations

import os
import subprocess
import sys
import unittest

from parley import AgentPlatform

from .support.parley_server import shared_parley

SDK_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

EXAMPLE = """\
from parley import AgentPlatform
client = AgentPlatform(api_key="{api_key}", base_url="{base_url}")
response = client.execute(app_id="{app_id}", message="What's my order status?", session_id="{session_id}")
print(response.response)
"""


class ReferenceExampleTest(unittest.TestCase):
    def test_the_example_prints_the_stored_answer(self) -> None:
        parley = shared_parley()
        client = AgentPlatform(api_key=parley.admin_key, base_url=parley.url)
        session = client.sessions.create(app_id=parley.demo_app_id)
        script = EXAMPLE.format(
            api_key=parley.admin_key, base_url=parley.url, app_id=parley.demo_app_id, session_id=session.session_id
        )

        ran = subprocess.run([sys.executable, "-c", script], cwd=SDK_FOLDER, capture_output=True, text=True, timeout=60)

        self.assertEqual(ran.returncode, 0, ran.stderr)
        messages = client.sessions.history(app_id=parley.demo_app_id, session_id=session.session_id).messages
        self.assertEqual([message.role for message in messages], ["user", "assistant"])
        self.assertEqual(messages[0].content, "What's my order status?")
        self.assertEqual(ran.stdout, messages[1].content + "\n")
        self.assertGreater(len(messages[1].content), 0)

    def test_the_answer_has_the_fields_of_the_reference(self) -> None:
        parley = shared_parley()
        client = AgentPlatform(api_key=parley.admin_key, base_url=parley.url + "/v1/")
        response = client.execute(app_id=parley.demo_app_id, message="What's my order status?")
        self.assertRegex(response.session_id, r"^sess_[A-Za-z0-9_-]{16,}$")
        self.assertRegex(response.trace_id, r"^trace_[A-Za-z0-9_-]{16,}$")
        self.assertIsInstance(response.agent, str)
        self.assertIsInstance(response.tools_used, list)
        self.assertGreater(response.usage.input_tokens, 0)
        self.assertGreater(response.usage.output_tokens, 0)
        self.assertEqual(response["response"], response.response)
        self.assertEqual(response.to_dict()["usage"], {**response.usage.to_dict()})
        with self.assertRaises(AttributeError):
            response.not_a_field  # noqa: B018


if __name__ == "__main__":
    unittest.main()
