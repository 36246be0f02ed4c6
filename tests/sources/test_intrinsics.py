"""Each intrinsic function resolved offline, and what cannot be known: a placeholder and a warning, never a crash."""

from __future__ import annotations

from typing import Any

import pytest

from sdkgen.sources.intrinsics import NO_VALUE, Pseudo, Resolver

TEMPLATE: dict[str, Any] = {
    "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
        "Both": {"Fn::And": [{"Condition": "IsDev"}, {"Fn::Equals": ["1", 1]}]},
        "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]},
        "Loop": {"Fn::Not": [{"Condition": "Loop"}]},
    },
    "Mappings": {"Sizes": {"dev": {"Max": 10}, "prod": {"Max": 100}}},
    "Resources": {
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {}},
        "Named": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": {"Fn::Sub": "${Env}-named"}}},
        "Pool": {"Type": "AWS::Cognito::UserPool"},
        "Queue": {"Type": "AWS::SQS::Queue"},
        "Api": {"Type": "AWS::ApiGateway::RestApi"},
        "Odd": {"Type": "Custom::Thing"},
    },
}


def resolver(region: str = "us-east-1", **parameters: Any) -> tuple[Resolver, list[tuple[str, str]]]:
    warnings: list[tuple[str, str]] = []
    values = {"Env": "dev", **parameters}
    r = Resolver(TEMPLATE, values, Pseudo(region=region, stack_name="shop"), lambda p, m: warnings.append((p, m)))
    return r, warnings


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({"Ref": "Env"}, "dev"),
        ({"Ref": "AWS::Region"}, "us-east-1"),
        ({"Ref": "AWS::AccountId"}, "123456789012"),
        ({"Ref": "AWS::StackName"}, "shop"),
        ({"Ref": "AWS::Partition"}, "aws"),
        ({"Ref": "AWS::URLSuffix"}, "amazonaws.com"),
        ({"Ref": "Fn"}, "shop-Fn"),
        ({"Fn::GetAtt": ["Fn", "Arn"]}, "arn:aws:lambda:us-east-1:123456789012:function:shop-Fn"),
        ({"Fn::GetAtt": "Named.Arn"}, "arn:aws:lambda:us-east-1:123456789012:function:dev-named"),
        ({"Fn::GetAtt": ["Pool", "Arn"]}, "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool00000"),
        ({"Fn::Sub": "${AWS::StackName}-${Env}"}, "shop-dev"),
        ({"Fn::Sub": "${Fn.Arn}"}, "arn:aws:lambda:us-east-1:123456789012:function:shop-Fn"),
        ({"Fn::Sub": ["${A}/${!Literal}", {"A": {"Ref": "Env"}}]}, "dev/${Literal}"),
        ({"Fn::Join": ["-", ["a", {"Ref": "Env"}, "b"]]}, "a-dev-b"),
        ({"Fn::Select": ["1", ["a", "b", "c"]]}, "b"),
        ({"Fn::Split": [",", "a,b"]}, ["a", "b"]),
        ({"Fn::Select": [2, {"Fn::Split": ["/", "x/y/z"]}]}, "z"),
        ({"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Max"]}, 10),
        ({"Fn::FindInMap": ["Sizes", "test", "Max", {"DefaultValue": 5}]}, 5),
        ({"Fn::If": ["IsProd", "p", "d"]}, "d"),
        ({"Fn::If": ["IsDev", "d", "p"]}, "d"),
        ({"Fn::Equals": [{"Ref": "Env"}, "dev"]}, True),
        ({"Fn::Base64": "hi"}, "aGk="),
        ({"Fn::Cidr": ["10.0.0.0/16", 2, 8]}, ["10.0.0.0/24", "10.0.1.0/24"]),
        ({"Fn::GetAZs": ""}, ["us-east-1a", "us-east-1b", "us-east-1c"]),
        ({"Fn::ToJsonString": {"a": {"Ref": "Env"}}}, '{"a":"dev"}'),
        ({"Fn::Length": [1, 2, 3]}, 3),
        ({"k": {"Ref": "AWS::NoValue"}, "l": ["a", {"Ref": "AWS::NoValue"}]}, {"l": ["a"]}),
    ],
    ids=lambda v: str(v)[:50],
)
def test_each_intrinsic_resolves(expression: Any, expected: Any) -> None:
    r, warnings = resolver()
    assert r.resolve(expression, "/x") == expected
    assert warnings == []


