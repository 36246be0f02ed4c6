"""The library's functions (a placeholder: the templates are sdkgen examples; sdkgen does not run them yet)."""

import json


def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"items": []})}
