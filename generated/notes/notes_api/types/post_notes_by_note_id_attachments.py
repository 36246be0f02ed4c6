from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset
from .._types import FileContent

__all__ = ["PostNotesByNoteIdAttachmentsBody"]


@_dc.dataclass(kw_only=True)
class PostNotesByNoteIdAttachmentsBody:
    """PostNotesByNoteIdAttachmentsBody"""

    file: FileContent
    caption: str | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"file", "caption"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {"file": "file", "caption": "caption"}

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["file"] = self.file
        if not isinstance(self.caption, Unset):
            out["caption"] = self.caption
        return out

    @classmethod
    def from_dict(
        cls,
        data: _t.Mapping[str, _t.Any],
    ) -> PostNotesByNoteIdAttachmentsBody:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.file = data["file"]
        self.caption = data.get("caption", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
