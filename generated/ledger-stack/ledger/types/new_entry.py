from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

__all__ = ["NewEntry", "NewEntryCurrency"]


@_dc.dataclass(kw_only=True)
class NewEntry:
    """NewEntry"""

    account_id: str
    amount: int
    currency: NewEntryCurrency | str
    memo: str | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {
        "accountId",
        "amount",
        "currency",
        "memo",
    }
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "account_id": "accountId",
        "amount": "amount",
        "currency": "currency",
        "memo": "memo",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["accountId"] = self.account_id
        out["amount"] = self.amount
        out["currency"] = str(self.currency)
        if not isinstance(self.memo, Unset):
            out["memo"] = self.memo
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> NewEntry:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.account_id = data["accountId"]
        self.amount = data["amount"]
        self.currency = NewEntryCurrency(data["currency"])
        self.memo = data.get("memo", UNSET)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self


class NewEntryCurrency(_m.OpenStrEnum):
    """NewEntryCurrency

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"
