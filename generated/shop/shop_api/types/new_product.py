from __future__ import annotations

import dataclasses as _dc
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

__all__ = ["NewProduct"]


@_dc.dataclass(kw_only=True)
class NewProduct:
    """NewProduct"""

    name: str
    price: float
    currency: Currency | str
    tags: list[str] | Unset = UNSET
    in_stock: bool | Unset = UNSET
    class_: str | Unset = UNSET
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "name": "name",
        "price": "price",
        "currency": "currency",
        "tags": "tags",
        "in_stock": "in-stock",
        "class_": "class",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = {}
        out["name"] = self.name
        out["price"] = self.price
        out["currency"] = str(self.currency)
        if not isinstance(self.tags, Unset):
            out["tags"] = self.tags
        if not isinstance(self.in_stock, Unset):
            out["in-stock"] = self.in_stock
        if not isinstance(self.class_, Unset):
            out["class"] = self.class_
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> NewProduct:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.name = data["name"]
        self.price = data["price"]
        self.currency = Currency(data["currency"])
        self.tags = data.get("tags", UNSET)
        self.in_stock = data.get("in-stock", UNSET)
        self.class_ = data.get("class", UNSET)
        return self
