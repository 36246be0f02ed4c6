"""What a stack says about serving its REST API: usage plans (throttle, quota), API keys and stage throttling,
as the mock gateway's configuration data (the same keys as a ``--config`` file, which overrides any of them)."""

from __future__ import annotations

import math
import secrets
from typing import Any

from ..diagnostics import pointer_join
from .intrinsics import Resolver


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _names(value: Any, logical: str) -> bool:
    """Whether a property (``{Ref: X}`` or ``X``) names the resource ``logical``."""
    return bool(value == {"Ref": logical} or value == logical)


def _throttle(resolver: Resolver, raw: Any, pointer: str) -> dict[str, Any] | None:
    return throttle_config(resolver.resolve(raw, pointer) if raw is not None else None)


# The shapes below take resolved values named as CloudFormation names them (``RateLimit``, ``Quota.Limit``,
# ``ThrottlingRateLimit``): API Gateway's own API (``sdkgen fetch``) names the same fields with a lower-case first
# letter, so one reading serves both.


def throttle_config(raw: Any) -> dict[str, Any] | None:
    """``{RateLimit, BurstLimit}`` -> the mock's ``{rate, burst}``; None without a rate."""
    if not isinstance(raw, dict) or number(raw.get("RateLimit")) is None:
        return None  # no rate, or one that is no number (a placeholder for what could not be resolved: warned)
    throttle: dict[str, Any] = {"rate": number(raw["RateLimit"])}
    if number(raw.get("BurstLimit")) is not None:
        throttle["burst"] = int(number(raw["BurstLimit"]) or 0)
    return throttle


def number(value: Any) -> float | None:
    """A template's number (CloudFormation writes them as numbers or strings); None for anything else."""
    if isinstance(value, bool):
        return None
    try:
        found = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return found if math.isfinite(found) else None


def mock_defaults(resolver: Resolver, api: str, stage: str | None) -> tuple[dict[str, Any], list[str]]:
    """The mock configuration the stack implies for REST API ``api``, and the API key values made up for it."""
    resources = resolver.resources
    plans: dict[str, dict[str, Any]] = {}
    for logical, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::ApiGateway::UsagePlan":
            continue
        if not resolver.exists(logical):
            continue
        pointer = pointer_join("/Resources", logical, "Properties")
        properties = _mapping(resource.get("Properties"))
        listed = properties.get("ApiStages")
        # A plan applies to the API stages it lists: this API's, at the stage taken (any, if none is known).
        stages = [(i, s) for i, s in enumerate(listed) if isinstance(s, dict) and _names(s.get("ApiId"), api)
                  and (stage is None or s.get("Stage") is None
                       or resolver.text(s["Stage"], pointer_join(pointer, "ApiStages", i, "Stage")) == stage)] if isinstance(listed, list) else []  # fmt: skip
        if not stages:
            continue
        index, api_stage = stages[0]
        plans[logical] = usage_plan_config(
            resolver.resolve(properties.get("Throttle"), pointer_join(pointer, "Throttle")),
            resolver.resolve(properties.get("Quota"), pointer_join(pointer, "Quota")),
            resolver.resolve(api_stage.get("Throttle"), pointer_join(pointer, "ApiStages", index, "Throttle")),
        )
    keys: list[dict[str, Any]] = []
    made_up: list[str] = []
    for logical, resource in resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::ApiGateway::UsagePlanKey":
            continue
        properties = _mapping(resource.get("Properties"))
        plan: str | None = next((p for p in plans if _names(properties.get("UsagePlanId"), p)), None)
        key_ref = properties.get("KeyId")
        key_id = key_ref.get("Ref") if isinstance(key_ref, dict) else key_ref
        key = _mapping(resources.get(str(key_id)))
        if plan is None or key.get("Type") != "AWS::ApiGateway::ApiKey" or any(k["id"] == key_id for k in keys):
            continue
        value = _mapping(key.get("Properties")).get("Value")
        if value is not None:
            value = resolver.text(value, pointer_join("/Resources", str(key_id), "Properties", "Value"))
        else:
            value = secrets.token_urlsafe(24)  # API Gateway makes one up too; printed once by the mock
            made_up.append(f"{key_id}={value}")
        keys.append({"id": str(key_id), "value": value, "usage_plan": plan})
    config: dict[str, Any] = {}
    stage_config = _stage_settings(resolver, api, stage)
    if stage_config is not None and stage is not None:
        config["stages"] = {stage: stage_config}
    if plans:
        config["usage_plans"] = plans
    if keys:
        config["api_keys"] = keys
    return config, made_up


