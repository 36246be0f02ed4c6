"""Who is calling: the Cognito authorizer's claims, as API Gateway passes them to the function."""

import json


def handler(event, context):
    claims = event["requestContext"]["authorizer"]["claims"]
    body = {"sub": claims["sub"], "email": claims.get("email", ""), "function": context.function_name}
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
