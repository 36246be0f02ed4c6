from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["Rating"]


class Rating(_m.OpenIntEnum):
    """Stars, 1 to 5.

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3
    VALUE_4 = 4
    VALUE_5 = 5
