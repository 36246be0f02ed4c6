"""Handlers the DefinitionUri fixture's routes name: they say what they were given."""

import json
import os


def _answer(event, context, **extra):
    body = {
        "function": context.function_name,
        "greeting": os.environ.get("GREETING"),
        "table": (event.get("stageVariables") or {}).get("table"),
        "stage": event["requestContext"]["stage"],
        **extra,
    }
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def get_todo(event, context):
    authorizer = event["requestContext"].get("authorizer") or {}
    return _answer(event, context, id=(event.get("pathParameters") or {}).get("id"), principal=authorizer.get("principalId"))


def list_todos(event, context):
    return _answer(event, context)
