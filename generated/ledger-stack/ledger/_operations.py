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
    from .types.balance import Balance
    from .types.entry import Entry
    from .types.entry_list import EntryList
    from .types.error import Error
    from .types.health import Health
    from .types.new_entry import NewEntry

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "LedgerStackLedgerAuthorizer6A8C0E2F": SecurityScheme(
        name="LedgerStackLedgerAuthorizer6A8C0E2F",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="token",
    ),
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "sigv4": SecurityScheme(
        name="sigv4",
        kind="sigv4",
        location="header",
        param_name="Authorization",
        credential="aws",
    ),
    "LedgerStackLedgerAuthorizer6A8C0E2F:access": SecurityScheme(
        name="LedgerStackLedgerAuthorizer6A8C0E2F",
        kind="raw_token",
        location="header",
        param_name="Authorization",
        credential="access_token",
    ),
}


def get_balance(
    account_id: str,
    *,
    x_ledger_currency: str | None = None,
) -> RequestOptions[Balance]:
    from .types.balance import Balance

    return RequestOptions(
        method="GET",
        path="/accounts/{accountId}/balance",
        parse={"200": _m.json_parser(Balance.from_dict, "Balance")},
        path_params={"accountId": account_id},
        headers={"X-Ledger-Currency": x_ledger_currency},
        security=(("sigv4",),),
    )


def list_entries(
    *,
    limit: str | None = None,
    cursor: str | None = None,
) -> RequestOptions[EntryList]:
    from .types.entry import Entry
    from .types.entry_list import EntryList

    return RequestOptions(
        method="GET",
        path="/entries",
        parse={"200": _m.json_parser(EntryList.from_dict, "EntryList")},
        query=(("limit", limit), ("cursor", cursor)),
        security=(("LedgerStackLedgerAuthorizer6A8C0E2F:access",),),
    )


def add_entry(
    *,
    body: NewEntry | dict[str, _t.Any],
) -> RequestOptions[Entry]:
    from .types.entry import Entry
    from .types.error import Error
    from .types.new_entry import NewEntry

    return RequestOptions(
        method="POST",
        path="/entries",
        parse={"201": _m.json_parser(Entry.from_dict, "Entry")},
        json_body=_m.to_json_value(body),
        security=(("LedgerStackLedgerAuthorizer6A8C0E2F:access", "api_key"),),
        error_models={"400": Error.from_dict},
    )


def get_entry(
    entry_id: str,
) -> RequestOptions[Entry]:
    from .types.entry import Entry
    from .types.error import Error

    return RequestOptions(
        method="GET",
        path="/entries/{entryId}",
        parse={"200": _m.json_parser(Entry.from_dict, "Entry")},
        path_params={"entryId": entry_id},
        security=(("LedgerStackLedgerAuthorizer6A8C0E2F",),),
        error_models={"404": Error.from_dict},
    )


def delete_entry(
    entry_id: str,
) -> RequestOptions[None]:
    return RequestOptions(
        method="DELETE",
        path="/entries/{entryId}",
        parse={"204": _m.parse_none},
        path_params={"entryId": entry_id},
        security=(("LedgerStackLedgerAuthorizer6A8C0E2F:access", "api_key"),),
    )


def health() -> RequestOptions[Health]:
    from .types.health import Health

    return RequestOptions(
        method="GET",
        path="/health",
        parse={"200": _m.json_parser(Health.from_dict, "Health")},
    )
