from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["OrderStatus"]


class OrderStatus(_m.OpenStrEnum):
    """OrderStatus

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"
