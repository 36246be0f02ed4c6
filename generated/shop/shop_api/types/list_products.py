from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["ListProductsCategory"]


class ListProductsCategory(_m.OpenStrEnum):
    """ListProductsCategory

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    BOOKS = "books"
    KITCHEN = "kitchen"
    GARDEN = "garden"
