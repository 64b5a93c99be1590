"""Datastores and documents: a PDF and a DOCX uploaded by multipart reach ``ready`` and are cited."""

from __future__ import annotations

import os
import unittest

from parley import AgentPlatform, paginate
from parley._multipart import MultipartForm

from .support.parley_server import shared_parley

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
PDF_PATH = os.path.join(FIXTURES, "shipping-guide.pdf")
DOCX_PATH = os.path.join(FIXTURES, "gift-cards.docx")


class DocumentsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        parley = shared_parley()
        cls.client = AgentPlatform(api_key=parley.admin_key, base_url=parley.url)
        cls.datastore = cls.client.datastores.create(name="Policies", description="Shipping and gift cards")
        # The PDF from its path (name and type from the path); the DOCX as bytes with a name.
        cls.pdf = cls.client.documents.upload(cls.datastore.id, PDF_PATH, wait=True)
        with open(DOCX_PATH, "rb") as docx:
            uploaded = cls.client.documents.upload(cls.datastore.id, docx.read(), name="gift-cards.docx")
        cls.docx_status_at_upload = uploaded.status
        cls.docx = cls.client.documents.wait_until_processed(cls.datastore.id, uploaded.id, interval=0.1, timeout=60)
        cls.agent = cls.client.agents.create(name="policy_agent", system_prompt="Answer from the sources.")
        cls.client.agents.connect_datastore(cls.agent.id, cls.datastore.id)

    def test_both_documents_are_ready(self) -> None:
        self.assertEqual(self.docx_status_at_upload, "processing")
        self.assertEqual((self.pdf.status, self.pdf.error, self.pdf.page_count), ("ready", None, 2))
        self.assertEqual(self.pdf.name, "shipping-guide.pdf")
        self.assertEqual(self.pdf.content_type, "application/pdf")
        self.assertEqual(self.pdf.size_bytes, os.path.getsize(PDF_PATH))
        self.assertEqual((self.docx.status, self.docx.error), ("ready", None))
        self.assertEqual(self.docx.name, "gift-cards.docx")
        self.assertEqual(self.docx.size_bytes, os.path.getsize(DOCX_PATH))
        self.assertGreater(self.docx.chunk_count, 0)
        listed = sorted(document.id for document in paginate(self.client.documents.list, self.datastore.id, limit=1))
        self.assertEqual(listed, sorted([self.pdf.id, self.docx.id]))
        self.assertEqual(self.client.datastores.get(self.datastore.id).document_count, 2)

    def test_the_pdf_is_cited_with_its_page(self) -> None:
        answer = self.client.agents.chat(self.agent.id, message="When do parcels leave the warehouse?")
        cited = [citation for citation in answer.citations if citation.document_id == self.pdf.id]
        self.assertGreater(len(cited), 0, answer.to_dict())
        self.assertEqual(cited[0].document_name, "shipping-guide.pdf")
        self.assertEqual(cited[0].page_number, 2)
        self.assertIn("two business days", cited[0].excerpt)
        self.assertTrue(0 <= cited[0].score <= 1)

    def test_the_docx_is_cited_in_a_streamed_answer(self) -> None:
        app = self.client.apps.create(name="Policies", agents=[self.agent.id])
        events = list(self.client.execute_stream(app_id=app.id, message="Do gift cards expire?"))
        citations = [event for event in events if event.type == "citation"]
        self.assertIn(self.docx.id, [citation.document_id for citation in citations], [e.to_dict() for e in events])
        cited = next(citation for citation in citations if citation.document_id == self.docx.id)
        self.assertEqual((cited.document_name, cited.page_number), ("gift-cards.docx", 1))
        self.assertIn("never expire", cited.excerpt)
        self.assertEqual(events[-1].type, "done")

    def test_a_text_document_and_deleting_one(self) -> None:
        text = self.client.documents.upload_text(
            self.datastore.id, name="returns.md", text="# Returns\n\nLaptops can be returned within 45 days.", wait=True
        )
        self.assertEqual((text.status, text.content_type), ("ready", "text/markdown"))
        self.assertEqual(
            self.client.documents.delete(self.datastore.id, text.id).to_dict(), {"id": text.id, "deleted": True}
        )
        remaining = [document.id for document in self.client.documents.list(self.datastore.id, limit=100)]
        self.assertNotIn(text.id, remaining)

    def test_a_datastore_made_public_and_private_again(self) -> None:
        made = self.client.datastores.create(name="Public policies", public=True)
        self.assertIs(made.public, True)
        self.assertIs(self.client.datastores.update(made.id, public=False).public, False)
        self.assertIs(self.client.datastores.get(made.id).public, False)
        self.assertIs(self.client.datastores.create(name="Internal").public, False)

    def test_a_file_object_opened_in_binary_mode_uploads_too(self) -> None:
        other = self.client.datastores.create(name="Scratch")
        with open(PDF_PATH, "rb") as opened:
            document = self.client.documents.upload(other.id, opened, wait=True)
        self.assertEqual((document.name, document.status, document.page_count), ("shipping-guide.pdf", "ready", 2))
        self.assertEqual(self.client.datastores.delete(other.id).deleted, True)


class MultipartFormTest(unittest.TestCase):
    def test_the_body_is_fields_then_files_between_boundaries(self) -> None:
        form = MultipartForm()
        form.add_field("name", "policy.pdf")
        form.add_file("file", 'odd "name".pdf', b"%PDF-\x00\xff", "application/pdf")
        body, content_type = form.encode()
        boundary = content_type.split("boundary=")[1]
        self.assertTrue(content_type.startswith("multipart/form-data; boundary=parley-"))
        self.assertEqual(
            body,
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\npolicy.pdf\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="odd %22name%22.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + b"%PDF-\x00\xff\r\n"
            + f"--{boundary}--\r\n".encode(),
        )


if __name__ == "__main__":
    unittest.main()
