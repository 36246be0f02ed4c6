"""Format checks and schema patterns run in time linear in the value, whatever the value: a check that
backtracks (``format: email`` on ``"a@" + "." * 40000 + " "`` took 4.8 s) freezes every other request.

Timing is compared within one run, never against a fixed limit: each checker gets long adversarial
inputs at two sizes, n and 8n, and the time for 8n must stay within a generous factor of 8 times the time
for n (a quadratic check takes 64 times as long, an exponential one never finishes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from sdkgen.mock.validation import check_format, compile_pattern

FORMATS = ("email", "hostname", "uri", "url", "date-time", "date", "uuid", "ipv4", "ipv6", "byte")
# Characters that matter to some format: its separators, classes and padding.
ALPHABET = ("a", "A", "1", ".", "@", ":", "-", "=", "/", " ", "é")
# Starts that get a checker past its first test, so that the long run reaches the expensive part.
PREFIXES = ("", "a@", "a@b", "a:", "2024-01-01T00:00:00.", "2001:db8::", "12345678-")
SUFFIXES = ("", "!", " ", "Z", "@")
SMALL, LARGE = 4_000, 32_000
FACTOR = 3 * (LARGE // SMALL)  # linear: ~8; quadratic: 64
FLOOR = 20e-6  # below 20 µs a measurement is mostly noise: ratios are taken from there


def _best(check: Callable[[str], object], value: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        check(value)
        best = min(best, time.perf_counter() - start)
    return best


def _inputs(n: int) -> list[str]:
    return [prefix + char * n + suffix for prefix in PREFIXES for char in ALPHABET for suffix in SUFFIXES]


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_checks_scale_linearly(fmt: str) -> None:
    small, large = _inputs(SMALL), _inputs(LARGE)
    worst: tuple[float, str] = (0.0, "")
    for short, long in zip(small, large):
        t_small = _best(lambda v: check_format(fmt, v), short)
        t_large = _best(lambda v: check_format(fmt, v), long)
        ratio = t_large / max(t_small, FLOOR)
        worst = max(worst, (ratio, repr(long[:40])))
    assert worst[0] < FACTOR, f"{fmt}: {worst[1]}... took {worst[0]:.0f}x as long at 8x the length"


def test_the_reported_email_is_refused_and_checked_linearly() -> None:
    value = "a@" + "." * 40_000 + " "
    assert check_format("email", value) is False
    ratio = _best(lambda v: check_format("email", v), "a@" + "." * 80_000 + " ") / max(_best(lambda v: check_format("email", v), value), FLOOR)
    assert ratio < 6, ratio


@pytest.mark.parametrize(
    "pattern",
    [r"^(a+)+$", r"^(a|a)*$", r"^(a|aa)+$", r"^(\w+\s?)*$", r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}[a-z]{2,3}$"],
)
def test_catastrophic_patterns_scale_linearly(pattern: str) -> None:
    # Exponential under a backtracking engine: 2^12 steps at 12 characters, 2^20 (256 times more) at 20.
    matcher = compile_pattern(pattern)
    assert matcher is not None
    t_small = _best(matcher.search, "a" * 12 + "!", repeat=5)
    t_large = _best(matcher.search, "a" * 20 + "!", repeat=5)
    assert t_large / max(t_small, FLOOR) < 8
    long = "a" * 40_000 + "!"
    ratio = _best(matcher.search, long + long) / max(_best(matcher.search, long), FLOOR)
    assert ratio < 6, ratio


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (r"^[A-Z]{3}-\d{4}$", "ABC-1234", "ABC-1234\n"),  # ECMA-262's $ is the end, never before a final newline
        (r"\d+", "a1", "٣"),  # ECMA-262's \d is ASCII
        (r"^(?=.*\d)(?=.*[a-z]).{8,}$", "abcdefg1", "abcdefgh"),  # lookahead: RE2 refuses it, re checks it
        (r"^(\w)\1$", "aa", "ab"),  # a backreference, likewise
    ],
)
def test_patterns_keep_their_meaning(pattern: str, good: str, bad: str) -> None:
    matcher = compile_pattern(pattern)
    assert matcher is not None
    assert matcher.search(good) and not matcher.search(bad)


def test_format_checks_keep_their_meaning() -> None:
    valid = {
        "email": ["a@b.c", "first.last+tag@example.co.uk"],
        "hostname": ["example.com", "a", "a-b.c" + ".d" * 100],
        "uri": ["https://example.com/x?y", "urn:isbn:0451450523"],
        "date-time": ["2024-01-01T00:00:00Z", "2024-01-01t00:00:00.123+02:00"],
        "date": ["2024-02-29"],
        "uuid": ["123e4567-e89b-12d3-a456-426614174000"],
        "ipv4": ["192.0.2.1"],
        "ipv6": ["2001:db8::1", "::ffff:192.0.2.1"],
        "byte": ["", "QQ==", "QUI=", "QUJD"],
    }
    invalid = {
        "email": ["a@b", "@b.c", "a@.c", "a@b.", "a@@b.c", "a b@c.d", "a@b.c\n"],
        "hostname": ["-a.com", "a..b", "a" * 64, "a." * 127 + "ab", "a_b"],
        "uri": ["no-scheme", "1a:b", "a:", "a:b c"],
        "date-time": ["2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z"],
        "date": ["2024-02-30", "20240101", "2024-01-01T00:00:00Z"],
        "uuid": ["123e4567e89b12d3a456426614174000", "x" * 36],
        "ipv4": ["256.0.0.1", "1.2.3"],
        "ipv6": ["1::2::3", "g::1"],
        "byte": ["Q", "QQ=", "QQ===", "Q===", "QUJ!", "=QQQ"],
    }
    for fmt, values in valid.items():
        for value in values:
            assert check_format(fmt, value), (fmt, value)
    for fmt, values in invalid.items():
        for value in values:
            assert not check_format(fmt, value), (fmt, value)
