from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .note import Note
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Note": ".note",
        },
    )

__all__ = ["NoteList"]


@_dc.dataclass(kw_only=True)
class NoteList:
    """NoteList"""

    items: list[Note] | Unset = UNSET
    next_page: int | None | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"items", "nextPage"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "items": "items",
        "next_page": "nextPage",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        if not isinstance(self.items, Unset):
            out["items"] = [_i1.to_dict() for _i1 in self.items]
        if not isinstance(self.next_page, Unset):
            out["nextPage"] = self.next_page
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> NoteList:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.items = _m.optional(
            data, "items", lambda _x0: _m.parse_list(_x0, Note.from_dict)
        )
        self.next_page = data.get("nextPage", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
