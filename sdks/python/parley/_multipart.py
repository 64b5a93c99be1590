"""A ``multipart/form-data`` encoder (RFC 7578): the standard library has none."""

from __future__ import annotations

import mimetypes
import os
import secrets
from typing import IO, List, Optional, Tuple, Union

#: What an upload may be given as: a path, the bytes themselves, or a file opened in binary mode.
FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]

# Formats Parley reads; mimetypes' own table lacks some of them on minimal systems.
_TYPES_BY_EXTENSION = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
}


def content_type_for(name: str) -> str:
    """The media type a file name's extension says, ``application/octet-stream`` when it says nothing."""
    extension = os.path.splitext(name)[1].lower()
    return _TYPES_BY_EXTENSION.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def read_file_input(file: FileInput, name: Optional[str]) -> Tuple[bytes, str]:
    """The bytes and the file name of an upload; a path gives its own name when ``name`` is absent."""
    if isinstance(file, (bytes, bytearray, memoryview)):
        if not name:
            raise ValueError("upload: pass `name` (e.g. 'policy.pdf') with bytes")
        return bytes(file), name
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as opened:
            return opened.read(), name or os.path.basename(os.fspath(file))
    content = file.read()
    if not isinstance(content, bytes):
        raise TypeError("upload: open the file in binary mode ('rb')")
    given = name or os.path.basename(str(getattr(file, "name", "")))
    if not given:
        raise ValueError("upload: pass `name` with a file object that has none")
    return content, given


def _quoted(value: str) -> str:
    """A parameter value inside double quotes, escaped the way browsers do (HTML's form encoding)."""
    return value.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


class MultipartForm:
    """Fields and files in order, encoded at the end with a random boundary."""

    def __init__(self) -> None:
        self.boundary = "parley-" + secrets.token_hex(16)
        self._parts: List[bytes] = []

    def add_field(self, name: str, value: str) -> None:
        self._add(f'form-data; name="{_quoted(name)}"', None, value.encode("utf-8"))

    def add_file(self, name: str, file_name: str, content: bytes, content_type: str) -> None:
        disposition = f'form-data; name="{_quoted(name)}"; filename="{_quoted(file_name)}"'
        self._add(disposition, content_type, content)

    def _add(self, disposition: str, content_type: Optional[str], content: bytes) -> None:
        headers = f"Content-Disposition: {disposition}\r\n"
        if content_type is not None:
            headers += f"Content-Type: {content_type}\r\n"
        self._parts.append(headers.encode("utf-8") + b"\r\n" + content)

    def encode(self) -> Tuple[bytes, str]:
        """The body and its ``Content-Type`` header (with the boundary)."""
        # A random 32-hex-digit boundary inside the content is all but impossible; pick another if so.
        while any(self.boundary.encode("ascii") in part for part in self._parts):
            self.boundary = "parley-" + secrets.token_hex(16)
        delimiter = b"--" + self.boundary.encode("ascii")
        body = b"".join(delimiter + b"\r\n" + part + b"\r\n" for part in self._parts) + delimiter + b"--\r\n"
        return body, f"multipart/form-data; boundary={self.boundary}"