def _stage_settings(resolver: Resolver, api: str, stage: str | None) -> dict[str, Any] | None:
    """The stage's ``MethodSettings`` (throttling and caching, for the whole stage ("/*", "*") or per method) and its
    ``Variables``: of an ``AWS::ApiGateway::Stage`` (SAM's ``Variables`` become one), else of a deployment's
    ``StageDescription`` (a ``Deployment`` with a ``StageName`` makes that stage)."""
    for kind, settings_key in (("AWS::ApiGateway::Stage", ""), ("AWS::ApiGateway::Deployment", "StageDescription")):
        for logical, resource in resolver.resources.items():
            if not isinstance(resource, dict) or resource.get("Type") != kind or not resolver.exists(logical):
                continue
            pointer = pointer_join("/Resources", logical, "Properties")
            properties = _mapping(resource.get("Properties"))
            if not _names(properties.get("RestApiId"), api) or properties.get("StageName") is None:
                continue
            if resolver.text(properties.get("StageName"), pointer_join(pointer, "StageName")) != stage:
                continue
            if settings_key:
                pointer = pointer_join(pointer, settings_key)
                properties = _mapping(resolver.resolve(properties.get(settings_key), pointer))
            raw = resolver.resolve(properties.get("MethodSettings"), pointer_join(pointer, "MethodSettings"))
            variables = resolver.resolve(properties.get("Variables"), pointer_join(pointer, "Variables"))
            return stage_config(raw if isinstance(raw, list) else [], variables)
    return None


def usage_plan_config(throttle: Any, quota: Any, stage_throttle: Any) -> dict[str, Any]:
    """A usage plan's ``Throttle``, ``Quota`` and its API stage's ``Throttle`` ("/path/METHOD" -> limits)."""
    settings: dict[str, Any] = {}
    plan_throttle = throttle_config(throttle)
    if plan_throttle:
        settings["throttle"] = plan_throttle
    if isinstance(quota, dict) and number(quota.get("Limit")) is not None:
        settings["quota"] = {"limit": int(number(quota["Limit"]) or 0), "period": str(quota.get("Period", "DAY")).upper()}
        if number(quota.get("Offset")):
            settings["quota"]["offset"] = int(number(quota["Offset"]) or 0)
    methods: dict[str, Any] = {}
    for route, limits in _mapping(stage_throttle).items():
        path, _, method = str(route).rpartition("/")  # API Gateway writes "/path/METHOD"
        method_throttle = throttle_config(limits)
        if path and method_throttle:
            methods[f"{method.upper()} {path}"] = {"throttle": method_throttle}
    if methods:
        settings["methods"] = methods
    return settings


def stage_config(method_settings: list[Any], variables: Any = None) -> dict[str, Any] | None:
    """A stage's ``MethodSettings`` (``ResourcePath``, ``HttpMethod``, throttling, caching): the whole stage's
    ("/*", "*") and each method's, and its stage ``variables`` (name -> value), as the mock's stage settings."""
    settings: dict[str, Any] = {}
    if isinstance(variables, dict):
        # Values a template could not resolve (a Ref to an unknown resource) are left out: not a string to serve.
        given = {str(k): v for k, v in variables.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
        if given:
            settings["variables"] = {k: str(v) for k, v in given.items()}
    methods: dict[str, Any] = {}
    for item in method_settings:
        if not isinstance(item, dict):
            continue
        entry: dict[str, Any] = {}
        throttle = throttle_config({"RateLimit": item.get("ThrottlingRateLimit"), "BurstLimit": item.get("ThrottlingBurstLimit")})
        if throttle:
            entry["throttle"] = throttle
        if item.get("CachingEnabled") in (True, "true") and number(item.get("CacheTtlInSeconds")) is not None:
            entry["cache_ttl"] = number(item["CacheTtlInSeconds"])
        path = str(item.get("ResourcePath", "/*"))
        if path.startswith("/~1"):  # "/resource/sub" is written "/~1resource~1sub"
            path = path[1:].replace("~1", "/")
        method = str(item.get("HttpMethod", "*")).upper()
        if path == "/*" and method == "*":
            settings.update(entry)
        elif entry and path != "/*" and method != "*":
            methods[f"{method} {path}"] = entry
    if methods:
        settings["methods"] = methods
    return settings or None


def http_mock_defaults(resolver: Resolver, api: str, stage: str | None) -> dict[str, Any]:
    """The mock configuration the stack implies for HTTP API ``api``: its stage's route throttling."""
    for logical, resource in resolver.resources.items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::ApiGatewayV2::Stage" or not resolver.exists(logical):
            continue
        pointer = pointer_join("/Resources", logical, "Properties")
        properties = _mapping(resource.get("Properties"))
        if not _names(properties.get("ApiId"), api) or resolver.text(properties.get("StageName"), pointer) != stage:
            continue
        settings = {key: resolver.resolve(properties[key], pointer_join(pointer, key))
                    for key in ("DefaultRouteSettings", "RouteSettings", "StageVariables") if properties.get(key) is not None}  # fmt: skip
        return http_stage_config({"StageName": stage, **settings})
    return {}


def http_stage_config(stage: dict[str, Any]) -> dict[str, Any]:
    """An HTTP API stage's route throttling, ``DefaultRouteSettings`` and ``RouteSettings`` ("GET /pets" -> its
    settings), and its ``StageVariables``, as the mock's stage settings: CloudFormation and API Gateway's own API
    name them alike."""
    items = [{"ResourcePath": "/*", "HttpMethod": "*", **_mapping(stage.get("DefaultRouteSettings"))}]
    for route, settings in _mapping(stage.get("RouteSettings")).items():
        method, _, path = str(route).partition(" ")
        if path.startswith("/"):  # not "$default"
            items.append({"ResourcePath": path, "HttpMethod": method, **_mapping(settings)})
    settings = stage_config(items, stage.get("StageVariables"))
    return {"stages": {str(stage["StageName"]): settings}} if settings else {}
