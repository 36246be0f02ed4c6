from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

__all__ = ["Greeting"]


@_dc.dataclass(kw_only=True)
class Greeting:
    """Greeting"""

    greeting: str
    resource: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "greeting",
        "resource",
        "requestId",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "greeting": "greeting",
        "resource": "resource",
        "request_id": "requestId",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["greeting"] = self.greeting
        if not isinstance(self.resource, Unset):
            out["resource"] = self.resource
        if not isinstance(self.request_id, Unset):
            out["requestId"] = self.request_id
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Greeting:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.greeting = data["greeting"]
        self.resource = data.get("resource", UNSET)
        self.request_id = data.get("requestId", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
