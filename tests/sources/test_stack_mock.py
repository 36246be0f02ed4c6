"""`sdkgen mock TEMPLATE` enforces the stack's usage plans and API keys by default; `--config` overrides any part."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

import httpx
from mock_process import mock_process

from sdkgen.sources import TemplateDocument, open_source

ROOT = Path(__file__).resolve().parent.parent.parent
PLAN = """Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        openapi: 3.0.1
        info: {title: planned, version: "1"}
        paths:
          /items:
            get:
              security: [{api_key: []}]
              responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
        components:
          securitySchemes:
            api_key: {type: apiKey, name: x-api-key, in: header}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: live}
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages: [{ApiId: !Ref Api, Stage: live, Throttle: {"/items/GET": {RateLimit: 50, BurstLimit: 40}}}]
      Throttle: {RateLimit: 100, BurstLimit: 50}
      Quota: {Limit: !Ref Limit, Period: DAY}
  Other:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages: [{ApiId: !Ref SomeOtherApi, Stage: x}]
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: {Value: !Sub "${AWS::StackName}-key-0123456789", Enabled: true}
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: {KeyId: !Ref Key, UsagePlanId: !Ref Plan, KeyType: API_KEY}
Parameters:
  Limit: {Type: Number, Default: 2}
"""


def test_usage_plans_and_keys_of_the_stack_become_the_mock_configuration(tmp_path: Path) -> None:
    path = tmp_path / "planned.yaml"
    path.write_text(PLAN)
    document = open_source(path)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.mock_config == {
        "usage_plans": {"Plan": {"throttle": {"rate": 100.0, "burst": 50}, "quota": {"limit": 2, "period": "DAY"},
                                 "methods": {"GET /items": {"throttle": {"rate": 50.0, "burst": 40}}}}},
        "api_keys": [{"id": "Key", "value": "planned-key-0123456789", "usage_plan": "Plan"}],
    }  # fmt: skip
    assert document.source.made_up_keys == []


def mock(*args: str) -> AbstractContextManager[tuple[str, list[str]]]:
    return mock_process(*args, "--quiet")


def test_sdkgen_mock_template_enforces_the_quota_and_a_config_file_overrides_it(tmp_path: Path) -> None:
    path = tmp_path / "planned.yaml"
    path.write_text(PLAN)
    with mock(str(path)) as (url, _):
        assert url.endswith("/live")
        key = {"x-api-key": "planned-key-0123456789"}
        statuses = [httpx.get(f"{url}/items", headers=key, timeout=10).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]  # the plan's quota of 2 a day
        assert httpx.get(f"{url}/items", headers={"x-api-key": "wrong"}, timeout=10).status_code == 403
    config = tmp_path / "gateway.yaml"
    config.write_text("usage_plans:\n  Plan: {quota: {limit: 5, period: DAY}}\n")
    with mock(str(path), "--config", str(config)) as (url, _):
        statuses = [httpx.get(f"{url}/items", headers=key, timeout=10).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]


def test_a_key_value_the_template_leaves_to_api_gateway_is_made_up_and_printed_once() -> None:
    with mock(str(ROOT / "specs" / "templates" / "library.yaml")) as (url, lines):
        printed = [line for line in lines if "value made up" in line]
        assert len(printed) == 1
        value = printed[0].strip().rpartition("LibraryApiApiKey=")[2]
        headers = {"x-api-key": value, "Authorization": "a-token"}
        assert httpx.get(f"{url}/books", headers=headers, timeout=10).status_code != 403
        assert httpx.get(f"{url}/books", headers={**headers, "x-api-key": "not-it"}, timeout=10).status_code in (401, 403)


def test_stage_method_settings_become_the_stage_configuration(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n"
        "      StageName: live\n      MethodSettings:\n"
        "        - {ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 20, ThrottlingBurstLimit: 10}\n"
        "        - {ResourcePath: '/~1items', HttpMethod: GET, ThrottlingRateLimit: 2, CachingEnabled: true, CacheTtlInSeconds: 30}\n"
        "      DefinitionBody: {openapi: 3.0.1, info: {title: t, version: '1'}, paths: {/items: {get: {responses: {'200': {description: ok}}}}}}\n"
    )
    document = open_source(path)
    assert isinstance(document, TemplateDocument) and document.source is not None
    assert document.source.mock_config == {"stages": {"live": {
        "throttle": {"rate": 20.0, "burst": 10},
        "methods": {"GET /items": {"throttle": {"rate": 2.0}, "cache_ttl": 30.0}},
    }}}  # fmt: skip