def test_ref_no_value_alone_is_removed_by_the_caller() -> None:
    assert resolver()[0].resolve({"Ref": "AWS::NoValue"}, "/x") is NO_VALUE


def test_region_sets_partition_and_url_suffix() -> None:
    r, _ = resolver(region="cn-north-1")
    assert r.resolve({"Fn::Sub": "${AWS::Partition} ${AWS::URLSuffix}"}, "") == "aws-cn amazonaws.com.cn"
    assert resolver(region="us-gov-west-1")[0].resolve({"Ref": "AWS::Partition"}, "") == "aws-us-gov"


def test_conditions() -> None:
    r, warnings = resolver()
    assert (r.condition("IsProd", ""), r.condition("IsDev", ""), r.condition("Both", ""), r.condition("Either", "")) == (
        False, True, True, True)  # fmt: skip
    assert resolver(Env="prod")[0].condition("IsProd", "") is True
    assert warnings == []


def test_a_condition_that_depends_on_itself_is_false_with_a_warning() -> None:
    r, warnings = resolver()
    assert r.condition("Loop", "/x") in (True, False)
    assert any("depends on itself" in m for _, m in warnings)


@pytest.mark.parametrize(
    ("expression", "placeholder", "words"),
    [
        ({"Fn::ImportValue": "shared-domain"}, "shared-domain", "ImportValue"),
        ({"Fn::ImportValue": {"Fn::Sub": "${Env}-domain"}}, "dev-domain", "ImportValue"),
        ({"Ref": "Missing"}, "Missing", "names no parameter or resource"),
        ({"Fn::GetAtt": ["Missing", "Arn"]}, "Missing.Arn", "no resource"),
        ({"Fn::GetAtt": ["Odd", "Endpoint"]}, "Odd.Endpoint", "only known once deployed"),
        ({"Fn::FindInMap": ["Sizes", "qa", "Max"]}, "Max", "Mappings has no"),
        ({"Fn::Select": [9, ["a"]]}, "", "not in the list"),
        ({"Fn::If": ["Nope", "a", "b"]}, "b", "no condition 'Nope'"),
    ],
)
def test_what_cannot_be_resolved_is_a_placeholder_and_a_located_warning(expression: Any, placeholder: Any, words: str) -> None:
    r, warnings = resolver()
    result = r.resolve({"title": expression}, "/Resources/Api/Properties/Body")
    assert result == {"title": placeholder}
    assert warnings and words in warnings[0][1], warnings
    assert warnings[0][0].startswith("/Resources/Api/Properties/Body/title")
    assert "{'" not in str(result["title"])  # never a dict's repr where text belongs


def test_a_macro_transform_is_left_out_with_a_warning() -> None:
    r, warnings = resolver()
    assert r.resolve({"a": {"Fn::Transform": {"Name": "MyMacro"}}, "b": 1}, "") == {"b": 1}
    assert "macro" in warnings[0][1]


@pytest.mark.parametrize(
    "expression",
    [{"Fn::Cidr": ["10.0.0.0/8", 10**9, 8]}, {"Fn::Select": [-1, ["a", "b"]]}],
    ids=["cidr-count-out-of-bounds", "select-negative"],
)
def test_out_of_bounds_arguments_are_refused_not_computed(expression: Any) -> None:
    r, warnings = resolver()
    assert r.resolve(expression, "/x") in ("", [])
    assert warnings


