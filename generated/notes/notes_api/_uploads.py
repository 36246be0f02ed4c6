"""Files sent as multipart parts or as a whole binary body, streamed.

A path is opened when the call starts and closed when it ends; an open file is read in
chunks from where it stands, never whole. Before a retry each is rewound to where it
started. One that cannot be rewound (a pipe, a socket) once read stops the retries: the
error is raised rather than the request sent again with an empty or partial body.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import IO, Any

__all__ = ["Upload", "is_stream", "prepare_content", "prepare_files"]

CHUNK_SIZE = 64 * 1024


def is_stream(value: Any) -> bool:
    """A path or an open binary file (anything with ``read``), as opposed to bytes."""
    return isinstance(value, os.PathLike) or (
        not isinstance(value, (bytes, bytearray, str)) and hasattr(value, "read")
    )


class Upload:
    """A read-only view of a file from where it stood when the call started: what
    httpx reads, in chunks. ``seek`` and ``tell`` count from that start, so that httpx
    measures the part (Content-Length) and rewinds it as it does a file."""

    def __init__(self, source: os.PathLike[str] | IO[bytes]) -> None:
        self._owned = isinstance(source, os.PathLike)
        if isinstance(source, os.PathLike):
            self.file: IO[bytes] = open(
                source, "rb"
            )  # noqa: SIM115 - closed by close()
        else:
            if isinstance(source, io.TextIOBase):
                raise TypeError("a file to upload must be opened in binary mode ('rb')")
            self.file = source
        self.name = os.path.basename(str(getattr(self.file, "name", "") or "upload"))
        self._read = 0
        self.length: int | None = None
        self._start: int | None = None
        try:
            if self.file.seekable():
                self._start = self.file.tell()
                self.length = self._size() - self._start
        except (OSError, ValueError, AttributeError):
            self._start = None

    def _size(self) -> int:
        try:
            info = os.fstat(self.file.fileno())
            if stat.S_ISREG(info.st_mode):
                return info.st_size
        except (OSError, ValueError, AttributeError):
            pass
        # Not a plain file (io.BytesIO, a wrapper): its end, then back.
        here = self.file.tell()
        end = self.file.seek(0, os.SEEK_END)
        self.file.seek(here)
        return end

    @property
    def rewindable(self) -> bool:
        """Whether it can be sent (again) from its start."""
        return self._start is not None or self._read == 0

    def rewind(self) -> None:
        if self._start is not None:
            self.file.seek(self._start)
            self._read = 0
        elif self._read:
            raise io.UnsupportedOperation(
                "the file to upload cannot be rewound to be sent again"
            )

    def read(self, size: int = -1) -> bytes:
        if self.length is not None:
            left = self.length - self._read
            size = left if size < 0 else min(size, left)
        data = self.file.read(size)
        self._read += len(data)
        return data

    def tell(self) -> int:
        if self._start is None:
            raise io.UnsupportedOperation("not seekable")
        return self._read

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if self._start is None or self.length is None:
            if offset == 0 and whence == os.SEEK_SET and self._read == 0:
                return 0  # already at its start
            raise io.UnsupportedOperation("not seekable")
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._read, os.SEEK_END: self.length}
        where = max(0, min(self.length, base[whence] + offset))
        self.file.seek(self._start + where)
        self._read = where
        return where

    def __iter__(self) -> Iterator[bytes]:
        chunk = self.read(CHUNK_SIZE)
        while chunk:
            yield chunk
            chunk = self.read(CHUNK_SIZE)

    async def aiter(self) -> AsyncIterator[bytes]:
        # Read synchronously, as httpx reads a multipart file in the async client too.
        for chunk in self:
            yield chunk

    def close(self) -> None:
        if self._owned:
            self.file.close()


def _file(value: Any, uploads: list[Upload]) -> Any:
    """A file value with every path and open file made an Upload (added to
    ``uploads``), its filename kept or taken from the file."""
    if isinstance(value, tuple) and len(value) in (2, 3) and is_stream(value[1]):
        upload = Upload(value[1])
        uploads.append(upload)
        return (value[0], upload, *value[2:])
    if is_stream(value):
        upload = Upload(value)
        uploads.append(upload)
        return (upload.name, upload)
    return value


def prepare_files(fields: Mapping[str, Any], uploads: list[Upload]) -> dict[str, Any]:
    """Multipart fields with their paths and open files as Uploads. On failure the
    Uploads made so far are in ``uploads``, for the caller to close."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, list):
            out[name] = [_file(item, uploads) for item in value]
        else:
            out[name] = _file(value, uploads)
    return out


def prepare_content(value: Any, uploads: list[Upload]) -> Any:
    """A whole binary body: a path or open file as an Upload, bytes as they are."""
    if is_stream(value):
        upload = Upload(value)
        uploads.append(upload)
        return upload
    return value
