"""A REQUEST authorizer: the X-Tenant header says who; "deny" is denied."""


def handler(event, context):
    tenant = event["headers"].get("x-tenant") or event["headers"].get("X-Tenant")
    effect = "Deny" if tenant == "deny" else "Allow"
    statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}
    return {"principalId": f"user-{tenant}", "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}
