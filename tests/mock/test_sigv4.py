"""IAM (SigV4) verification: AWS's published test vectors, requests signed by sdkgen's own client runtime, and tampering."""

from __future__ import annotations

import datetime
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from gateway_helpers import client_for
from gateway_specs import IAM_API

from sdkgen.mock import ConfigError, create_app, load_config, sigv4
from sdkgen.mock.server import ServerThread

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.datetime(2024, 5, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
AKID, SECRET = "AKIDMOCK0123456789", "mock-secret/abc+def"
IAM = {"iam": {"access_key_id": AKID, "secret_access_key": SECRET}}


def _runtime_signer() -> ModuleType:
    # The signer generated clients ship (templates/runtime/_sigv4.py): the mock must accept what they send.
    spec = importlib.util.spec_from_file_location("sdkgen_runtime_sigv4", ROOT / "templates" / "runtime" / "_sigv4.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


runtime = _runtime_signer()


def iam_client(config: dict[str, Any] | None = None) -> httpx.AsyncClient:
    app = create_app(IAM_API, IAM if config is None else config, wall_clock=lambda: NOW)
    client = client_for(app)
    client.app = app  # type: ignore[attr-defined]
    return client


def signed(request: httpx.Request, *, key: str = AKID, secret: str = SECRET, token: str | None = None,
           region: str = "eu-west-1", service: str = "execute-api", now: datetime.datetime = NOW) -> httpx.Request:  # fmt: skip
    runtime.sign(request, runtime.AwsCredentials(key, secret, token), region=region, service=service, now=now)
    return request


# -- the algorithm -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # AWS's SigV4 test suite: get-vanilla and get-vanilla-query-order-key-case (service "service", us-east-1).
        ("", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        ("Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    ],
)
def test_aws_test_vectors(query: str, expected: str) -> None:
    request = sigv4.SignedRequest("GET", "/", query, [(b"Host", b"example.amazonaws.com"), (b"X-Amz-Date", b"20150830T123600Z")], b"")
    creq = sigv4.canonical_request(request, ["host", "x-amz-date"])
    assert sigv4.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830T123600Z", "us-east-1", "service", creq) == expected
    assert sigv4.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", "20150830T123600Z", "us-east-1", "service", creq) != expected


# -- in process ----------------------------------------------------------------------------------


async def test_requests_signed_by_the_client_runtime_pass() -> None:
    client = iam_client()
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a%20b%2Fc", params={"q": "x y", "z": "1"})))
    assert r.status_code == 200 and r.json() == {"n": 1}
    assert client.app.records[-1].principal == AKID
    r = await client.send(signed(client.build_request("POST", "/prod/notes", json={"text": "hello"})))
    assert r.status_code == 201


async def test_missing_signature_is_missing_authentication_token() -> None:
    r = await iam_client().get("/prod/stats/a")
    assert r.status_code == 403
    assert r.json() == {"message": "Missing Authentication Token"}
    assert r.headers["x-amzn-errortype"] == "MissingAuthenticationTokenException"


async def test_wrong_secret_gets_the_signature_mismatch_with_the_canonical_request() -> None:
    client = iam_client()
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a", params={"q": "1"}), secret="not-the-secret"))
    assert r.status_code == 403
    assert r.headers["x-amzn-errortype"] == "InvalidSignatureException"
    message = r.json()["message"]
    assert message.startswith("The request signature we calculated does not match the signature you provided.")
    assert "The Canonical String for this request should have been\n'GET\n/prod/stats/a\nq=1\nhost:mock\n" in message
    assert "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20240501T120000Z\n20240501/eu-west-1/execute-api/aws4_request\n" in message


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r.headers.__setitem__("content-type", "text/plain"),  # a signed header
        lambda r: setattr(r, "url", r.url.copy_with(query=b"q=2")),  # the query
        lambda r: setattr(r, "url", r.url.copy_with(path="/prod/stats/b")),  # the path
    ],
)
async def test_anything_signed_changed_after_signing_fails(tamper: Any) -> None:
    client = iam_client()
    request = signed(client.build_request("GET", "/prod/stats/a", params={"q": "1"}, headers={"content-type": "application/json"}))
    tamper(request)
    r = await client.send(request)
    assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "InvalidSignatureException"


async def test_a_changed_body_fails() -> None:
    client = iam_client()
    request = signed(client.build_request("POST", "/prod/notes", json={"text": "hello"}))
    forged = client.build_request("POST", "/prod/notes", content=b'{"text":"HELLO"}', headers=dict(request.headers))
    r = await client.send(forged)
    assert r.status_code == 403 and r.json()["message"].startswith("The request signature we calculated does not match")
    assert (await client.send(request)).status_code == 201


@pytest.mark.parametrize(
    ("options", "status_message", "error_type"),
    [
        ({"key": "AKIDUNKNOWN"}, "The security token included in the request is invalid.", "UnrecognizedClientException"),
        ({"token": "some-session-token"}, "The security token included in the request is invalid.", "UnrecognizedClientException"),
        ({"now": NOW - datetime.timedelta(minutes=6)},
         "Signature expired: 20240501T115400Z is now earlier than 20240501T115500Z (20240501T120000Z - 5 min.)", "InvalidSignatureException"),
        ({"now": NOW + datetime.timedelta(minutes=6)},
         "Signature not yet current: 20240501T120600Z is still later than 20240501T120500Z (20240501T120000Z + 5 min.)",
         "InvalidSignatureException"),
        ({"service": "s3"}, "Credential should be scoped to correct service: 'execute-api'. ", "InvalidSignatureException"),
    ],
)  # fmt: skip
async def test_refusals(options: dict[str, Any], status_message: str, error_type: str) -> None:
    client = iam_client()
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), **options))
    assert r.status_code == 403
    assert r.json() == {"message": status_message}
    assert r.headers["x-amzn-errortype"] == error_type


