from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["Priority"]


class Priority(_m.OpenIntEnum):
    """Priority

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3
