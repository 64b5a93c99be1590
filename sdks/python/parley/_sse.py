"""Server-Sent Events: the answer's lines to typed events, ``: keep-alive`` comments skipped."""

from __future__ import annotations

import json
from typing import IO, Iterator, List, Optional, Tuple

from ._objects import wrap
from .errors import ParleyError
from .types import EVENT_CLASSES, StreamEvent

#: One message of the stream: its ``event:`` name and its ``data:`` (lines joined by ``\n``).
Message = Tuple[str, str]


def read_messages(lines: IO[bytes]) -> Iterator[Message]:
    """Messages as the SSE specification cuts them: fields until a blank line; ``:`` lines are comments."""
    event_name = ""
    data_lines: List[str] = []
    for raw in iter(lines.readline, b""):
        line = raw.decode("utf-8").rstrip("\r\n")
        if line == "":
            if data_lines:
                yield event_name or "message", "\n".join(data_lines)
            event_name, data_lines = "", []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if field == "event":
            event_name = value
        elif field == "data":
            data_lines.append(value)


def to_event(name: str, data: str, status: int = 200) -> Optional[StreamEvent]:
    """One message as a StreamEvent; messages of other names are skipped, so the server may add new ones."""
    kind = EVENT_CLASSES.get(name)
    if kind is None:
        return None
    try:
        fields = json.loads(data) if data else {}
    except ValueError:
        raise ParleyError("invalid_response", f'The "{name}" event\'s data is not JSON: {data[:200]}', status) from None
    if not isinstance(fields, dict):
        raise ParleyError("invalid_response", f'The "{name}" event\'s data is not a JSON object', status)
    event: StreamEvent = wrap({**fields, "type": name}, kind)
    return event
