from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["ItemKind"]


class ItemKind(_m.OpenStrEnum):
    """ItemKind

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    BOOK = "book"
    FILM = "film"
