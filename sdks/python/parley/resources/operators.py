from __future__ import annotations

from typing import Optional

from .._omit import OMIT, fields
from .._transport import path_of
from ..pagination import Page
from ..types import CreatedInvite, Deleted, Operator
from ._base import Resource


class Operators(Resource):
    """The console's accounts (``/v1/operators``): owners, admins and support staff (``agent``)."""

    def list(self, limit: Optional[int] = None, cursor: Optional[str] = None) -> Page[Operator]:
        return self._page(Operator, "/operators", limit, cursor)

    def invite(self, email: str, role: str) -> CreatedInvite:
        """An invite link (shown once) for ``email`` with ``role`` (``owner``, ``admin`` or ``agent``)."""
        return self._call(CreatedInvite, "POST", "/operators/invites", {"email": email, "role": role})

    def update(
        self, operator_id: str, role: Optional[str] = OMIT, name: Optional[str] = OMIT
    ) -> Operator:
        return self._call(Operator, "PATCH", path_of("/operators/{}", operator_id), fields(role=role, name=name))

    def delete(self, operator_id: str) -> Deleted:
        return self._call(Deleted, "DELETE", path_of("/operators/{}", operator_id))
