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
    from .types.attachment import Attachment
    from .types.error import Error
    from .types.new_note import NewNote
    from .types.note import Note
    from .types.note_list import NoteList
    from .types.post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody,
    )
    from .types.stats import Stats

SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "api_key": SecurityScheme(
        name="api_key",
        kind="api_key",
        location="header",
        param_name="x-api-key",
        credential="api_key",
    ),
    "NotesAuthorizer": SecurityScheme(
        name="NotesAuthorizer",
        kind="lambda",
        location="header",
        param_name="Authorization",
        credential="notes_authorizer",
    ),
    "sigv4": SecurityScheme(
        name="sigv4",
        kind="sigv4",
        location="header",
        param_name="Authorization",
        credential="aws",
    ),
}


def get_notes(
    *,
    q: str | None = None,
    page: int | None = None,
) -> RequestOptions[NoteList]:
    from .types.note_list import NoteList

    return RequestOptions(
        method="GET",
        path="/notes",
        parse={"200": _m.json_parser(NoteList.from_dict, "NoteList")},
        query=(("q", q), ("page", page)),
        security=(("NotesAuthorizer",),),
    )


def post_notes(
    *,
    body: NewNote | dict[str, _t.Any],
) -> RequestOptions[Note]:
    from .types.new_note import NewNote
    from .types.note import Note

    return RequestOptions(
        method="POST",
        path="/notes",
        parse={"201": _m.json_parser(Note.from_dict, "Note")},
        json_body=_m.to_json_value(body),
        security=(("NotesAuthorizer",),),
    )


def get_notes_by_note_id(
    note_id: str,
) -> RequestOptions[Note]:
    from .types.error import Error
    from .types.note import Note

    return RequestOptions(
        method="GET",
        path="/notes/{noteId}",
        parse={"200": _m.json_parser(Note.from_dict, "Note")},
        path_params={"noteId": note_id},
        security=(("NotesAuthorizer",),),
        error_models={"404": Error.from_dict},
    )


def delete_notes_by_note_id(
    note_id: str,
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="DELETE",
        path="/notes/{noteId}",
        parse={"default": _m.parse_json},
        path_params={"noteId": note_id},
        security=(("NotesAuthorizer",),),
    )


def post_notes_by_note_id_attachments(
    note_id: str,
    *,
    body: PostNotesByNoteIdAttachmentsBody | dict[str, _t.Any],
) -> RequestOptions[Attachment]:
    from .types.attachment import Attachment
    from .types.post_notes_by_note_id_attachments import (
        PostNotesByNoteIdAttachmentsBody,
    )

    return RequestOptions(
        method="POST",
        path="/notes/{noteId}/attachments",
        parse={"201": _m.json_parser(Attachment.from_dict, "Attachment")},
        path_params={"noteId": note_id},
        files=_m.form_fields(body),
        security=(("NotesAuthorizer",),),
    )


def get_files_by_proxy(
    proxy: str,
) -> RequestOptions[bytes]:
    return RequestOptions(
        method="GET",
        path="/files/{proxy+}",
        parse={"200": _m.parse_bytes},
        path_params={"proxy": proxy},
        security=(("api_key",),),
    )


def put_files_by_proxy(
    proxy: str,
    *,
    body: BinaryContent,
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method="PUT",
        path="/files/{proxy+}",
        parse={"200": _m.parse_json},
        path_params={"proxy": proxy},
        content=body,
        content_type="application/octet-stream",
        security=(("api_key",),),
    )


def any_echo(
    *,
    http_method: str = "GET",
) -> RequestOptions[_t.Any]:
    return RequestOptions(
        method=http_method,
        path="/echo",
        parse={"default": _m.parse_json},
        security=(("api_key",),),
    )


def get_admin_stats() -> RequestOptions[Stats]:
    from .types.stats import Stats

    return RequestOptions(
        method="GET",
        path="/admin/stats",
        parse={"200": _m.json_parser(Stats.from_dict, "Stats")},
        security=(("sigv4",),),
    )
