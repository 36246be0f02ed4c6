from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .order import Order
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Order": ".order",
        },
    )

__all__ = ["SearchOrdersBody", "SearchOrdersResponse"]


@_dc.dataclass(kw_only=True)
class SearchOrdersBody:
    """SearchOrdersBody"""

    status: str | Unset = UNSET
    exclusive_start_key: dict[str, _t.Any] | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"status", "ExclusiveStartKey"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "status": "status",
        "exclusive_start_key": "ExclusiveStartKey",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        if not isinstance(self.status, Unset):
            out["status"] = self.status
        if not isinstance(self.exclusive_start_key, Unset):
            out["ExclusiveStartKey"] = self.exclusive_start_key
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> SearchOrdersBody:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.status = data.get("status", UNSET)
        self.exclusive_start_key = data.get("ExclusiveStartKey", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self


@_dc.dataclass(kw_only=True)
class SearchOrdersResponse:
    """SearchOrdersResponse"""

    items: list[Order]
    last_evaluated_key: dict[str, _t.Any] | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"Items", "LastEvaluatedKey"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "items": "Items",
        "last_evaluated_key": "LastEvaluatedKey",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["Items"] = [_i0.to_dict() for _i0 in self.items]
        if not isinstance(self.last_evaluated_key, Unset):
            out["LastEvaluatedKey"] = self.last_evaluated_key
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> SearchOrdersResponse:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.items = _m.parse_list(data["Items"], Order.from_dict)
        self.last_evaluated_key = data.get("LastEvaluatedKey", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
