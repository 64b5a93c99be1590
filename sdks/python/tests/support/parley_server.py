"""A real Parley server for the tests: started as its own process, stopped by its process id."""

from __future__ import annotations

import atexit
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from typing import Dict, List, Optional

REPOSITORY_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))
START_TIMEOUT_SECONDS = 90

_ADMIN_KEY = re.compile(r"^\s+(sk_[A-Za-z0-9_-]+)\s*$")
_DEMO_APP = re.compile(r"/v1/apps/(app_[A-Za-z0-9_-]+)/execute")
_READY = re.compile(r'"msg":"Parley ready at (http://[^"]+)"')


class ParleyServer:
    """``npx tsx packages/server/src/main.ts`` run as one Node process (``node --import tsx``, what
    ``npx tsx`` does, without npx's extra processes), in a fresh data folder, on a free port."""

    def __init__(self, environment: Optional[Dict[str, str]] = None, file_size_limit: Optional[int] = None):
        self.data_directory = tempfile.mkdtemp(prefix="parley-python-sdk-")
        self.output: List[str] = []
        settings = {
            **os.environ,
            "PORT": "0",
            "HOST": "127.0.0.1",
            "PARLEY_DATA_DIR": self.data_directory,
            "OPENAI_API_KEY": "",
            "OPENAI_BASE_URL": "",
            "PARLEY_ADMIN_KEY": "",
            "PARLEY_OFFLINE_TOKEN_DELAY_MS": "0",
            "LOG_LEVEL": "info",
            **_own_store(file_size_limit is not None),
            **(environment or {}),
        }

        def limit_file_size() -> None:
            # Writes past this size fail (EFBIG; Node ignores SIGXFSZ), as on a disk that is full.
            if file_size_limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

        self.process = subprocess.Popen(
            ["node", "--import", "tsx", "packages/server/src/main.ts"],
            cwd=REPOSITORY_ROOT,
            env=settings,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=limit_file_size,
        )
        atexit.register(self.stop)
        self.url, self.admin_key, self.demo_app_id = self._wait_until_ready()
        # Keep reading its output, so the process never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_until_ready(self):
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        admin_key = demo_app_id = None
        for raw in iter(self.process.stdout.readline, b""):
            line = raw.decode("utf-8", "replace")
            self.output.append(line)
            admin_key = admin_key or (_ADMIN_KEY.match(line) and _ADMIN_KEY.match(line).group(1))
            demo_app_id = demo_app_id or (_DEMO_APP.search(line) and _DEMO_APP.search(line).group(1))
            ready = _READY.search(line)
            if ready and admin_key and demo_app_id:
                return ready.group(1), admin_key, demo_app_id
            if time.monotonic() > deadline:
                break
        self.stop()
        raise RuntimeError("Parley did not start:\n" + "".join(self.output))

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for raw in iter(self.process.stdout.readline, b""):
            self.output.append(raw.decode("utf-8", "replace"))

    def stop(self) -> None:
        """Stops the server (SIGTERM, SIGKILL if it lingers) by its process id and removes its data."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.data_directory, ignore_errors=True)


def _own_store(on_the_data_folder: bool) -> Dict[str, str]:
    """On the run's PostgreSQL and Redis (DATABASE_URL, REDIS_URL) each server gets a schema and a key
    prefix of its own, under the bases test/python-sdk.test.ts sets and removes when the tests end; a
    server whose data folder is to fill up keeps the embedded store (the full disk is the folder's)."""
    own: Dict[str, str] = {}
    schema_base = os.environ.get("PARLEY_TEST_SCHEMA_BASE")
    if on_the_data_folder:
        own["DATABASE_URL"] = ""
    elif os.environ.get("DATABASE_URL") and schema_base:
        own["PARLEY_DATABASE_SCHEMA"] = f"{schema_base}_{uuid.uuid4().hex[:8]}"
    redis_base = os.environ.get("PARLEY_TEST_REDIS_PREFIX_BASE")
    if os.environ.get("REDIS_URL") and redis_base:
        own["PARLEY_REDIS_PREFIX"] = f"{redis_base}{uuid.uuid4().hex[:8]}:"
    return own


_shared: Optional[ParleyServer] = None


def shared_parley() -> ParleyServer:
    """One server for every test module (started on first use, stopped when the tests end)."""
    global _shared
    if _shared is None:
        # Webhooks are delivered to a receiver on this machine; retries come quickly.
        _shared = ParleyServer({"PARLEY_ALLOW_PRIVATE_URLS": "1", "PARLEY_WEBHOOK_RETRY_BASE_MS": "200"})
    return _shared
