from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .book import Book
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Book": ".book",
        },
    )

__all__ = ["BookList"]


@_dc.dataclass(kw_only=True)
class BookList:
    """BookList"""

    items: list[Book]
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"items"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {"items": "items"}

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["items"] = [_i0.to_dict() for _i0 in self.items]
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> BookList:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.items = _m.parse_list(data["items"], Book.from_dict)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
