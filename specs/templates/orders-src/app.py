"""The orders functions, which `sdkgen mock` runs behind the gateway (Python runtime, local CodeUri)."""

import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({})}


def _allowed(token):
    # A bearer token ending in "allowed" ("Bearer allowed", the e2e tests' "Bearer e2e-allowed") is let through.
    return isinstance(token, str) and token.startswith("Bearer ") and token.endswith("allowed")


def authorize(event, context):
    if event.get("type") == "TOKEN":  # the REST API's TOKEN authorizer: an IAM policy for the method
        effect = "Allow" if _allowed(event.get("authorizationToken")) else "Deny"
        # The whole stage, not only this method: API Gateway caches the policy per token for the other methods too.
        api, stage = event["methodArn"].split("/")[:2]
        statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": f"{api}/{stage}/*"}
        return {"principalId": "orders-user", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}
    # the HTTP API's REQUEST authorizer, payload 2.0 with simple responses
    return {"isAuthorized": _allowed((event.get("headers") or {}).get("authorization"))}
