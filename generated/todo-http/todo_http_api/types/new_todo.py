from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
import typing as _t

from .. import _models as _m
from .._types import UNSET, Unset

if _t.TYPE_CHECKING:
    from .priority import Priority
else:
    # Imported when from_dict first needs them (models may refer to each other).
    _m.lazy_models(
        globals(),
        {
            "Priority": ".priority",
        },
    )

__all__ = ["NewTodo"]


@_dc.dataclass(kw_only=True)
class NewTodo:
    """NewTodo"""

    title: str
    due_date: _dt.date | Unset = UNSET
    priority: Priority | int | Unset = UNSET
    additional_properties: dict[str, _t.Any] = _dc.field(default_factory=dict)
    """Properties the definition does not name, kept as they came."""
    _WIRE_NAMES: _t.ClassVar[_t.AbstractSet[str]] = {"title", "dueDate", "priority"}
    _WIRE: _t.ClassVar[_t.Mapping[str, str]] = {
        "title": "title",
        "due_date": "dueDate",
        "priority": "priority",
    }

    def to_dict(self) -> dict[str, _t.Any]:
        """This model as JSON-compatible data with wire names; unset fields left out."""
        if _m.LENIENT in self.__dict__:
            return _m.lenient_to_dict(self)
        out: dict[str, _t.Any] = dict(self.additional_properties)
        out["title"] = self.title
        if not isinstance(self.due_date, Unset):
            out["dueDate"] = self.due_date.isoformat()
        if not isinstance(self.priority, Unset):
            out["priority"] = int(self.priority)
        return out

    @classmethod
    def from_dict(cls, data: _t.Mapping[str, _t.Any]) -> NewTodo:
        """Build the model from decoded JSON; missing optional fields stay ``UNSET``.

        Every field is set here without calling ``__init__`` (which costs more).
        """
        self = object.__new__(cls)
        self.title = data["title"]
        self.due_date = _m.optional(data, "dueDate", _m.parse_date)
        self.priority = _m.optional(data, "priority", Priority)
        self.additional_properties = _m.additional_properties(data, cls._WIRE_NAMES)
        return self
