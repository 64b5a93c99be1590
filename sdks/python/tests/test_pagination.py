"""Lists a page at a time, and every page as one iterator."""

from __future__ import annotations

import unittest

from parley import AgentPlatform, Page, paginate

from .support.parley_server import shared_parley


class PaginationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        parley = shared_parley()
        cls.client = AgentPlatform(api_key=parley.admin_key, base_url=parley.url)
        cls.agent = cls.client.agents.create(name="paged_agent")
        cls.conversation_ids = [
            cls.client.agents.chat(cls.agent.id, message=f"Question {number}").conversation_id for number in range(5)
        ]

    def test_one_page_says_whether_more_follow(self) -> None:
        page = self.client.conversations.list(self.agent.id, limit=2)
        self.assertIsInstance(page, Page)
        self.assertEqual(len(page), 2)
        self.assertTrue(page.has_more)
        self.assertEqual(page.next_cursor, page.data[-1].id)
        second = page.next_page()
        assert second is not None
        self.assertEqual(len(second.data), 2)
        self.assertFalse({item.id for item in page} & {item.id for item in second})

    def test_auto_paging_walks_every_page(self) -> None:
        first = self.client.conversations.list(self.agent.id, limit=2)
        every = [conversation.id for conversation in first.auto_paging_iter()]
        self.assertEqual(sorted(every), sorted(self.conversation_ids))
        self.assertEqual(len(every), len(set(every)))

    def test_paginate_takes_the_list_method_and_its_arguments(self) -> None:
        every = [conversation.id for conversation in paginate(self.client.conversations.list, self.agent.id, limit=3)]
        self.assertEqual(sorted(every), sorted(self.conversation_ids))

    def test_the_last_page_has_no_next(self) -> None:
        page = self.client.conversations.list(self.agent.id, limit=100)
        self.assertEqual(len(page), 5)
        self.assertFalse(page.has_more)
        self.assertIsNone(page.next_cursor)
        self.assertIsNone(page.next_page())

    def test_top_level_lists_page_too(self) -> None:
        names = {f"paged definition {number}" for number in range(3)}
        for name in names:
            self.client.definitions.create(name=name, type="term", content="A term for paging.")
        listed = {definition.name for definition in paginate(self.client.definitions.list, limit=1)}
        self.assertLessEqual(names, listed)


if __name__ == "__main__":
    unittest.main()
