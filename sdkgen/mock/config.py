"""The mock gateway's configuration file: YAML (or a dict) -> frozen dataclasses.

Every wrong key, type or value raises ``ConfigError`` naming its place, for example
``stages.prod.throttle.rate: expected a number``, before any server starts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..sources import REGION_NAME


ValidationMode = Literal["spec", "strict", "off"]
# Limits of every number in the file: far beyond any real setting, small enough that the arithmetic of each
# request (float(), timedelta, random seeds) cannot overflow.
MAX_NUMBER = 1e12
MAX_INTEGER = 10**12
MAX_SEED = 2**64 - 1
QUOTA_OFFSET = {"DAY": 0, "WEEK": 6, "MONTH": 27}  # API Gateway's largest offset (days) for each period
QuotaPeriod = Literal["DAY", "WEEK", "MONTH"]
METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY")
_CACHE_KEY_PARAMETER = re.compile(r"^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$")
_STAGE_VARIABLE = re.compile(r"[A-Za-z0-9_]+")
_ROUTE_KEY = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|ANY|\*) +(/\S*|\*)$", re.IGNORECASE)




class ConfigError(ValueError):
    """A configuration problem; ``place`` is the dotted path of the offending key ("" for the root)."""

    def __init__(self, place: str, message: str, source: str = "") -> None:
        self.place = place
        self.message = message
        self.source = source
        from ..diagnostics import printable

        where = ": ".join(p for p in (source, place) if p)
        super().__init__(printable(f"{where}: {message}" if where else message))  # a key's name may hold escapes


@dataclass(frozen=True)
class Throttle:
    rate: float  # requests per second (refill)
    burst: int  # bucket capacity


# API Gateway's account-level limit per region unless AWS raised it: 10,000 requests per second, burst 5,000.
ACCOUNT_DEFAULT = Throttle(10_000.0, 5_000)


@dataclass(frozen=True)
class MethodSettings:
    throttle: Throttle | None = None
    cache_ttl: float | None = None
    # API Gateway's cacheKeyParameters ("method.request.querystring.q", ...); None: the integration's, else
    # method, path and query string.
    cache_key_parameters: tuple[str, ...] | None = None


@dataclass(frozen=True)
class StageConfig:
    name: str
    throttle: Throttle | None = None
    cache_ttl: float = 0.0
    methods: Mapping[str, MethodSettings] = field(default_factory=dict)  # "GET /products" -> settings
    variables: Mapping[str, str] = field(default_factory=dict)  # stage variables ($stageVariables, events' stageVariables)


@dataclass(frozen=True)
class ApiKeyConfig:
    id: str
    value: str
    usage_plan: str | None = None


@dataclass(frozen=True)
class Quota:
    limit: int
    period: QuotaPeriod
    offset: int = 0  # days into the period at which it starts (WEEK: 0 = Monday; MONTH: 0 = the 1st)


@dataclass(frozen=True)
class UsagePlan:
    name: str
    throttle: Throttle | None = None
    quota: Quota | None = None
    methods: Mapping[str, Throttle] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthorizerConfig:
    name: str
    issuer: str | None = None
    audience: tuple[str, ...] | None = None  # None: take it from the definition
    hs256_secret: str | None = None
    jwks_file: str | None = None
    jwks: Mapping[str, Any] | None = None  # the JWKS document inline
    allow: tuple[str, ...] | None = None  # Lambda authorizer stand-in: allowed identity values
    # Identity -> API key id: the usageIdentifierKey the Lambda would return (api-key-source AUTHORIZER).
    usage_keys: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IamCredential:
    """An IAM identity whose SigV4 signatures the mock verifies (IAM-authorised methods)."""

    access_key_id: str
    secret_access_key: str
    session_token: str | None = None  # temporary credentials: X-Amz-Security-Token must match
    region: str | None = None  # None: any region in the credential scope


@dataclass(frozen=True)
class Fault:
    route: str  # "GET /products" or "*"
    status: int
    rate: float


@dataclass(frozen=True)
class Latency:
    min: float = 0.0
    max: float = 0.0


@dataclass(frozen=True)
class FunctionConfig:
    """A Lambda function's code, run by sdkgen.lambdas for the routes whose integration names it."""

    name: str  # as the integration URI's ARN names it
    handler: str  # "module.function" ("pkg.module.function"), as Lambda's Handler
    code: Path  # the CodeUri folder: LAMBDA_TASK_ROOT, on sys.path
    env: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 3.0  # seconds, Lambda's default
    memory: int = 128  # MB, Lambda's default
    place: str = ""  # where it was configured, for messages ("functions.getTodo", a template's resource)
    source: str = ""  # the file that configured it