# Every Ref / Fn::GetAtt shape the resolver knows, per resource type (one table serves both in intrinsics.py).
SHAPES = [
    ("AWS::Lambda::Function", "Ref", "shop-R"), ("AWS::Lambda::Function", "Arn", "arn:aws:lambda:eu-west-1:123456789012:function:shop-R"),
    ("AWS::Serverless::Function", "Arn", "arn:aws:lambda:eu-west-1:123456789012:function:shop-R"),
    ("AWS::Cognito::UserPool", "Ref", "eu-west-1_R00000000"), ("AWS::Cognito::UserPool", "UserPoolId", "eu-west-1_R00000000"),
    ("AWS::Cognito::UserPool", "Arn", "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_R00000000"),
    ("AWS::Cognito::UserPool", "ProviderName", "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_R00000000"),
    ("AWS::Cognito::UserPool", "ProviderURL", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_R00000000"),
    ("AWS::IAM::Role", "Ref", "shop-R"), ("AWS::IAM::Role", "Arn", "arn:aws:iam::123456789012:role/shop-R"),
    ("AWS::SQS::Queue", "Ref", "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-R"),
    ("AWS::SQS::Queue", "QueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/shop-R"),
    ("AWS::SQS::Queue", "Arn", "arn:aws:sqs:eu-west-1:123456789012:shop-R"), ("AWS::SQS::Queue", "QueueName", "shop-R"),
    ("AWS::SNS::Topic", "Ref", "arn:aws:sns:eu-west-1:123456789012:shop-R"), ("AWS::SNS::Topic", "TopicName", "shop-R"),
    ("AWS::StepFunctions::StateMachine", "Ref", "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-R"),
    ("AWS::Serverless::StateMachine", "Ref", "arn:aws:states:eu-west-1:123456789012:stateMachine:shop-R"),
    ("AWS::DynamoDB::Table", "Ref", "shop-R"), ("AWS::DynamoDB::Table", "Arn", "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-R"),
    ("AWS::Serverless::SimpleTable", "Arn", "arn:aws:dynamodb:eu-west-1:123456789012:table/shop-R"),
    ("AWS::S3::Bucket", "Ref", "shop-r"), ("AWS::S3::Bucket", "Arn", "arn:aws:s3:::shop-r"),
    ("AWS::ApiGateway::RestApi", "Ref", "r000000000"), ("AWS::ApiGateway::RestApi", "RootResourceId", "root"),
    ("AWS::Serverless::Api", "Ref", "r000000000"), ("AWS::Serverless::Api", "RootResourceId", "root"),
    ("AWS::ApiGatewayV2::Api", "Ref", "r000000000"),
    ("AWS::ApiGatewayV2::Api", "ApiEndpoint", "https://r000000000.execute-api.eu-west-1.amazonaws.com"),
    ("AWS::Serverless::HttpApi", "Ref", "r000000000"), ("AWS::ApiGateway::Model", "Ref", "shop-R"),
    ("AWS::Events::Rule", "Arn", "arn:aws:events:eu-west-1:123456789012:shop-R"), ("Custom::Thing", "Ref", "shop-R"),
    ("AWS::Events::Rule", "Ref", "shop-R"), ("AWS::Events::Rule", "Name", "shop-R"),
]


@pytest.mark.parametrize(("kind", "key", "expected"), SHAPES, ids=[f"{k}.{a}" for k, a, _ in SHAPES])
def test_ref_and_getatt_shapes_per_resource_type(kind: str, key: str, expected: str) -> None:
    warnings: list[tuple[str, str]] = []
    template = {"Resources": {"R": {"Type": kind}}}
    r = Resolver(template, {}, Pseudo(region="eu-west-1", stack_name="shop"), lambda p, m: warnings.append((p, m)))
    expression = {"Ref": "R"} if key == "Ref" else {"Fn::GetAtt": ["R", key]}
    assert r.resolve(expression, "/x") == expected and warnings == []


def test_an_attribute_known_only_once_deployed_is_a_placeholder_and_a_warning() -> None:
    warnings: list[tuple[str, str]] = []
    r = Resolver({"Resources": {"R": {"Type": "Custom::Thing"}}}, {}, Pseudo(), lambda p, m: warnings.append((p, m)))
    assert r.resolve({"Fn::GetAtt": ["R", "Arn"]}, "/x") == "R.Arn" and len(warnings) == 1
