from __future__ import annotations

import dataclasses as _dc
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .person import Person
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Person": ".person",
        },
    )

__all__ = ["Company"]


@_dc.dataclass(kw_only=True)
class Company:
    """Company"""

    company_name: str
    employees: list[Person] | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"companyName", "employees"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "company_name": "companyName",
        "employees": "employees",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["companyName"] = self.company_name
        if not isinstance(self.employees, Unset):
            out["employees"] = [_i1.to_dict() for _i1 in self.employees]
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> Company:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.company_name = data["companyName"]
        self.employees = _m.optional(
            data, "employees", lambda _x0: _m.parse_list(_x0, Person.from_dict)
        )
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
