"""Functions that fail, to show what API Gateway answers then."""

import time


def fail(event, context):
    raise RuntimeError("the database is on fire")


def slow(event, context):
    time.sleep(3)  # beyond the function's Timeout of 1 s: Lambda stops it, API Gateway answers 502
    return {"statusCode": 200, "body": "too late"}
