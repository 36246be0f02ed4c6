"""Handlers the Lambda tests run in worker processes (standard library only)."""

import base64
import json
import os
import time

STARTED = time.time()  # module state: the same in every warm invocation of one worker
CALLS = {"n": 0}


def echo(event, context):
    """The event and what the context and environment said, as a 1.0 response."""
    CALLS["n"] += 1
    seen = {
        "event": event,
        "context": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_group_name": context.log_group_name,
            "log_stream_name": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
        },
        "env": {k: os.environ.get(k) for k in ("AWS_LAMBDA_FUNCTION_NAME", "_HANDLER", "AWS_REGION", "LAMBDA_TASK_ROOT",
                                              "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "GREETING", "AWS_EXECUTION_ENV", "TMPDIR")},
        "pid": os.getpid(),
        "calls": CALLS["n"],
        "cwd": os.getcwd(),
    }
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(seen)}


def boom(event, context):
    print("about to fail")
    raise ValueError("the handler failed on purpose")


def slow(event, context):
    time.sleep(float((event.get("queryStringParameters") or {}).get("s", "10")))
    return {"statusCode": 200, "body": "late"}


def returns(event, context):
    """Returns what the request body says, as JSON: a response shape under test."""
    body = event.get("body") or "null"
    return json.loads(base64.b64decode(body) if event.get("isBase64Encoded") else body)


def exits(event, context):
    os._exit(3)


def not_json(event, context):
    return {"statusCode": 200, "body": object()}


def mapped(event, context):
    """A non-proxy (aws) integration's function: the event is what the request template made; ``mode`` says what to do."""
    mode = event.get("mode") if isinstance(event, dict) else None
    if mode == "missing":
        raise LookupError(f"[NotFound] no item {event.get('id')}")
    if mode == "bad":
        raise ValueError("something else went wrong")
    if mode == "sleep":
        time.sleep(10)
    if mode == "exit":
        os._exit(4)
    return {"received": event, "arn": context.invoked_function_arn}


PIXEL = bytes(range(256))  # every byte value: what a text round trip would damage


def binary(event, context):
    """A non-proxy function answering binary: ``mode`` says in which shape it returns the base64 text."""
    encoded = base64.b64encode(PIXEL).decode("ascii")
    mode = event.get("mode") if isinstance(event, dict) else None
    if mode == "wrapped":
        return {"body": encoded, "contentType": "image/png"}
    if mode == "bad":
        return "this is not base64!"
    if mode == "received":
        return event
    return encoded


def failing(event, context):
    """A non-proxy function that fails as ``mode`` says: raises (one line or several), sleeps, exits, or succeeds."""
    mode = event.get("mode")
    if mode == "raise":
        raise ValueError("bad input")
    if mode == "multiline":
        raise ValueError("first line\nsecond line")
    if mode == "sleep":
        time.sleep(float(event.get("s") or 10))
    if mode == "exit":
        os._exit(2)
    return {"ok": True}
