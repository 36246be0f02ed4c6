"""An account's balance (a placeholder, as entries.py)."""

import json


def handler(event, context):
    account = (event.get("pathParameters") or {}).get("accountId", "")
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"accountId": account, "currency": "EUR", "amount": 0})}