@dataclass(frozen=True)
class GatewayConfig:
    stages: Mapping[str, StageConfig] = field(default_factory=dict)
    api_keys: tuple[ApiKeyConfig, ...] = ()
    usage_plans: Mapping[str, UsagePlan] = field(default_factory=dict)
    authorizers: Mapping[str, AuthorizerConfig] = field(default_factory=dict)
    validation: ValidationMode = "spec"
    faults: tuple[Fault, ...] = ()
    latency_ms: Latency = Latency()
    retry_after: bool = False
    admin: bool = True
    admin_set: bool = False  # whether the file said admin: (the CLI turns admin off beyond loopback unless it did)
    seed: int = 0
    iam: tuple[IamCredential, ...] = ()  # empty: SigV4 headers are checked for form only
    account_throttle: Throttle | None = None  # None: no account-level bucket
    source: str = ""
    functions: Mapping[str, FunctionConfig] = field(default_factory=dict)  # by function name
    concurrency: int = 4  # worker processes per function at most
    reload: bool = False  # sdkgen mock --reload: restart a function's workers when its code changes


def normalise_route_key(key: str) -> str:
    """``"get  /products/"`` -> ``"GET /products"``; ``*`` stays."""
    match = _ROUTE_KEY.match(key.strip())
    if not match:
        raise ValueError(key)
    method, path = match.group(1).upper(), match.group(2)
    if path != "/" and path != "*":
        path = path.rstrip("/")
    return f"{method} {path}"


