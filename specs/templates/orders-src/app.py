"""The orders functions (a placeholder: the templates are sdkgen examples; sdkgen does not run them yet)."""

import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({})}


def authorize(event, context):
    return {"isAuthorized": event.get("headers", {}).get("authorization") == "Bearer allowed"}
