"""A webhook receiver on this machine: keeps each delivery's raw body and headers as they arrived."""

from __future__ import annotations

import http.server
import queue
import threading
from typing import Dict, NamedTuple


class Delivery(NamedTuple):
    body: bytes
    headers: Dict[str, str]


class WebhookReceiver:
    def __init__(self) -> None:
        received: queue.Queue[Delivery] = queue.Queue()
        self.received = received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                length = int(self.headers.get("Content-Length", "0"))
                received.put(Delivery(self.rfile.read(length), dict(self.headers.items())))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next_delivery(self, event: str, containing: str = "", timeout: float = 20.0) -> Delivery:
        """The next delivery of ``event`` whose body contains ``containing`` (others are passed over)."""
        while True:
            delivery = self.received.get(timeout=timeout)
            if delivery.headers.get("X-Parley-Event") == event and containing.encode("utf-8") in delivery.body:
                return delivery

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