_THROTTLE = ("rate", "burst")
# Every key the configuration file may hold, by place ("<name>": a key the user names, "api_keys": each item of the
# list). The reader accepts these and no others; the README's configuration block shows them all (a test compares).
CONFIG_KEYS: dict[str, tuple[str, ...]] = {
    "": ("stages", "api_keys", "usage_plans", "authorizers", "validation", "faults", "latency_ms", "retry_after", "admin",
         "seed", "iam", "account_throttle", "functions", "concurrency"),
    "stages.<name>": ("throttle", "cache_ttl", "methods", "variables"),
    "stages.<name>.throttle": _THROTTLE,
    "stages.<name>.methods.<name>": ("throttle", "cache_ttl", "cache_key_parameters"),
    "stages.<name>.methods.<name>.throttle": _THROTTLE,
    "api_keys": ("id", "value", "usage_plan"),
    "usage_plans.<name>": ("throttle", "quota", "methods"),
    "usage_plans.<name>.throttle": _THROTTLE,
    "usage_plans.<name>.quota": ("limit", "period", "offset"),
    "usage_plans.<name>.methods.<name>": ("throttle",),
    "usage_plans.<name>.methods.<name>.throttle": _THROTTLE,
    "authorizers.<name>": ("issuer", "audience", "hs256_secret", "jwks_file", "jwks", "allow"),
    "faults": ("route", "status", "rate"),
    "latency_ms": ("min", "max"),
    "iam": ("access_key_id", "secret_access_key", "session_token", "region"),
    "account_throttle": _THROTTLE,
    "functions.<name>": ("handler", "code", "env", "timeout", "memory"),
}  # fmt: skip


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, place: str, message: str) -> ConfigError:
        return ConfigError(place, message, self.source)

    def mapping(self, value: Any, place: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(place, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise self.fail(place, f"keys must be strings, got {key!r}")
            if allowed is not None and key not in allowed:
                raise self.fail(_join(place, key), f"unknown key (expected one of: {', '.join(allowed)})")
        return value

    def number(self, value: Any, place: str, *, minimum: float = 0.0, maximum: float | None = MAX_NUMBER) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(place, "expected a number")
        if isinstance(value, int) and abs(value) > MAX_NUMBER:
            raise self.fail(place, f"must be at most {MAX_NUMBER:g}")  # before float(): it would overflow
        if not math.isfinite(value):
            raise self.fail(place, "expected a finite number")
        if value < minimum:
            raise self.fail(place, f"must be at least {minimum:g}")
        if maximum is not None and value > maximum:
            raise self.fail(place, f"must be at most {maximum:g}")
        return float(value)

    def integer(self, value: Any, place: str, *, minimum: int = 0, maximum: int = MAX_INTEGER) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(place, "expected an integer")
        if value < minimum:
            raise self.fail(place, f"must be at least {minimum}")
        if value > maximum:
            raise self.fail(place, f"must be at most {maximum:,}")
        return value

    def string(self, value: Any, place: str, *, empty: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(place, f"expected a string, got {_kind(value)}")
        if not empty and not value:
            raise self.fail(place, "must not be empty")
        return value

    def boolean(self, value: Any, place: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(place, "expected true or false")
        return value

    def strings(self, value: Any, place: str) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.fail(place, f"expected a list of strings, got {_kind(value)}")
        return tuple(self.string(v, f"{place}[{i}]") for i, v in enumerate(value))

    def route_key(self, key: str, place: str) -> str:
        try:
            return normalise_route_key(key)
        except ValueError:
            raise self.fail(place, f'expected "METHOD /path" (for example "GET /products"), got {key!r}') from None

    def throttle(self, value: Any, place: str) -> Throttle | None:
        if value is None:
            return None
        raw = self.mapping(value, place, _THROTTLE)
        if "rate" not in raw:
            raise self.fail(_join(place, "rate"), "required")
        rate = self.number(raw["rate"], _join(place, "rate"))
        burst = self.integer(raw["burst"], _join(place, "burst")) if "burst" in raw else max(1, math.ceil(rate))
        return Throttle(rate, burst)

    def cache_ttl(self, value: Any, place: str) -> float:
        return self.number(value, place, maximum=3600)

    def cache_key_parameters(self, value: Any, place: str) -> tuple[str, ...]:
        names = self.strings(value, place)
        for i, name in enumerate(names):
            if not _CACHE_KEY_PARAMETER.match(name):
                raise self.fail(f"{place}[{i}]", f"expected method.request.(path|querystring|header).NAME, got {name!r}")
        return names

    def account_throttle(self, value: Any, place: str) -> Throttle | None:
        if value is None or value is False:
            return None
        if value is True:
            return ACCOUNT_DEFAULT
        raw = self.mapping(value, place, CONFIG_KEYS["account_throttle"])
        # Either limit may be left out: it keeps API Gateway's default.
        rate = self.number(raw["rate"], _join(place, "rate")) if "rate" in raw else ACCOUNT_DEFAULT.rate
        burst = self.integer(raw["burst"], _join(place, "burst")) if "burst" in raw else ACCOUNT_DEFAULT.burst
        return Throttle(rate, burst)

    def iam(self, value: Any, place: str) -> tuple[IamCredential, ...]:
        if value is None:
            return ()
        items = [(place, value)] if isinstance(value, dict) else None
        if items is None:
            if not isinstance(value, list):
                raise self.fail(place, f"expected a mapping or a list of mappings, got {_kind(value)}")
            items = [(f"{place}[{i}]", item) for i, item in enumerate(value)]
        credentials: list[IamCredential] = []
        seen: set[str] = set()
        for item_place, item in items:
            raw = self.mapping(item, item_place, CONFIG_KEYS["iam"])
            for required in ("access_key_id", "secret_access_key"):
                if required not in raw:
                    raise self.fail(_join(item_place, required), "required")
            key_id = self.string(raw["access_key_id"], _join(item_place, "access_key_id"))
            if key_id in seen:
                raise self.fail(_join(item_place, "access_key_id"), f"the access key id {key_id!r} is listed twice")
            seen.add(key_id)
            credentials.append(
                IamCredential(
                    key_id,
                    self.string(raw["secret_access_key"], _join(item_place, "secret_access_key")),
                    self.string(raw["session_token"], _join(item_place, "session_token")) if raw.get("session_token") is not None else None,
                    self.region(raw["region"], _join(item_place, "region")) if raw.get("region") is not None else None,
                )
            )
        return tuple(credentials)

    def stage(self, name: str, value: Any, place: str) -> StageConfig:
        raw = self.mapping(value, place, CONFIG_KEYS["stages.<name>"])
        methods: dict[str, MethodSettings] = {}
        for key, item in self.mapping(raw.get("methods"), _join(place, "methods")).items():
            item_place = _join(_join(place, "methods"), key)
            route = self.route_key(key, item_place)
            settings = self.mapping(item, item_place, CONFIG_KEYS["stages.<name>.methods.<name>"])
            ttl = settings.get("cache_ttl")
            keys = settings.get("cache_key_parameters")
            methods[route] = MethodSettings(
                self.throttle(settings.get("throttle"), _join(item_place, "throttle")),
                None if ttl is None else self.cache_ttl(ttl, _join(item_place, "cache_ttl")),
                None if keys is None else self.cache_key_parameters(keys, _join(item_place, "cache_key_parameters")),
            )
        variables: dict[str, str] = {}
        for key, item in self.mapping(raw.get("variables"), _join(place, "variables")).items():
            item_place = _join(_join(place, "variables"), str(key))
            if not _STAGE_VARIABLE.fullmatch(str(key)):
                raise self.fail(item_place, "a stage variable's name is letters, digits and underscores (API Gateway's rule)")
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise self.fail(item_place, f"expected a string, got {_kind(item)}")
            variables[str(key)] = str(item)
        ttl = raw.get("cache_ttl")
        return StageConfig(
            name=_stage_name(name),
            throttle=self.throttle(raw.get("throttle"), _join(place, "throttle")),
            cache_ttl=0.0 if ttl is None else self.cache_ttl(ttl, _join(place, "cache_ttl")),
            methods=methods,
            variables=variables,
        )

    def usage_plan(self, name: str, value: Any, place: str) -> UsagePlan:
        raw = self.mapping(value, place, CONFIG_KEYS["usage_plans.<name>"])
        quota: Quota | None = None
        if raw.get("quota") is not None:
            quota_place = _join(place, "quota")
            q = self.mapping(raw["quota"], quota_place, CONFIG_KEYS["usage_plans.<name>.quota"])
            if "limit" not in q:
                raise self.fail(_join(quota_place, "limit"), "required")
            period = str(q.get("period", "DAY")).upper() if isinstance(q.get("period", "DAY"), str) else None
            if period not in ("DAY", "WEEK", "MONTH"):
                raise self.fail(_join(quota_place, "period"), "expected DAY, WEEK or MONTH")
            quota = Quota(
                self.integer(q["limit"], _join(quota_place, "limit")),
                period,  # type: ignore[arg-type]
                self.integer(q.get("offset", 0), _join(quota_place, "offset"), maximum=QUOTA_OFFSET[period]),
            )
        methods: dict[str, Throttle] = {}
        for key, item in self.mapping(raw.get("methods"), _join(place, "methods")).items():
            item_place = _join(_join(place, "methods"), key)
            route = self.route_key(key, item_place)
            settings = self.mapping(item, item_place, CONFIG_KEYS["usage_plans.<name>.methods.<name>"])
            throttle = self.throttle(settings.get("throttle"), _join(item_place, "throttle"))
            if throttle is not None:
                methods[route] = throttle
        return UsagePlan(name, self.throttle(raw.get("throttle"), _join(place, "throttle")), quota, methods)

    def allow(self, value: Any, place: str, key_ids: frozenset[str]) -> tuple[tuple[str, ...], dict[str, str]]:
        """A list of allowed identities, or a mapping identity -> API key id (or null: no key)."""
        if not isinstance(value, dict):
            return self.strings(value, place), {}
        usage_keys: dict[str, str] = {}
        for identity, key_id in self.mapping(value, place).items():
            item_place = _join(place, identity)
            if key_id is None:
                continue
            key_id = self.string(key_id, item_place)
            if key_id not in key_ids:
                raise self.fail(item_place, f"no API key with id {key_id!r} (api_keys has: {', '.join(sorted(key_ids)) or 'none'})")
            usage_keys[identity] = key_id
        return tuple(value), usage_keys

    def region(self, value: Any, place: str) -> str:
        # A request signed for any region would be refused with a message about the scope, far from the typo.
        region = self.string(value, place)
        if not REGION_NAME.fullmatch(region):
            raise self.fail(place, f"{region[:80]!r} is not an AWS region name (like us-east-1 or eu-west-1)")
        return region

    def authorizer(self, name: str, value: Any, place: str, key_ids: frozenset[str] = frozenset()) -> AuthorizerConfig:
        raw = self.mapping(value, place, CONFIG_KEYS["authorizers.<name>"])
        if "hs256_secret" in raw and ("jwks_file" in raw or "jwks" in raw):
            raise self.fail(place, "give either hs256_secret or a JWKS (jwks_file / jwks), not both")
        if "jwks_file" in raw and "jwks" in raw:  # one would be ignored without a word
            raise self.fail(place, "give one of jwks_file (a file) or jwks (the document inline), not both")
        allow: tuple[str, ...] | None = None
        usage_keys: dict[str, str] = {}
        if "allow" in raw:
            allow, usage_keys = self.allow(raw["allow"], _join(place, "allow"), key_ids)
        if raw.get("audience") is not None and not self.strings(raw["audience"], _join(place, "audience")):
            raise self.fail(_join(place, "audience"), "an empty list would turn the app client check off; list the app client ids, or leave audience out to use the definition's")
        jwks = None
        if raw.get("jwks") is not None:
            jwks = self.mapping(raw["jwks"], _join(place, "jwks"))
        return AuthorizerConfig(
            name=name,
            issuer=self.string(raw["issuer"], _join(place, "issuer")) if raw.get("issuer") is not None else None,
            audience=self.strings(raw["audience"], _join(place, "audience")) if raw.get("audience") is not None else None,
            hs256_secret=self.string(raw["hs256_secret"], _join(place, "hs256_secret")) if "hs256_secret" in raw else None,
            jwks_file=self.string(raw["jwks_file"], _join(place, "jwks_file")) if "jwks_file" in raw else None,
            jwks=jwks,
            allow=allow,
            usage_keys=usage_keys,
        )

    def function(self, name: str, value: Any, place: str, base_dir: Path) -> FunctionConfig:
        raw = self.mapping(value, place, CONFIG_KEYS["functions.<name>"])
        if "handler" not in raw:
            raise self.fail(_join(place, "handler"), 'required ("module.function", as Lambda\'s Handler)')
        handler = self.string(raw["handler"], _join(place, "handler"))
        code = Path(self.string(raw.get("code", "."), _join(place, "code")))
        try:
            (code if code.is_absolute() else base_dir / code).stat()
        except FileNotFoundError:
            pass  # said where the functions are set up, with the other checks of the code
        except (OSError, ValueError) as exc:  # a name too long, a NUL byte, a link loop: no folder it could be
            raise self.fail(_join(place, "code"), f"not a folder sdkgen can read ({getattr(exc, 'strerror', None) or exc})") from None
        env = {}
        for key, item in self.mapping(raw.get("env"), _join(place, "env")).items():
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise self.fail(_join(_join(place, "env"), key), f"expected a string, got {_kind(item)}")
            env[key] = str(item)
        return FunctionConfig(
            name, handler, code if code.is_absolute() else (base_dir / code), env,
            self.number(raw.get("timeout", 3), _join(place, "timeout"), minimum=0.001, maximum=900),
            self.integer(raw.get("memory", 128), _join(place, "memory"), minimum=128, maximum=10240),
            place, self.source,
        )  # fmt: skip


def load_config(source: str | Path | Mapping[str, Any] | GatewayConfig | None) -> GatewayConfig:
    """Read a configuration file (YAML/JSON), a dict, or nothing (all defaults)."""
    if source is None:
        return GatewayConfig()
    if isinstance(source, GatewayConfig):
        return source
    origin = ""
    base_dir = Path.cwd()
    if isinstance(source, (str, Path)):
        path = Path(source)
        origin = str(path)
        base_dir = path.parent
        data = read_data(path, "a YAML or JSON configuration")
    else:
        # Anything else (a list, a number) is reported by parse_config as not a mapping.
        data = dict(source) if isinstance(source, Mapping) else source
    return parse_config(data, origin=origin, base_dir=base_dir)


def _stage_name(name: str) -> str:
    """The stage's base path: an HTTP API's ``$default`` stage is served at the root, as on AWS."""
    return "" if name == "$default" else name.strip("/")


def read_data(path: Path, what: str) -> Any:
    """``load.read_data`` (a user's file read as definitions are: size, nesting and alias limits), its problem a
    ``ConfigError`` naming the file and the line."""
    from ..diagnostics import SpecError
    from ..load import read_data as read

    try:
        return read(path, what)
    except SpecError as exc:
        first = exc.diagnostics[0]
        where = f"line {first.line}, column {first.column or 1}: " if first.line is not None else ""
        raise ConfigError("", where + first.message, str(path)) from None


def parse_config(data: Any, *, origin: str = "", base_dir: Path | None = None) -> GatewayConfig:
    r = _Reader(origin)
    root = r.mapping(data, "", CONFIG_KEYS[""])
    stages = {
        _stage_name(str(name)): r.stage(name, value, _join("stages", name))
        for name, value in r.mapping(root.get("stages"), "stages").items()
    }
    plans = {
        name: r.usage_plan(name, value, _join("usage_plans", name))
        for name, value in r.mapping(root.get("usage_plans"), "usage_plans").items()
    }
    keys: list[ApiKeyConfig] = []
    raw_keys = root.get("api_keys") or []
    if not isinstance(raw_keys, list):
        raise r.fail("api_keys", f"expected a list, got {_kind(raw_keys)}")
    seen_values: set[str] = set()
    seen_ids: set[str] = set()
    for i, item in enumerate(raw_keys):
        place = f"api_keys[{i}]"
        raw = r.mapping(item, place, CONFIG_KEYS["api_keys"])
        if "value" not in raw:
            raise r.fail(_join(place, "value"), "required")
        value = r.string(raw["value"], _join(place, "value"))
        key_id = r.string(raw["id"], _join(place, "id")) if "id" in raw else f"key{i + 1}"
        plan = r.string(raw["usage_plan"], _join(place, "usage_plan")) if raw.get("usage_plan") is not None else None
        if plan is not None and plan not in plans:
            raise r.fail(_join(place, "usage_plan"), f"no usage plan named {plan!r} (usage_plans has: {', '.join(plans) or 'none'})")
        if value in seen_values:
            raise r.fail(_join(place, "value"), "the same key value is listed twice")
        if key_id in seen_ids:
            raise r.fail(_join(place, "id"), f"the id {key_id!r} is used twice")
        seen_values.add(value)
        seen_ids.add(key_id)
        keys.append(ApiKeyConfig(key_id, value, plan))
    authorizers = {
        name: r.authorizer(name, value, _join("authorizers", name), frozenset(seen_ids))
        for name, value in r.mapping(root.get("authorizers"), "authorizers").items()
    }
    if base_dir is not None:
        authorizers = {
            name: _resolve_jwks(a, base_dir, r, _join(_join("authorizers", name), "jwks_file")) for name, a in authorizers.items()
        }
    validation = root.get("validation", "spec")
    if validation not in ("spec", "strict", "off"):
        # YAML reads a bare `off` as False.
        if validation is False:
            validation = "off"
        else:
            raise r.fail("validation", f"expected spec, strict or off, got {validation!r}")
    faults: list[Fault] = []
    raw_faults = root.get("faults") or []
    if not isinstance(raw_faults, list):
        raise r.fail("faults", f"expected a list, got {_kind(raw_faults)}")
    for i, item in enumerate(raw_faults):
        place = f"faults[{i}]"
        raw = r.mapping(item, place, CONFIG_KEYS["faults"])
        route_raw = r.string(raw.get("route", "*"), _join(place, "route"))
        route = "*" if route_raw.strip() == "*" else r.route_key(route_raw, _join(place, "route"))
        if "status" not in raw:
            raise r.fail(_join(place, "status"), "required")
        status = r.integer(raw["status"], _join(place, "status"), maximum=599)
        if not 400 <= status <= 599:
            raise r.fail(_join(place, "status"), "expected an HTTP error status (400-599)")
        rate = r.number(raw.get("rate", 1.0), _join(place, "rate"), maximum=1.0)
        faults.append(Fault(route, status, rate))
    raw_latency = r.mapping(root.get("latency_ms"), "latency_ms", CONFIG_KEYS["latency_ms"])
    low = r.number(raw_latency.get("min", 0), "latency_ms.min", maximum=60_000)
    high = r.number(raw_latency.get("max", low), "latency_ms.max", maximum=60_000)
    if high < low:
        raise r.fail("latency_ms.max", "must not be less than latency_ms.min")
    return GatewayConfig(
        stages=stages,
        api_keys=tuple(keys),
        usage_plans=plans,
        authorizers=authorizers,
        validation=validation,
        faults=tuple(faults),
        latency_ms=Latency(low, high),
        retry_after=r.boolean(root.get("retry_after", False), "retry_after"),
        admin=r.boolean(root.get("admin", True), "admin"),
        admin_set="admin" in root,
        seed=r.integer(root.get("seed", 0), "seed", maximum=MAX_SEED),
        iam=r.iam(root.get("iam"), "iam"),
        account_throttle=r.account_throttle(root.get("account_throttle"), "account_throttle"),
        source=origin,
        functions={
            str(name): r.function(str(name), value, _join("functions", name), base_dir or Path.cwd())
            for name, value in r.mapping(root.get("functions"), "functions").items()
        },
        concurrency=r.integer(root.get("concurrency", 4), "concurrency", minimum=1, maximum=256),
    )


def _resolve_jwks(auth: AuthorizerConfig, base_dir: Path, r: _Reader, place: str) -> AuthorizerConfig:
    if auth.jwks_file is None:
        return auth
    import json

    path = Path(auth.jwks_file)
    if not path.is_absolute():
        path = base_dir / path
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise r.fail(place, f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise r.fail(place, f"{path} is not JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise r.fail(place, f'{path} is not a JWKS document (expected {{"keys": [...]}})')
    return replace(auth, hs256_secret=None, jwks=document)


def _join(place: str, key: Any) -> str:
    key = str(key)
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", key):
        key = '"' + key + '"'
    return f"{place}.{key}" if place else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )
