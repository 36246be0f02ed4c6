"""A Lambda REQUEST authorizer (the tenant in X-Tenant; "blocked" is denied) and the function behind it."""

import json

BLOCKED = {"blocked"}


def authorize(event, context):
    tenant = event["headers"].get("x-tenant") or event["headers"].get("X-Tenant")
    effect = "Deny" if tenant in BLOCKED else "Allow"
    # The whole API, so that the cached policy (ReauthorizeEvery) covers every method.
    api = event["methodArn"].split("/", 1)[0]
    return {
        "principalId": f"tenant-{tenant}",
        "policyDocument": {"Version": "2012-10-17",
                           "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": f"{api}/*"}]},
        "context": {"tenant": tenant},
    }


def handler(event, context):
    authorizer = event["requestContext"]["authorizer"]
    body = {"tenant": authorizer["tenant"], "principal": authorizer["principalId"]}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
