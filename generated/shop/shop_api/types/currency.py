from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["Currency"]


class Currency(_m.OpenStrEnum):
    """Currency

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"
