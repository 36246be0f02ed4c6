"""A module whose import fails, as a handler with a missing dependency does on Lambda."""

import json

raise RuntimeError("cannot reach the configuration at import time")


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({})}
