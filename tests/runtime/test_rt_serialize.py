"""UNSET, and how Python values become path segments, query strings, headers and JSON."""

from __future__ import annotations

import copy
import datetime
import enum
import pickle
import uuid
from types import ModuleType
from typing import Any

import pytest


class Colour(enum.Enum):
    RED = "red"


class Size(enum.IntEnum):
    LARGE = 3


class Model:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
ID = uuid.UUID("0b6c5a47-5d8e-4c8c-9a53-5b8f3d2f2f10")


def test_unset_is_a_falsy_singleton_that_survives_copies(rtpkg: ModuleType) -> None:
    unset = rtpkg._types.UNSET
    assert rtpkg._types.Unset() is unset
    assert not unset and repr(unset) == "UNSET"
    assert copy.copy(unset) is unset and copy.deepcopy({"a": unset})["a"] is unset
    assert pickle.loads(pickle.dumps(unset)) is unset


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (Colour.RED, "red"),
        (Size.LARGE, "3"),
        (datetime.date(2025, 1, 31), "2025-01-31"),
        (WHEN, "2024-05-06T07:08:09+00:00"),
        (ID, "0b6c5a47-5d8e-4c8c-9a53-5b8f3d2f2f10"),
        (1.5, "1.5"),
    ],
)
def test_to_text(rtpkg: ModuleType, value: Any, text: str) -> None:
    assert rtpkg._serialize.to_text(value) == text


def test_to_jsonable_converts_models_and_drops_unset(rtpkg: ModuleType) -> None:
    unset = rtpkg._types.UNSET
    value = {
        "model": Model({"colour": Colour.RED, "gone": unset, "none": None}),
        "when": WHEN,
        "day": datetime.date(2025, 1, 31),
        "id": ID,
        "list": [Size.LARGE, (1, 2)],
        Colour.RED: "enum key",
        "gone": unset,
        "flag": True,
    }
    assert rtpkg._base_client.to_jsonable(value) == {
        "model": {"colour": "red", "none": None},
        "when": "2024-05-06T07:08:09+00:00",
        "day": "2025-01-31",
        "id": str(ID),
        "list": [3, [1, 2]],
        "red": "enum key",
        "flag": True,
    }


def test_to_jsonable_refuses_what_json_cannot_hold(rtpkg: ModuleType) -> None:
    with pytest.raises(TypeError, match="object"):
        rtpkg._serialize.to_jsonable(object())


def test_path_parameters_are_one_encoded_segment(rtpkg: ModuleType) -> None:
    build = rtpkg._serialize.build_path
    assert build("/items/{itemId}", {"itemId": "a/b c?"}) == "/items/a%2Fb%20c%3F"
    assert build("/n/{n}/{flag}", {"n": 5, "flag": False}) == "/n/5/false"
    assert build("/c/{c}", {"c": Colour.RED}) == "/c/red"


def test_greedy_path_parameter_keeps_its_slashes(rtpkg: ModuleType) -> None:
    build = rtpkg._serialize.build_path
    assert build("/files/{proxy+}", {"proxy": "a b/c.txt"}) == "/files/a%20b/c.txt"
    assert build("/files/{proxy+}", {"proxy+": "x/y"}) == "/files/x/y"


@pytest.mark.parametrize("value", [None, "", "UNSET"])
def test_missing_or_empty_path_parameter_is_refused(
    rtpkg: ModuleType, value: Any
) -> None:
    if value == "UNSET":
        value = rtpkg._types.UNSET
    with pytest.raises(ValueError, match="itemId"):
        rtpkg._serialize.build_path("/items/{itemId}", {"itemId": value})


@pytest.mark.parametrize(
    ("base", "path", "url"),
    [
        ("https://h.example/prod", "/items", "https://h.example/prod/items"),
        ("https://h.example/prod/", "/items", "https://h.example/prod/items"),
        ("https://h.example/prod", "items", "https://h.example/prod/items"),
        ("https://h.example", "/items", "https://h.example/items"),
        ("https://h.example/", "/", "https://h.example/"),
    ],
)
def test_join_url(rtpkg: ModuleType, base: str, path: str, url: str) -> None:
    assert rtpkg._serialize.join_url(base, path) == url


def test_query_encoding(rtpkg: ModuleType) -> None:
    query = rtpkg._serialize.encode_query(
        [
            ("tags", ["a", "b c"]),
            ("gone", rtpkg._types.UNSET),
            ("null", None),
            ("inStock", False),
            ("colour", Colour.RED),
            ("day", datetime.date(2025, 1, 31)),
            ("id", ID),
            ("plus", "1+1=2&"),
        ]
    )
    assert query == (
        "tags=a&tags=b%20c&inStock=false&colour=red&day=2025-01-31"
        f"&id={ID}&plus=1%2B1%3D2%26"
    )


def test_header_values(rtpkg: ModuleType) -> None:
    headers = rtpkg._serialize.header_items(
        {"X-List": ["a", 2, True], "X-Gone": None, "X-Empty": [], "X-When": WHEN}
    )
    assert headers == {"X-List": "a,2,true", "X-When": "2024-05-06T07:08:09+00:00"}
