"""CloudFormation intrinsic functions resolved offline: parameters, pseudo parameters, conditions, mappings,
and resources' ``Ref`` / ``Fn::GetAtt`` values in the shapes AWS gives them (a function's ARN names the function).

What cannot be known offline (``Fn::ImportValue``, unknown resources, macros) becomes a readable placeholder
and a located warning: the caller always gets plain data back.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import pointer_join

DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"


class _NoValue:
    """``Ref: AWS::NoValue``: the property or list item is removed."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()
_SUB = re.compile(r"\$\{([^}]*)\}")
# What a resource's own name looks like when CloudFormation makes one up (the random suffix left out).
_NAMED_BY = {
    "AWS::Lambda::Function": "FunctionName", "AWS::Serverless::Function": "FunctionName", "AWS::IAM::Role": "RoleName",
    "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName", "AWS::DynamoDB::Table": "TableName",
    "AWS::Serverless::SimpleTable": "TableName", "AWS::S3::Bucket": "BucketName", "AWS::Cognito::UserPool": "UserPoolName",
    "AWS::StepFunctions::StateMachine": "StateMachineName", "AWS::Serverless::StateMachine": "Name",
    "AWS::ApiGateway::Model": "Name",  # a model's Ref is its name
    "AWS::ApiGateway::Stage": "StageName", "AWS::ApiGatewayV2::Stage": "StageName",  # so is a stage's
}  # fmt: skip
FUNCTION_TYPES = frozenset({"AWS::Lambda::Function", "AWS::Serverless::Function"})
# What a resource's Ref ("Ref") and attributes give, per type, in AWS's shapes (``{name}`` is its name as above,
# ``{pool}`` a user pool's id, ``{api}`` an API's id). A type not here gives its name, or ``stack-LogicalId``.
_FUNCTION = {"Arn": "arn:{partition}:lambda:{region}:{account}:function:{name}"}
_STATES = {"Ref": "arn:{partition}:states:{region}:{account}:stateMachine:{name}"}
_TABLE = {"Arn": "arn:{partition}:dynamodb:{region}:{account}:table/{name}"}
_REST = {"Ref": "{api}", "RootResourceId": "root"}
_QUEUE_URL = "https://sqs.{region}.{url_suffix}/{account}/{name}"
_SHAPES: dict[str, dict[str, str]] = {
    "AWS::Lambda::Function": _FUNCTION, "AWS::Serverless::Function": _FUNCTION,
    "AWS::Cognito::UserPool": {
        "Ref": "{pool}", "UserPoolId": "{pool}", "Arn": "arn:{partition}:cognito-idp:{region}:{account}:userpool/{pool}",
        "ProviderName": "cognito-idp.{region}.{url_suffix}/{pool}", "ProviderURL": "https://cognito-idp.{region}.{url_suffix}/{pool}",
    },
    "AWS::IAM::Role": {"Arn": "arn:{partition}:iam::{account}:role/{name}"},
    "AWS::SQS::Queue": {"Ref": _QUEUE_URL, "QueueUrl": _QUEUE_URL, "Arn": "arn:{partition}:sqs:{region}:{account}:{name}"},
    "AWS::SNS::Topic": {"Ref": "arn:{partition}:sns:{region}:{account}:{name}"},
    "AWS::StepFunctions::StateMachine": _STATES, "AWS::Serverless::StateMachine": _STATES,
    "AWS::DynamoDB::Table": _TABLE, "AWS::Serverless::SimpleTable": _TABLE,
    "AWS::S3::Bucket": {"Arn": "arn:{partition}:s3:::{name}"},
    "AWS::ApiGateway::RestApi": _REST, "AWS::Serverless::Api": _REST,
    "AWS::ApiGatewayV2::Api": {"Ref": "{api}", "ApiEndpoint": "https://{api}.execute-api.{region}.{url_suffix}"},
    "AWS::Serverless::HttpApi": {"Ref": "{api}"},
}  # fmt: skip


@dataclass
class Pseudo:
    """The pseudo parameters: the stack's place in an account, as the user says or these defaults."""

    region: str = DEFAULT_REGION
    account: str = DEFAULT_ACCOUNT
    stack_name: str = "sdkgen-stack"

    @property
    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    @property
    def url_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    def values(self) -> dict[str, Any]:
        return {
            "AWS::Region": self.region, "AWS::AccountId": self.account, "AWS::StackName": self.stack_name,
            "AWS::Partition": self.partition, "AWS::URLSuffix": self.url_suffix, "AWS::NotificationARNs": [],
            "AWS::StackId": f"arn:{self.partition}:cloudformation:{self.region}:{self.account}:stack/{self.stack_name}/"
            "00000000-0000-0000-0000-000000000000",
        }  # fmt: skip


Warn = Callable[[str, str], None]  # (template pointer, message)