async def test_four_minutes_of_clock_skew_still_pass() -> None:
    client = iam_client()
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), now=NOW - datetime.timedelta(minutes=4)))
    assert r.status_code == 200


async def test_session_token_and_region_when_configured() -> None:
    config = {"iam": [{"access_key_id": "ASIATEMP", "secret_access_key": "temp-secret", "session_token": "tok-1", "region": "eu-west-1"},
                      {"access_key_id": AKID, "secret_access_key": SECRET}]}  # fmt: skip
    client = iam_client(config)
    good = {"key": "ASIATEMP", "secret": "temp-secret", "token": "tok-1"}
    assert (await client.send(signed(client.build_request("GET", "/prod/stats/a"), **good))).status_code == 200
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), **{**good, "token": "tok-2"}))
    assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "UnrecognizedClientException"
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), **{**good, "token": None}))
    assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "UnrecognizedClientException"
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), **good, region="us-east-1"))
    assert r.status_code == 403 and r.json() == {"message": "Credential should be scoped to a valid region, not 'us-east-1'. "}
    # The second identity has no region restriction.
    assert (await client.send(signed(client.build_request("GET", "/prod/stats/a"), region="us-east-1"))).status_code == 200


async def test_host_must_be_signed() -> None:
    client = iam_client()
    request = signed(client.build_request("GET", "/prod/stats/a"))
    request.headers["Authorization"] = request.headers["Authorization"].replace("SignedHeaders=host;", "SignedHeaders=")
    r = await client.send(request)
    assert r.status_code == 403
    assert r.json() == {"message": "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."}
    assert r.headers["x-amzn-errortype"] == "IncompleteSignatureException"


async def test_without_iam_credentials_only_the_form_is_checked() -> None:
    client = iam_client({})
    r = await client.send(signed(client.build_request("GET", "/prod/stats/a"), secret="anything", key="AKIDANY"))
    assert r.status_code == 200
    r = await client.get("/prod/stats/a", headers={"Authorization": "AWS4-HMAC-SHA256 Credential=x"})
    assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "IncompleteSignatureException"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"iam": {"access_key_id": "A"}}, "iam.secret_access_key: required"),
        ({"iam": [{"access_key_id": "A", "secret_access_key": "s"}, {"access_key_id": "A", "secret_access_key": "t"}]},
         "iam[1].access_key_id: the access key id 'A' is listed twice"),
        ({"iam": [{"access_key_id": "A", "secret_access_key": "s", "secret": 1}]}, "iam[0].secret: unknown key"),
        ({"iam": "AKID:secret"}, "iam: expected a mapping or a list of mappings, got a string"),
        ({"iam": {"access_key_id": 5, "secret_access_key": "s"}}, "iam.access_key_id: expected a string, got an integer"),
    ],
)  # fmt: skip
def test_iam_config_errors_are_located(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(data)
    assert str(info.value).startswith(message), str(info.value)


# -- over a real server ------------------------------------------------------------------------------


def test_real_server_verifies_signatures() -> None:
    app = create_app(IAM_API, IAM)
    with ServerThread(app, max_seconds=60) as url, httpx.Client(base_url=url, timeout=5) as client:
        now = datetime.datetime.now(datetime.timezone.utc)
        r = client.send(signed(client.build_request("POST", "/prod/notes", json={"a": 1}), now=now))
        assert r.status_code == 201, r.text
        r = client.send(signed(client.build_request("POST", "/prod/notes", json={"a": 1}), secret="wrong", now=now))
        assert r.status_code == 403 and r.headers["x-amzn-errortype"] == "InvalidSignatureException"
        r = client.post("/prod/notes", json={"a": 1})
        assert r.status_code == 403 and r.json() == {"message": "Missing Authentication Token"}
