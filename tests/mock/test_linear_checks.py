"""Format checks and schema patterns run in time linear in the value, whatever the value: a check that
backtracks (``format: email`` on ``"a@" + "." * 40000 + " "`` took 4.8 s) freezes every other request.

Timing is compared within one run, never against a fixed limit: each checker gets long adversarial
inputs at two sizes, n and 8n, and the time for 8n must stay within a generous factor of 8 times the time
for n (a quadratic check takes 64 times as long, an exponential one never finishes).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from sdkgen.mock.authorizers import LambdaChecker, RequestView
from sdkgen.mock.validation import check_format, compile_pattern
from sdkgen.model import SecurityScheme

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
        if ratio >= FACTOR:  # measured again, longer, before it counts: a busy machine can stall one run
            ratio = _best(lambda v: check_format(fmt, v), long, 9) / max(_best(lambda v: check_format(fmt, v), short, 9), FLOOR)
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


def _token_checker(expression: str) -> LambdaChecker:
    scheme = SecurityScheme("Tokens", "lambda", authorizer="lambda_token", identity_validation=expression)
    return LambdaChecker(scheme, None, {})


def _identity_refused(checker: LambdaChecker, token: str) -> bool:
    return checker.check(RequestView({"authorization": token}, {}, {}), ()).error is not None


@pytest.mark.parametrize("expression", [r"^(a+)+$", r"(a|a)*", r"(a|aa)+", r"Bearer (\w+\s?)*"])
def test_identity_validation_expressions_run_in_linear_time(expression: str) -> None:
    # A Lambda TOKEN authorizer's identityValidationExpression reads the caller's token: under Python's re
    # these took 2^n steps for n characters (256 times as long at 20 as at 12).
    checker = _token_checker(expression)
    prefix = "Bearer " if expression.startswith("Bearer") else ""
    t_small = _best(lambda v: _identity_refused(checker, v), prefix + "a" * 12 + "!", repeat=5)
    t_large = _best(lambda v: _identity_refused(checker, v), prefix + "a" * 20 + "!", repeat=5)
    assert t_large / max(t_small, FLOOR) < 8
    long = prefix + "a" * 8_000 + "!"  # a token within API Gateway's 10 KB of headers
    assert _identity_refused(checker, long)
    ratio = _best(lambda v: _identity_refused(checker, v), long + long) / max(_best(lambda v: _identity_refused(checker, v), long), FLOOR)
    assert ratio < 6, ratio


def test_identity_validation_expressions_match_in_full() -> None:
    checker = _token_checker(r"Bearer [a-z-]+")
    assert not _identity_refused(checker, "Bearer any-token")
    for token in ("Bearer Token9", "xBearer any-token", "Bearer any-token extra", "Bearer any-token\n"):
        assert _identity_refused(checker, token), token
    lookahead = _token_checker(r"(?=.*\d)[a-z0-9]+")  # RE2 refuses lookaround: the budgeted engine, in full too
    assert not _identity_refused(lookahead, "abc1") and _identity_refused(lookahead, "abc") and _identity_refused(lookahead, "abc1!")


# Backtracking without a way out: each needs about 2^n (or fib(n)) steps for n characters, hours at 60.
_CATASTROPHIC_FALLBACKS = (r"^(?=(a|aa)+$)a", r"^(?=(\w+\s?)*$)\w", r"^(?!(a|a)*$)x", r"^((a+)+)\1$")


def test_patterns_re2_refuses_run_under_a_budget() -> None:
    # RE2 refuses lookaround and backreferences; Python's re backtracked on them without end (the server stalled).
    # In a child process, so that the old behaviour fails the test instead of hanging it.
    program = (
        "from sdkgen.mock.validation import compile_pattern\n"
        f"for p in {_CATASTROPHIC_FALLBACKS!r}:\n"
        "    for full in (False, True):\n"
        "        m = compile_pattern(p, full=full)\n"
        "        assert m is not None, p\n"
        "        assert not m.search('a' * 60 + '!'), p\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
    # ... and keep their meaning on ordinary values
    assert compile_pattern(r"^(?=(a|aa)+$)a") is not None and compile_pattern(r"^(?=(a|aa)+$)a").search("aaaa")  # type: ignore[union-attr]
