"""Request builders: one function per operation, shared by the sync and async clients."""

from __future__ import annotations

import typing as _t

from . import _models as _m
from ._auth import SecurityScheme
from ._base_client import RequestOptions
from ._types import UNSET

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._types import BinaryContent, FileContent
    from .types.error import Error
    from .types.greet import GreetLang
    from .types.greeting import Greeting
    from .types.tally import Tally
    from .types.tally_request import TallyRequest

SECURITY_SCHEMES: dict[str, SecurityScheme] = {}


def greet(
    name: str,
    *,
    lang: GreetLang | str | None = None,
) -> RequestOptions[Greeting]:
    from .types.error import Error
    from .types.greet import GreetLang
    from .types.greeting import Greeting

    return RequestOptions(
        method="GET",
        path="/greetings/{name}",
        parse={"200": _m.json_parser(Greeting.from_dict, "Greeting")},
        path_params={"name": name},
        query=(("lang", lang),),
        error_models={"404": Error.from_dict},
    )


def tally(
    *,
    body: TallyRequest | dict[str, _t.Any],
) -> RequestOptions[Tally]:
    from .types.error import Error
    from .types.tally import Tally
    from .types.tally_request import TallyRequest

    return RequestOptions(
        method="POST",
        path="/tally",
        parse={"200": _m.json_parser(Tally.from_dict, "Tally")},
        json_body=_m.to_json_value(body),
        error_models={"400": Error.from_dict},
    )
