"""SigV4 against AWS's published test suite (aws-sig-v4-test-suite), and the parts that
are specific to execute-api: double-encoded paths and the region of the host."""

from __future__ import annotations

import datetime
from types import ModuleType

import httpx
import pytest

# The test suite's credentials, time, region and service.
ACCESS_KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
AT = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)
HOST = "https://example.amazonaws.com"
STS_TOKEN = (
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAe"
    "MicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phU"
    "ZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38x"
    "Vqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2"
    "ICCR/oLxBA=="
)
UNRESERVED = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

VECTORS = [
    # name, method, url, headers, body, session token, signed headers, signature
    (
        "get-vanilla",
        "GET",
        "/",
        {},
        b"",
        None,
        "host;x-amz-date",
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    ),
    (
        "post-vanilla",
        "POST",
        "/",
        {},
        b"",
        None,
        "host;x-amz-date",
        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    ),
    (
        "get-vanilla-query-order-key-case",
        "GET",
        "/?Param2=value2&Param1=value1",
        {},
        b"",
        None,
        "host;x-amz-date",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
    ),
    (
        "get-vanilla-query-unreserved",
        "GET",
        f"/?{UNRESERVED}={UNRESERVED}",
        {},
        b"",
        None,
        "host;x-amz-date",
        "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
    ),
    (
        "get-vanilla-utf8-query",
        "GET",
        "/?\u1234=bar",
        {},
        b"",
        None,
        "host;x-amz-date",
        "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
    ),
    (
        "post-vanilla-query",
        "POST",
        "/?Param1=value1",
        {},
        b"",
        None,
        "host;x-amz-date",
        "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
    ),
    (
        "post-x-www-form-urlencoded",
        "POST",
        "/",
        {"Content-Type": "application/x-www-form-urlencoded"},
        b"Param1=value1",
        None,
        "content-type;host;x-amz-date",
        "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
    ),
    (
        "post-sts-header-before",
        "POST",
        "/",
        {},
        b"",
        STS_TOKEN,
        "host;x-amz-date;x-amz-security-token",
        "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
    ),
]


@pytest.mark.parametrize(
    ("method", "target", "headers", "body", "token", "signed", "signature"),
    [vector[1:] for vector in VECTORS],
    ids=[vector[0] for vector in VECTORS],
)
def test_aws_test_suite_vectors(
    rtpkg: ModuleType,
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes,
    token: str | None,
    signed: str,
    signature: str,
) -> None:
    request = httpx.Request(method, HOST + target, headers=headers, content=body)
    credentials = rtpkg._sigv4.AwsCredentials(ACCESS_KEY, SECRET, token)
    rtpkg._sigv4.sign(
        request, credentials, service="service", region="us-east-1", now=AT
    )
    assert request.headers["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        f"SignedHeaders={signed}, Signature={signature}"
    )
    assert request.headers["X-Amz-Date"] == "20150830T123600Z"
    if token:
        assert request.headers["X-Amz-Security-Token"] == token


