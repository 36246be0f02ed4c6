from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

__all__ = ["Status"]


@_dc.dataclass(kw_only=True)
class Status:
    """A status report; `message` and `load` are null when there is nothing to say."""

    service: str
    healthy: bool
    message: str | None | Unset = UNSET
    load: float | None | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "service",
        "healthy",
        "message",
        "load",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "service": "service",
        "healthy": "healthy",
        "message": "message",
        "load": "load",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["service"] = self.service
        out["healthy"] = self.healthy
        if not isinstance(self.message, Unset):
            out["message"] = self.message
        if not isinstance(self.load, Unset):
            out["load"] = self.load
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Status:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.service = data["service"]
        self.healthy = data["healthy"]
        self.message = data.get("message", UNSET)
        self.load = data.get("load", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
