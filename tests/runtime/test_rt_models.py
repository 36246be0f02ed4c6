"""The helpers generated models and operations call: dates, open enums, unions,
parsers and form fields."""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any

import httpx
import pytest

UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-05-06T07:08:09Z", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
        (
            "2024-05-06T07:08:09.12Z",
            datetime.datetime(2024, 5, 6, 7, 8, 9, 120000, tzinfo=UTC),
        ),
        (
            "2024-05-06T07:08:09.1234567+02:00",
            datetime.datetime(
                2024,
                5,
                6,
                7,
                8,
                9,
                123456,
                tzinfo=datetime.timezone(datetime.timedelta(hours=2)),
            ),
        ),
        ("2024-05-06T07:08:09", datetime.datetime(2024, 5, 6, 7, 8, 9)),
    ],
)
def test_parse_datetime(rtpkg: ModuleType, text: str, value: datetime.datetime) -> None:
    assert rtpkg._models.parse_datetime(text) == value


def test_parse_date(rtpkg: ModuleType) -> None:
    assert rtpkg._models.parse_date("2025-01-31") == datetime.date(2025, 1, 31)


def test_open_enums_accept_unlisted_values(rtpkg: ModuleType) -> None:
    class Status(rtpkg._models.OpenStrEnum):  # type: ignore[misc,name-defined]
        FRESH = "fresh"

    class Priority(rtpkg._models.OpenIntEnum):  # type: ignore[misc,name-defined]
        LOW = 1

    assert Status("fresh") is Status.FRESH
    frozen = Status("frozen")
    assert frozen == "frozen" and frozen.name == "UNKNOWN" and str(frozen) == "frozen"
    assert Priority(9) == 9 and Priority(9).name == "UNKNOWN"
    with pytest.raises(ValueError):
        Status(3)
    with pytest.raises(ValueError):
        Priority("9")


def test_parse_union_takes_the_first_variant_that_fits(rtpkg: ModuleType) -> None:
    m = rtpkg._models

    def needs_a(value: Any) -> str:
        return f"A:{value['a']}"

    parsers = (needs_a, lambda v: f"obj:{sorted(v)}", lambda v: f"int:{v}")
    accepts = (m.is_object, m.is_object, m.is_int)
    assert m.parse_union({"a": 1}, parsers, accepts) == "A:1"
    assert m.parse_union({"b": 1}, parsers, accepts) == "obj:['b']"
    assert m.parse_union(3, parsers, accepts) == "int:3"
    assert m.parse_union(True, parsers, accepts) is True  # a bool is no int here


def test_parse_discriminated(rtpkg: ModuleType) -> None:
    mapping = {"square": lambda v: ("square", v["side"])}
    parse = rtpkg._models.parse_discriminated
    assert parse({"kind": "square", "side": 2}, "kind", mapping, repr) == ("square", 2)
    assert parse({"kind": "blob"}, "kind", mapping, lambda v: "fallback") == "fallback"


def test_response_parsers(rtpkg: ModuleType) -> None:
    m = rtpkg._models
    response = httpx.Response(200, json={"n": 2})
    assert m.json_parser(lambda v: v["n"] * 2)(response) == 4
    assert m.parse_json(httpx.Response(204)) is None
    assert m.parse_none(response) is None
    assert m.parse_bytes(httpx.Response(200, content=b"\x00")) == b"\x00"
    assert m.parse_text(httpx.Response(200, text="hé")) == "hé"


def test_form_fields_drop_unset(rtpkg: ModuleType) -> None:
    unset = rtpkg._types.UNSET

    class Body:
        def to_dict(self) -> dict[str, Any]:
            return {"caption": "hi", "file": ("a.png", b"x"), "gone": unset}

    assert rtpkg._models.form_fields(Body()) == {
        "caption": "hi",
        "file": ("a.png", b"x"),
    }
    assert rtpkg._models.form_fields({"a": None, "b": unset}) == {"a": None}


def test_lazy_model_imports_on_first_use_and_steps_aside(rtpkg: ModuleType) -> None:
    """A model's stand-in for a class it refers to: imported when first used, then
    replaced by the class itself in the namespace that named it."""
    namespace: dict[str, Any] = {"__package__": "rtpkg"}
    rtpkg._models.lazy_models(namespace, {"RetryPolicy": "._retry"})
    stand_in = namespace["RetryPolicy"]
    assert "RetryPolicy" in repr(stand_in) and "._retry" in repr(stand_in)
    assert stand_in.should_retry is rtpkg._retry.RetryPolicy.should_retry
    assert namespace["RetryPolicy"] is rtpkg._retry.RetryPolicy
    # Called (an enum is called with its value): the same, through __call__.
    other: dict[str, Any] = {"__package__": "rtpkg"}
    rtpkg._models.lazy_models(other, {"Unset": "._types", "UNSET": "._types"})
    assert set(other) == {"__package__", "Unset", "UNSET"}
    assert other["Unset"]() is rtpkg._types.UNSET
    assert other["Unset"] is rtpkg._types.Unset


def test_lazy_model_of_a_missing_class_raises(rtpkg: ModuleType) -> None:
    namespace: dict[str, Any] = {"__package__": "rtpkg"}
    rtpkg._models.lazy_models(namespace, {"Nope": "._types", "X": "._no_such_module"})
    with pytest.raises(AttributeError):
        namespace["Nope"].from_dict({})
    with pytest.raises(ModuleNotFoundError):
        namespace["X"].from_dict({})
