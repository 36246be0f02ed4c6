from __future__ import annotations

import dataclasses as _dc
import typing as _t
import uuid as _uuid

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .order_item import OrderItem
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "OrderItem": ".order_item",
        },
    )

__all__ = ["Order", "OrderStatus"]


@_dc.dataclass(kw_only=True)
class Order:
    """Order"""

    id: _uuid.UUID
    status: OrderStatus | str
    items: list[OrderItem]
    note: str | None | Unset = UNSET
    total: float | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "id",
        "status",
        "items",
        "note",
        "total",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "id": "id",
        "status": "status",
        "items": "items",
        "note": "note",
        "total": "total",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["id"] = str(self.id)
        out["status"] = str(self.status)
        out["items"] = [_i0.to_dict() for _i0 in self.items]
        if not isinstance(self.note, Unset):
            out["note"] = self.note
        if not isinstance(self.total, Unset):
            out["total"] = self.total
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Order:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.id = _uuid.UUID(data["id"])
        self.status = OrderStatus(data["status"])
        self.items = _m.parse_list(data["items"], OrderItem.from_dict)
        self.note = data.get("note", UNSET)
        self.total = data.get("total", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self


class OrderStatus(_m.OpenStrEnum):
    """OrderStatus

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
