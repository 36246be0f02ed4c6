from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

__all__ = ["Category"]


@_dc.dataclass(kw_only=True)
class Category:
    """Category"""

    name: str
    children: list[Category] | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"name", "children"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {"name": "name", "children": "children"}

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["name"] = self.name
        if not isinstance(self.children, Unset):
            out["children"] = [_i1.to_dict() for _i1 in self.children]
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Category:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.name = data["name"]
        self.children = _m.optional(
            data, "children", lambda _x0: _m.parse_list(_x0, Category.from_dict)
        )
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
