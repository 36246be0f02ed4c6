from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .currency import Currency
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Currency": ".currency",
        },
    )

__all__ = ["Product"]


@_dc.dataclass(kw_only=True)
class Product:
    """Product"""

    id: str
    name: str
    price: float
    currency: Currency | str
    created_at: _dt.datetime | Unset = UNSET
    tags: list[str] | Unset = UNSET
    in_stock: bool | Unset = UNSET
    class_: str | Unset = UNSET
    """Tax class."""
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "id",
        "name",
        "price",
        "currency",
        "createdAt",
        "tags",
        "in-stock",
        "class",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "id": "id",
        "name": "name",
        "price": "price",
        "currency": "currency",
        "created_at": "createdAt",
        "tags": "tags",
        "in_stock": "in-stock",
        "class_": "class",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["id"] = self.id
        out["name"] = self.name
        out["price"] = self.price
        out["currency"] = str(self.currency)
        if not isinstance(self.created_at, Unset):
            out["createdAt"] = self.created_at.isoformat()
        if not isinstance(self.tags, Unset):
            out["tags"] = self.tags
        if not isinstance(self.in_stock, Unset):
            out["in-stock"] = self.in_stock
        if not isinstance(self.class_, Unset):
            out["class"] = self.class_
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Product:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.id = data["id"]
        self.name = data["name"]
        self.price = data["price"]
        self.currency = Currency(data["currency"])
        self.created_at = _m.optional(data, "createdAt", _m.parse_datetime)
        self.tags = data.get("tags", UNSET)
        self.in_stock = data.get("in-stock", UNSET)
        self.class_ = data.get("class", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