def test_get_vanilla_canonical_request(rtpkg: ModuleType) -> None:
    request = httpx.Request(
        "GET", HOST + "/", headers={"X-Amz-Date": "20150830T123600Z"}
    )
    names = rtpkg._sigv4.signed_header_names(request.headers)
    assert rtpkg._sigv4.canonical_request(request, names, b"") == (
        "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        "host;x-amz-date\n"
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_path_segments_are_encoded_twice_for_execute_api(rtpkg: ModuleType) -> None:
    canonical = rtpkg._sigv4.canonical_uri
    assert canonical("/prod/files/a%20b") == "/prod/files/a%2520b"
    assert canonical("/prod/items/a%2Fb") == "/prod/items/a%252Fb"
    assert canonical("/prod/items/plain-~_.") == "/prod/items/plain-~_."
    assert canonical("") == "/"


def test_headers_that_change_in_transit_are_not_signed(rtpkg: ModuleType) -> None:
    request = httpx.Request(
        "POST",
        HOST + "/",
        headers={
            "User-Agent": "x",
            "Content-Type": "application/json",
            "X-Amz-Target": "t",
        },
        content=b"{}",
    )
    credentials = rtpkg._sigv4.AwsCredentials(ACCESS_KEY, SECRET)
    rtpkg._sigv4.sign(request, credentials, now=AT)
    assert "SignedHeaders=content-type;host;x-amz-date;x-amz-target," in (
        request.headers["Authorization"]
    )


def test_multipart_bodies_are_hashed(rtpkg: ModuleType) -> None:
    def signature(content: bytes) -> str:
        # A fixed boundary, so that the same content makes the same body.
        fixed = {"Content-Type": "multipart/form-data; boundary=fixed"}
        request = httpx.Request(
            "POST", HOST + "/", headers=fixed, files={"f": ("a.txt", content)}
        )
        credentials = rtpkg._sigv4.AwsCredentials(ACCESS_KEY, SECRET)
        rtpkg._sigv4.sign(request, credentials, now=AT)
        assert request.content  # still sendable after being read for the hash
        return str(request.headers["Authorization"])

    assert signature(b"one") == signature(b"one")
    assert signature(b"one") != signature(b"two")


@pytest.mark.parametrize(
    ("host", "region"),
    [
        ("abc123.execute-api.eu-west-2.amazonaws.com", "eu-west-2"),
        ("abc123.execute-api.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("api.example.com", None),
        ("execute-api.us-east-1.amazonaws.com.evil.example", None),
    ],
)
def test_region_from_host(rtpkg: ModuleType, host: str, region: str | None) -> None:
    assert rtpkg._sigv4.region_from_host(host) == region


def scope_region(rtpkg: ModuleType, url: str, region: str | None = None) -> str:
    request = httpx.Request("GET", url)
    credentials = rtpkg._sigv4.AwsCredentials(ACCESS_KEY, SECRET, None, region)
    rtpkg._sigv4.sign(request, credentials, now=AT)
    authorization: str = request.headers["Authorization"]
    return authorization.split("/")[2]


def test_region_choice(rtpkg: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    api = "https://abc123.execute-api.ap-south-1.amazonaws.com/prod/x"
    custom = "https://api.example.com/x"
    assert scope_region(rtpkg, custom) == "us-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    assert scope_region(rtpkg, custom) == "eu-central-1"
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    assert scope_region(rtpkg, custom) == "eu-north-1"
    assert scope_region(rtpkg, api) == "ap-south-1"  # the host beats the environment
    assert scope_region(rtpkg, api, region="us-west-2") == "us-west-2"


def test_credentials_from(rtpkg: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    make = rtpkg._sigv4.credentials_from
    assert make(None) is None
    assert make(("k", "s")) == rtpkg._sigv4.AwsCredentials("k", "s")
    full = make({"access_key_id": "k", "secret_access_key": "s", "region": "eu-west-1"})
    assert full.region == "eu-west-1" and full.session_token is None
    with pytest.raises(ValueError):
        make((None, "s"))
    with pytest.raises(TypeError):
        make("k:s")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "envk")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "envs")
    assert make((None, None, None, "sa-east-1")) == rtpkg._sigv4.AwsCredentials(
        "envk", "envs", None, "sa-east-1"
    )


def test_signing_again_replaces_the_previous_signature(rtpkg: ModuleType) -> None:
    request = httpx.Request("GET", HOST + "/")
    sigv4 = rtpkg._sigv4
    sigv4.sign(request, sigv4.AwsCredentials("AKIDOLD", SECRET, "old-session"), now=AT)
    later = AT + datetime.timedelta(minutes=1)
    sigv4.sign(request, sigv4.AwsCredentials(ACCESS_KEY, SECRET), now=later)
    assert request.headers.get_list("X-Amz-Date") == ["20150830T123700Z"]
    assert "X-Amz-Security-Token" not in request.headers
    (authorization,) = request.headers.get_list("Authorization")
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "SignedHeaders=host;x-amz-date," in authorization
