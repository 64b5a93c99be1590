from __future__ import annotations

from typing import Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import Datastore, Deleted
from ._base import Resource


class Datastores(Resource):
    """``/v1/datastores``: collections of documents agents answer from once connected to them."""

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Datastore]:
        return self._page(Datastore, "/datastores", limit, cursor)

    def create(self, name: str, description: str = OMIT, public: bool = OMIT) -> Datastore:
        """``public``: visitors may open cited documents' original files (kept only while true)."""
        body = fields(name=name, description=description, public=public)
        return self._call(Datastore, "POST", "/datastores", body)

    def get(self, datastore_id: str) -> Datastore:
        return self._call(Datastore, "GET", path_of("/datastores/{}", datastore_id))

    def update(
        self, datastore_id: str, name: str = OMIT, description: str = OMIT, public: bool = OMIT
    ) -> Datastore:
        body = fields(name=name, description=description, public=public)
        return self._call(Datastore, "PATCH", path_of("/datastores/{}", datastore_id), body)

    def delete(self, datastore_id: str) -> Deleted:
        """Deletes its documents too; it is disconnected from every agent."""
        return self._call(Deleted, "DELETE", path_of("/datastores/{}", datastore_id))
