from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
import typing as _t
import uuid as _uuid

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .item_kind import ItemKind
    from .money import Money
    from .rating import Rating
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "ItemKind": ".item_kind",
            "Money": ".money",
            "Rating": ".rating",
        },
    )

__all__ = ["BaseItem"]


@_dc.dataclass(kw_only=True)
class BaseItem:
    """BaseItem"""

    id: _uuid.UUID
    kind: ItemKind | str
    title: str
    price: Money | Unset = UNSET
    rating: Rating | int | Unset = UNSET
    published_on: _dt.date | Unset = UNSET
    updated_at: _dt.datetime | Unset = UNSET
    subtitle: str | None | Unset = UNSET
    counters: dict[str, int] | Unset = UNSET
    """Named counts."""
    metadata: dict[str, _t.Any] | Unset = UNSET
    """Free-form data."""
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "id",
        "kind",
        "title",
        "price",
        "rating",
        "publishedOn",
        "updatedAt",
        "subtitle",
        "counters",
        "metadata",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "id": "id",
        "kind": "kind",
        "title": "title",
        "price": "price",
        "rating": "rating",
        "published_on": "publishedOn",
        "updated_at": "updatedAt",
        "subtitle": "subtitle",
        "counters": "counters",
        "metadata": "metadata",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["id"] = str(self.id)
        out["kind"] = str(self.kind)
        out["title"] = self.title
        if not isinstance(self.price, Unset):
            out["price"] = self.price.to_dict()
        if not isinstance(self.rating, Unset):
            out["rating"] = int(self.rating)
        if not isinstance(self.published_on, Unset):
            out["publishedOn"] = self.published_on.isoformat()
        if not isinstance(self.updated_at, Unset):
            out["updatedAt"] = self.updated_at.isoformat()
        if not isinstance(self.subtitle, Unset):
            out["subtitle"] = self.subtitle
        if not isinstance(self.counters, Unset):
            out["counters"] = self.counters
        if not isinstance(self.metadata, Unset):
            out["metadata"] = self.metadata
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> BaseItem:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.id = _uuid.UUID(data["id"])
        self.kind = ItemKind(data["kind"])
        self.title = data["title"]
        self.price = _m.optional(data, "price", Money.from_dict)
        self.rating = _m.optional(data, "rating", Rating)
        self.published_on = _m.optional(data, "publishedOn", _m.parse_date)
        self.updated_at = _m.optional(data, "updatedAt", _m.parse_datetime)
        self.subtitle = data.get("subtitle", UNSET)
        self.counters = data.get("counters", UNSET)
        self.metadata = data.get("metadata", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
