from __future__ import annotations

import typing as _t

from .. import _models as _m

__all__ = ["GreetLang"]


class GreetLang(_m.OpenStrEnum):
    """GreetLang

    Values the definition does not list are accepted too, as members named ``UNKNOWN``.
    """

    EN = "en"
    FR = "fr"
