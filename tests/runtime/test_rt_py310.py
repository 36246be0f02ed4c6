"""The runtime's Python 3.10 branch of datetime parsing, run on the 3.11 that CI has (no 3.10 here).

Python 3.10's ``datetime.fromisoformat`` refuses a trailing "Z" and fractions of other than 3 or 6 digits;
3.11 reads them itself, so ``parse_datetime``'s fallback never runs there. Here ``fromisoformat`` is replaced
by one that refuses exactly what 3.10 refuses, and the fallback must give 3.11's answers.
"""

from __future__ import annotations

import datetime
import re
import types
from types import ModuleType

import pytest

# What 3.10 accepts: date, optional time with 3 or 6 fraction digits, optional +HH:MM[:SS[.ffffff]] offset.
PY310_FORMAT = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.(?:\d{3}|\d{6}))?)?)?(?:[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{6})?)?)?)?"
)


class Py310Datetime(datetime.datetime):
    @classmethod
    def fromisoformat(cls, value: str) -> datetime.datetime:  # type: ignore[override]
        if not PY310_FORMAT.fullmatch(value):
            raise ValueError(f"Invalid isoformat string: {value!r}")
        return datetime.datetime.fromisoformat(value)


CASES = [
    "2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05z",
    "2024-01-02T03:04:05.12Z",
    "2024-01-02T03:04:05.1+02:00",
    "2024-01-02T03:04:05.1234567+00:00",
    "2024-01-02T03:04:05.123456789Z",
    "2024-01-02T03:04:05.123-05:30",
    "2024-01-02T03:04:05+00:00",
]


@pytest.mark.parametrize("text", CASES)
def test_the_310_fallback_gives_what_311_reads(rtpkg: ModuleType, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    expected = datetime.datetime.fromisoformat(text[:-1] + "Z" if text.endswith("z") else text)  # 3.11 reads "Z" only
    models = rtpkg._models
    monkeypatch.setattr(models, "datetime", types.SimpleNamespace(datetime=Py310Datetime, date=datetime.date))
    assert models.parse_datetime(text) == expected


def test_the_emulation_refuses_what_310_refuses() -> None:
    """Else the test above would not take the fallback."""
    for text in CASES[:-2]:
        with pytest.raises(ValueError):
            Py310Datetime.fromisoformat(text)
    assert Py310Datetime.fromisoformat(CASES[-1]) == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
