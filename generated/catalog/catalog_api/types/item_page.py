from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .book import Book
    from .film import Film
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Book": ".book",
            "Film": ".film",
        },
    )

__all__ = ["ItemPage"]


@_dc.dataclass(kw_only=True)
class ItemPage:
    """ItemPage"""

    items: list[Book | Film]
    next: str | None | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"items", "next"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {"items": "items", "next": "next"}

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["items"] = [_m.to_json_value(_i2) for _i2 in self.items]
        if not isinstance(self.next, Unset):
            out["next"] = self.next
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> ItemPage:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.items = _m.parse_list(
            data["items"],
            lambda _x0: _m.parse_discriminated(
                _x0,
                "kind",
                {"book": Book.from_dict, "film": Film.from_dict},
                lambda _u1: _m.parse_union(
                    _u1, (Book.from_dict, Film.from_dict), (_m.is_object, _m.is_object)
                ),
            ),
        )
        self.next = data.get("next", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
