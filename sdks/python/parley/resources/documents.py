from __future__ import annotations

import time
from typing import Optional

from .._multipart import FileInput, MultipartForm, content_type_for, read_file_input
from .._transport import path_of
from ..errors import ParleyError
from ..pagination import Page
from ..types import Deleted, Document
from ._base import Resource

DEFAULT_POLL_INTERVAL = 1.0
DEFAULT_PROCESSING_TIMEOUT = 300.0


class Documents(Resource):
    """The documents of a datastore: PDF, DOCX, HTML, Markdown and plain text."""

    def upload(
        self,
        datastore_id: str,
        file: FileInput,
        name: Optional[str] = None,
        content_type: Optional[str] = None,
        wait: bool = False,
    ) -> Document:
        """Sends ``file`` (a path, bytes, or a file opened ``"rb"``) as ``multipart/form-data``.

        ``name`` defaults to the path's file name (bytes need one); ``content_type`` to what the
        name's extension says. The answer is ``processing``; with ``wait=True`` this returns once the
        document is ``ready`` or ``failed`` (see ``wait_until_processed``).
        """
        content, file_name = read_file_input(file, name)
        form = MultipartForm()
        form.add_field("name", file_name)
        form.add_file("file", file_name, content, content_type or content_type_for(file_name))
        path = path_of("/datastores/{}/documents", datastore_id)
        document = Document(self._transport.request("POST", path, raw_body=form.encode()))
        return self.wait_until_processed(datastore_id, document.id) if wait else document

    def upload_text(self, datastore_id: str, name: str, text: str, wait: bool = False) -> Document:
        """A document from text; the name's extension says the format (``.md``, ``.html``, else plain text)."""
        path = path_of("/datastores/{}/documents", datastore_id)
        document = self._call(Document, "POST", path, {"name": name, "text": text})
        return self.wait_until_processed(datastore_id, document.id) if wait else document

    def list(self, datastore_id: str, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Document]:
        return self._page(Document, path_of("/datastores/{}/documents", datastore_id), limit, cursor)

    def get(self, datastore_id: str, document_id: str) -> Document:
        return self._call(Document, "GET", path_of("/datastores/{}/documents/{}", datastore_id, document_id))

    def delete(self, datastore_id: str, document_id: str) -> Deleted:
        """Answers stop citing it at once."""
        return self._call(Deleted, "DELETE", path_of("/datastores/{}/documents/{}", datastore_id, document_id))

    def wait_until_processed(
        self,
        datastore_id: str,
        document_id: str,
        interval: float = DEFAULT_POLL_INTERVAL,
        timeout: Optional[float] = DEFAULT_PROCESSING_TIMEOUT,
    ) -> Document:
        """Polls every ``interval`` seconds until the document is no longer ``processing`` and answers it:
        ``ready``, or ``failed`` with ``error`` (returned, not raised). After ``timeout`` seconds (None:
        no limit) raises ParleyError ``timeout_error``."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            document = self.get(datastore_id, document_id)
            if document.status != "processing":
                return document
            if deadline is not None and time.monotonic() + interval > deadline:
                raise ParleyError("timeout_error", f"Document {document_id} was still processing after {timeout} s")
            time.sleep(interval)
