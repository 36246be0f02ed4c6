"""The synchronous client of Ledger: ``Client``, one method per operation."""

from __future__ import annotations

import typing as _t

import httpx

from . import _operations
from ._base_client import SyncAPIClient
from ._types import NOT_GIVEN, UNSET, Token

if _t.TYPE_CHECKING:
    import datetime as _dt
    import uuid as _uuid

    from ._client_raw import ClientWithRawResponse
    from ._client_streaming import ClientWithStreamingResponse
    from ._pagination import SyncPage
    from ._types import BinaryContent, FileContent, NotGiven
    from .types.balance import Balance
    from .types.entry import Entry
    from .types.entry_list import EntryList
    from .types.error import Error
    from .types.health import Health
    from .types.new_entry import NewEntry

__all__ = ["Client"]

DEFAULT_BASE_URL = "https://ledgerapi5.execute-api.us-east-1.amazonaws.com/prod"


class Client(SyncAPIClient):
    """Client for Ledger.

    ``base_url`` defaults to ``$LEDGER_BASE_URL``, then to the definition's server
    (https://ledgerapi5.execute-api.us-east-1.amazonaws.com/prod); ``api_key`` defaults to ``$LEDGER_API_KEY``.
    ``token`` is a JWT/OAuth2/Cognito token, or a callable returning one (fetched again near expiry).
    ``access_token`` (the same kinds) goes to the operations whose security names OAuth scopes (a Cognito
    access token), ``token`` to the others (an ID token); either alone goes to all.
    ``strict_response_validation=True`` raises ``APIResponseValidationError`` for a 2xx body that differs
    from the definition, instead of keeping what came where it differs.
    ``default_headers`` and ``default_query`` go with every request; ``idempotency_header="Idempotency-Key"``
    sends a key made once per call (and kept across its retries) with every POST, PUT, PATCH and DELETE,
    which lets POST and PATCH be retried on connection errors and 502/503/504 too.
    Every method also takes ``extra_headers``, ``extra_query``, ``extra_body``, ``timeout`` and
    ``idempotency_key`` for that call only.
    """

    def __init__(
        self,
        base_url: str | None = None,
        *,
        api_key: str | None = None,
        token: Token | None = None,
        access_token: Token | None = None,
        aws_access_key_id: str | None = None,
        aws_secret_access_key: str | None = None,
        aws_session_token: str | None = None,
        aws_region: str | None = None,
        max_retries: int = 3,
        timeout: float | httpx.Timeout | None = 30.0,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
        default_headers: _t.Mapping[str, str] | None = None,
        default_query: _t.Mapping[str, object] | None = None,
        idempotency_header: str | None = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            default_base_url=DEFAULT_BASE_URL,
            base_url_env="LEDGER_BASE_URL",
            api_key=api_key,
            api_key_env="LEDGER_API_KEY",
            token=token,
            access_token=access_token,
            credentials={
                "aws": (
                    aws_access_key_id,
                    aws_secret_access_key,
                    aws_session_token,
                    aws_region,
                ),
            },
            security_schemes=_operations.SECURITY_SCHEMES,
            max_retries=max_retries,
            timeout=timeout,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            default_query=default_query,
            idempotency_header=idempotency_header,
        )

    @property
    def with_raw_response(self) -> ClientWithRawResponse:
        """The same operations, returning the raw response (status, headers) with a ``parse()`` method."""
        from ._client_raw import ClientWithRawResponse

        return ClientWithRawResponse(self)

    @property
    def with_streaming_response(self) -> ClientWithStreamingResponse:
        """The same operations, as context managers: the response is read only when asked (``iter_bytes()``, ``parse()``, ...)."""
        from ._client_streaming import ClientWithStreamingResponse

        return ClientWithStreamingResponse(self)

    def get_balance(
        self,
        account_id: str,
        *,
        x_ledger_currency: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Balance:
        """GET /accounts/{accountId}/balance"""
        return self._call(
            _operations.get_balance(account_id, x_ledger_currency=x_ledger_currency),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def list_entries(
        self,
        *,
        limit: str | None = None,
        cursor: str | None = None,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> SyncPage[Entry, EntryList]:
        """GET /entries"""
        return self._paginate(
            _operations.list_entries(limit=limit, cursor=cursor),
            style="token",
            items="items",
            items_wire="items",
            next_field="nextCursor",
            request_param="cursor",
            request_in="query",
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def add_entry(
        self,
        *,
        body: NewEntry | dict[str, _t.Any],
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Entry:
        """POST /entries"""
        return self._call(
            _operations.add_entry(body=body),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def get_entry(
        self,
        entry_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Entry:
        """GET /entries/{entryId}"""
        return self._call(
            _operations.get_entry(entry_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def delete_entry(
        self,
        entry_id: str,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> None:
        """DELETE /entries/{entryId}"""
        return self._call(
            _operations.delete_entry(entry_id),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )

    def health(
        self,
        *,
        extra_headers: _t.Mapping[str, str] | None = None,
        extra_query: _t.Mapping[str, object] | None = None,
        extra_body: object | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = NOT_GIVEN,
        idempotency_key: str | None = None,
    ) -> Health:
        """GET /health"""
        return self._call(
            _operations.health(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            idempotency_key=idempotency_key,
        )
