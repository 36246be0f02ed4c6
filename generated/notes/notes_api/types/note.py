from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .attachment import Attachment
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Attachment": ".attachment",
        },
    )

__all__ = ["Note"]


@_dc.dataclass(kw_only=True)
class Note:
    """Note"""

    note_id: str
    title: str
    body: str | Unset = UNSET
    pinned: bool | Unset = UNSET
    updated_at: _dt.datetime | Unset = UNSET
    attachments: list[Attachment] | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "noteId",
        "title",
        "body",
        "pinned",
        "updatedAt",
        "attachments",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "note_id": "noteId",
        "title": "title",
        "body": "body",
        "pinned": "pinned",
        "updated_at": "updatedAt",
        "attachments": "attachments",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["noteId"] = self.note_id
        out["title"] = self.title
        if not isinstance(self.body, Unset):
            out["body"] = self.body
        if not isinstance(self.pinned, Unset):
            out["pinned"] = self.pinned
        if not isinstance(self.updated_at, Unset):
            out["updatedAt"] = self.updated_at.isoformat()
        if not isinstance(self.attachments, Unset):
            out["attachments"] = [_i1.to_dict() for _i1 in self.attachments]
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Note:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.note_id = data["noteId"]
        self.title = data["title"]
        self.body = data.get("body", UNSET)
        self.pinned = data.get("pinned", UNSET)
        self.updated_at = _m.optional(data, "updatedAt", _m.parse_datetime)
        self.attachments = _m.optional(
            data, "attachments", lambda _x0: _m.parse_list(_x0, Attachment.from_dict)
        )
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
