"""The events of a streamed answer, as an iterator."""

from __future__ import annotations

import socket
from http.client import HTTPException, HTTPResponse
from typing import Generator, Iterator, List, Optional

from ._sse import read_messages, to_event
from .errors import ParleyError
from .types import StreamEvent


class EventStream:
    """Iterates the events of ``execute_stream`` and ``chat_stream`` until their ``done`` or ``error``.

    ``for event in stream: if event.type == "token": print(event.content, end="")``. An ``error``
    event is yielded as the last event, not raised. Leaving early (``break``, ``close()``, the end of
    a ``with`` block) closes the connection, which tells the server the listener is gone.
    """

    def __init__(self, response: HTTPResponse, timeout: Optional[float]) -> None:
        self._response = response
        self._timeout = timeout
        self._events = self._read()
        self.finished = False

    def __iter__(self) -> Iterator[StreamEvent]:
        return self

    def __next__(self) -> StreamEvent:
        return next(self._events)

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection; iterating afterwards ends at once."""
        self._events.close()
        self._response.close()

    def collect(self) -> List[StreamEvent]:
        """Reads the stream to its end and answers every event."""
        return list(self)

    def _read(self) -> Generator[StreamEvent, None, None]:
        try:
            for name, data in read_messages(self._response):
                event = to_event(name, data, self._response.status)
                if event is None:
                    continue
                self.finished = event.type in ("done", "error")
                yield event
                if self.finished:
                    return
        except (socket.timeout, TimeoutError) as error:
            raise ParleyError("timeout_error", f"No event within {self._timeout} s") from error
        except (OSError, HTTPException) as error:
            raise ParleyError("connection_error", f"The event stream broke: {error!r}") from error
        finally:
            self._response.close()
        raise ParleyError("connection_error", 'The event stream ended before its "done" or "error" event')