@dataclass
class Resolver:
    """Resolves intrinsics against one template. ``warn`` receives what had to be replaced by a placeholder."""

    template: dict[str, Any]
    parameters: dict[str, Any]
    pseudo: Pseudo
    warn: Warn
    include: Callable[[str, str], Any] | None = None  # (location, pointer) -> the loaded AWS::Include snippet
    notes: dict[str, str] = field(default_factory=dict)  # parameter -> the warning its placeholder value deserves
    _conditions: dict[str, bool] = field(default_factory=dict)
    _evaluating: set[str] = field(default_factory=set)
    _including: set[str] = field(default_factory=set)

    @property
    def resources(self) -> dict[str, Any]:
        resources = self.template.get("Resources")
        return resources if isinstance(resources, dict) else {}

    # -- values -------------------------------------------------------------------------------------

    def resolve(self, value: Any, pointer: str) -> Any:
        """``value`` with every intrinsic replaced; ``NO_VALUE`` if it is ``Ref: AWS::NoValue``."""
        if isinstance(value, list):
            items = (self.resolve(item, f"{pointer}/{i}") for i, item in enumerate(value))
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            (key, argument), = value.items()
            if key == "Ref" or (isinstance(key, str) and key.startswith("Fn::")):
                return self._function(key, argument, pointer_join(pointer, key))
        resolved = {}
        for key, item in value.items():
            result = self.resolve(item, pointer_join(pointer, str(key)))
            if result is not NO_VALUE:
                resolved[key] = result
        return resolved

    def _function(self, name: str, argument: Any, pointer: str) -> Any:
        handler = getattr(self, "_fn_" + name.removeprefix("Fn::").lower(), None)
        if handler is None:
            self.warn(pointer, f"{name} is not an intrinsic function sdkgen knows; its argument is kept as it is")
            return self.resolve(argument, pointer)
        return handler(argument, pointer)

    def text(self, value: Any, pointer: str) -> str:
        """A resolved value used as a string (a list joins with commas, as CloudFormation shows it)."""
        resolved = self.resolve(value, pointer)
        if isinstance(resolved, list):
            return ",".join(str(item) for item in resolved)
        if isinstance(resolved, bool):
            return "true" if resolved else "false"
        return "" if resolved is NO_VALUE or resolved is None else str(resolved)

    def _fn_ref(self, name: Any, pointer: str) -> Any:
        name = self.text(name, pointer)
        if name == "AWS::NoValue":
            return NO_VALUE
        pseudo = self.pseudo.values()
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            if name in self.notes:
                self.warn(pointer, self.notes[name])
            return self.parameters[name]
        resource = self.resources.get(name)
        if isinstance(resource, dict):
            return self._physical_ref(name, resource)
        self.warn(pointer, f"Ref {name!r} names no parameter or resource of the template; placeholder {name!r} used")
        return name

    def _fn_getatt(self, argument: Any, pointer: str) -> Any:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        parts = self.resolve(argument, pointer)
        if not (isinstance(parts, list) and len(parts) == 2):
            self.warn(pointer, "Fn::GetAtt takes [resource, attribute]; placeholder used")
            return "GetAtt"
        logical, attribute = (str(p) for p in parts)
        resource = self.resources.get(logical)
        if not isinstance(resource, dict):
            self.warn(pointer, f"Fn::GetAtt {logical}.{attribute}: no resource {logical!r} in the template; "
                      f"placeholder {logical + '.' + attribute!r} used")  # fmt: skip
            return f"{logical}.{attribute}"
        value = self._attribute(logical, resource, attribute)
        if value is None:
            self.warn(pointer, f"Fn::GetAtt {logical}.{attribute} is only known once deployed; "
                      f"placeholder {logical + '.' + attribute!r} used")  # fmt: skip
            return f"{logical}.{attribute}"
        return value

    def _fn_sub(self, argument: Any, pointer: str) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], dict):
            template_text, given = argument
            variables = {str(k): self.text(v, pointer_join(pointer, 1, str(k))) for k, v in given.items()}
        else:
            template_text = argument
        template_text = self.text(template_text, pointer)

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            if name.startswith("!"):
                return "${" + name[1:] + "}"  # ${!Literal} is written as ${Literal}
            if name in variables:
                return str(variables[name])
            if "." in name and name not in self.parameters and not name.startswith("AWS::"):
                return self.text({"Fn::GetAtt": name.split(".", 1)}, pointer)
            return self.text({"Ref": name}, pointer)

        return _SUB.sub(substitute, template_text)

    def _fn_join(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        if not (isinstance(parts, list) and len(parts) == 2 and isinstance(parts[1], list)):
            self.warn(pointer, "Fn::Join takes [delimiter, [values]]; placeholder used")
            return ""
        return str(parts[0]).join(self.text(item, pointer) for item in parts[1])

    def _fn_select(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        try:
            index, items = int(parts[0]), parts[1]
            if not isinstance(items, list) or index < 0:
                raise TypeError
            return items[index]
        except (TypeError, ValueError, IndexError, KeyError):
            self.warn(pointer, f"Fn::Select {parts!r}: the index is not in the list; placeholder used")
            return ""

    def _fn_split(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        if not (isinstance(parts, list) and len(parts) == 2) or not parts[0]:
            self.warn(pointer, "Fn::Split takes [delimiter, text]; placeholder used")
            return []
        return self.text(parts[1], pointer).split(str(parts[0]))

    def _fn_findinmap(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        default = None
        if isinstance(parts, list) and len(parts) == 4 and isinstance(parts[3], dict):
            default, parts = parts[3].get("DefaultValue"), parts[:3]  # AWS::LanguageExtensions' default
        if not (isinstance(parts, list) and len(parts) == 3):
            self.warn(pointer, "Fn::FindInMap takes [map, top-level key, second-level key]; placeholder used")
            return ""
        map_name, top, second = (str(p) for p in parts)
        mappings = self.template.get("Mappings")
        if isinstance(mappings, dict) and isinstance(mappings.get(map_name), dict) and isinstance(mappings[map_name].get(top), dict):
            found = mappings[map_name][top].get(second)
        else:
            found = None
        if found is None:
            if default is not None:
                return default
            self.warn(pointer, f"Fn::FindInMap: Mappings has no {map_name}/{top}/{second}; placeholder {second!r} used")
            return second
        return found

    def _fn_importvalue(self, argument: Any, pointer: str) -> Any:
        name = self.text(argument, pointer)
        self.warn(pointer, f"Fn::ImportValue {name!r} is another stack's export, unknown offline; placeholder {name!r} used")
        return name

    def _fn_if(self, argument: Any, pointer: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            self.warn(pointer, "Fn::If takes [condition, value if true, value if false]; the value is left out")
            return NO_VALUE
        chosen = 1 if self.condition(str(argument[0]), pointer_join(pointer, "0")) else 2
        return self.resolve(argument[chosen], f"{pointer}/{chosen}")

    def _fn_equals(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        if not (isinstance(parts, list) and len(parts) == 2):
            self.warn(pointer, "Fn::Equals takes two values; taken as false")
            return False
        return _compare(parts[0]) == _compare(parts[1])

    def _fn_not(self, argument: Any, pointer: str) -> Any:
        items = argument if isinstance(argument, list) else [argument]
        return not self._truth(items[0] if items else False, f"{pointer}/0")

    def _fn_and(self, argument: Any, pointer: str) -> Any:
        return all(self._truth(item, f"{pointer}/{i}") for i, item in enumerate(argument if isinstance(argument, list) else []))

    def _fn_or(self, argument: Any, pointer: str) -> Any:
        return any(self._truth(item, f"{pointer}/{i}") for i, item in enumerate(argument if isinstance(argument, list) else []))

    def _fn_base64(self, argument: Any, pointer: str) -> Any:
        return base64.b64encode(self.text(argument, pointer).encode()).decode()

    def _fn_cidr(self, argument: Any, pointer: str) -> Any:
        parts = self.resolve(argument, pointer)
        try:
            network = ipaddress.ip_network(str(parts[0]), strict=False)
            count, bits = int(parts[1]), int(parts[2])
            if not 1 <= count <= 256:  # CloudFormation's own bounds; a larger count is not built
                raise ValueError
            subnets = network.subnets(new_prefix=network.max_prefixlen - bits)
            return [str(next(subnets)) for _ in range(count)]
        except (TypeError, ValueError, IndexError, StopIteration):
            self.warn(pointer, f"Fn::Cidr {parts!r} cannot be computed; placeholder used")
            return []

    def _fn_getazs(self, argument: Any, pointer: str) -> Any:
        region = self.text(argument, pointer) or self.pseudo.region
        return [f"{region}{letter}" for letter in "abc"]

    def _fn_tojsonstring(self, argument: Any, pointer: str) -> Any:
        return json.dumps(self.resolve(argument, pointer), separators=(",", ":"))

    def _fn_length(self, argument: Any, pointer: str) -> Any:
        value = self.resolve(argument, pointer)
        return len(value) if isinstance(value, list) else 0

    def _fn_transform(self, argument: Any, pointer: str) -> Any:
        name = self.text(argument.get("Name"), pointer) if isinstance(argument, dict) else ""
        parameters = argument.get("Parameters") if isinstance(argument, dict) else None
        if name == "AWS::Include" and isinstance(parameters, dict) and self.include is not None:
            location = self.text(parameters.get("Location"), pointer_join(pointer, "Parameters", "Location"))
            if location in self._including:
                self.warn(pointer, f"AWS::Include {location} includes itself; left out")
                return NO_VALUE
            self._including.add(location)
            try:
                return self.resolve(self.include(location, pointer), pointer)
            finally:
                self._including.discard(location)
        self.warn(pointer, f"Fn::Transform {name or '?'} runs in CloudFormation (a macro): not applied; value left out")
        return NO_VALUE

    def _fn_condition(self, argument: Any, pointer: str) -> Any:  # {"Condition": name} inside a condition
        return self.condition(str(argument), pointer)

    # -- conditions ---------------------------------------------------------------------------------

    def _truth(self, value: Any, pointer: str) -> bool:
        if isinstance(value, dict) and list(value) == ["Condition"]:
            return self.condition(str(value["Condition"]), pointer)
        result = self.resolve(value, pointer)
        return result is True or (isinstance(result, str) and result.lower() == "true")

    def condition(self, name: str, pointer: str) -> bool:
        """The value of the template's condition ``name`` (an unknown or circular one is false, with a warning)."""
        if name in self._conditions:
            return self._conditions[name]
        conditions = self.template.get("Conditions")
        if not isinstance(conditions, dict) or name not in conditions:
            self.warn(pointer, f"no condition {name!r} in the template's Conditions; taken as false")
            return False
        if name in self._evaluating:
            self.warn(f"/Conditions/{name}", f"condition {name!r} depends on itself; taken as false")
            return False
        self._evaluating.add(name)
        try:
            value = self._truth(conditions[name], pointer_join("/Conditions", name))
        finally:
            self._evaluating.discard(name)
        self._conditions[name] = value
        return value

    def exists(self, logical_id: str) -> bool:
        """Whether a resource is created: it has no ``Condition``, or its condition holds."""
        resource = self.resources.get(logical_id)
        if not isinstance(resource, dict):
            return False
        condition = resource.get("Condition")
        return condition is None or self.condition(str(condition), f"/Resources/{logical_id}/Condition")

    # -- resources ----------------------------------------------------------------------------------

    def resource_name(self, logical: str, resource: dict[str, Any]) -> str:
        """The name a resource is given: its name property, else CloudFormation's ``stack-LogicalId``."""
        prop = _NAMED_BY.get(str(resource.get("Type")))
        properties = resource.get("Properties")
        if prop and isinstance(properties, dict) and properties.get(prop) is not None:
            return self.text(properties[prop], f"/Resources/{logical}/Properties/{prop}")
        name = f"{self.pseudo.stack_name}-{logical}"
        return name.lower() if resource.get("Type") == "AWS::S3::Bucket" else name

    def function_arn(self, logical: str, resource: dict[str, Any]) -> str:
        return str(self._shaped(logical, resource, "Arn", _FUNCTION["Arn"]))

    def _physical_ref(self, logical: str, resource: dict[str, Any]) -> str:
        shaped = self._shaped(logical, resource, "Ref")
        if shaped is not None:
            return shaped
        if resource.get("Type") in _NAMED_BY:
            return self.resource_name(logical, resource)
        return f"{self.pseudo.stack_name}-{logical}"

    def _attribute(self, logical: str, resource: dict[str, Any], attribute: str) -> str | None:
        shaped = self._shaped(logical, resource, attribute)
        if shaped is not None:
            return shaped
        kind = str(resource.get("Type"))
        if attribute == "Arn" and kind.startswith("AWS::") and kind.count("::") == 2:
            return self._shaped(logical, resource, "Arn", "arn:{partition}:" + kind.split("::")[1].lower() + ":{region}:{account}:{name}")
        if attribute in ("Name", "FunctionName", "QueueName", "TopicName", "RoleId"):
            return self.resource_name(logical, resource)
        return None

    def _shaped(self, logical: str, resource: dict[str, Any], key: str, shape: str | None = None) -> str | None:
        """The value of ``Ref`` (``key`` "Ref") or of an attribute, in the shape ``_SHAPES`` gives for the type."""
        shape = shape or _SHAPES.get(str(resource.get("Type")), {}).get(key)
        if shape is None:
            return None
        p = self.pseudo
        name = self.resource_name(logical, resource) if "{name}" in shape else ""  # resolved only when used
        return shape.format(partition=p.partition, region=p.region, account=p.account, url_suffix=p.url_suffix,
                            name=name, pool=f"{p.region}_{_id_part(logical)}", api=api_id(logical))  # fmt: skip


def api_id(logical: str) -> str:
    """A stand-in for the id API Gateway gives an API (ten lower-case letters and digits)."""
    return (re.sub(r"[^a-z0-9]", "", logical.lower()) + "0000000000")[:10]


def _id_part(logical: str) -> str:
    return (re.sub(r"[^A-Za-z0-9]", "", logical) + "000000000")[:9]


def _compare(value: Any) -> str:
    """Fn::Equals compares strings: a parameter's "1" equals a literal 1."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else str(value)
