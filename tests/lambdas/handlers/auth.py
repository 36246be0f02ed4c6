"""Lambda authorizers for the tests: the token (or the X-Tenant header) says what to answer."""

CALLS = {"n": 0}


def _policy(effect, resource):
    return {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}


def _answer(identity, arn):
    CALLS["n"] += 1
    if identity == "unauthorized":
        raise Exception("Unauthorized")
    if identity == "broken":
        raise ValueError("the authorizer failed")
    if identity == "deny":
        return {"principalId": "denied-user", "policyDocument": _policy("Deny", arn)}
    if identity == "elsewhere":
        return {"principalId": "u", "policyDocument": _policy("Allow", arn.rsplit("/", 3)[0] + "/POST/*")}
    if identity == "nested":
        return {"principalId": "u", "policyDocument": _policy("Allow", "*"), "context": {"o": {"a": 1}}}
    return {
        "principalId": f"user-{identity}",
        "policyDocument": _policy("Allow", arn),  # this method only: a cached policy does not cover another one
        "context": {"tenant": identity, "calls": CALLS["n"], "admin": False},
        "usageIdentifierKey": "plan-key-0123456789abcdef" if identity == "metered" else None,
    }


def token(event, context):
    return _answer(event["authorizationToken"], event["methodArn"])


def request(event, context):
    return _answer(event["headers"].get("x-tenant"), event["methodArn"])


def simple(event, context):
    CALLS["n"] += 1
    tenant = event["headers"].get("x-tenant")
    return {"isAuthorized": tenant not in ("deny", None), "context": {"tenant": tenant, "calls": CALLS["n"], "nested": {"ok": True}}}
