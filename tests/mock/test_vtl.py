"""sdkgen.mock.vtl: $input, $util, $context and JSONPath as API Gateway has them, and the sandbox's bounds.

Expected values come from AWS's mapping template reference (api-gateway-mapping-template-reference) and from
answers of real API Gateway recorded by ToQoz/api-gateway-mapping-template (test/_.md, test/input.js), as cited
per test; apigateway.md has no section on mapping templates.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from sdkgen.mock import vtl
from sdkgen.mock.vtl import ErrorInfo, LimitExceeded, Params, PayloadError, RequestView, VtlError, compile_template, render, variables


def run(template: str, body: str = "", params: Params | None = None, **view: object) -> str:
    request = RequestView(body=body, params=params or Params(), **view)  # type: ignore[arg-type]
    return render(compile_template(template), variables(request))


# -- $input -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "body", "expected"),
    [
        # Recorded answers of API Gateway (ToQoz test/_.md): a body that is not JSON is a string...
        ("$input.json('$')", "a=b", '"a=b"'),
        ("$input.path('$')", "a=b", "a=b"),
        ("$input.path('$')", '"a=b"', "a=b"),
        ("$input.path('$')", "a{b", "a{b"),
        ("$input.path('$')", "null{", "null{"),
        # ...an empty body is an empty object...
        ("$input.json('$')", "", "{}"),
        ("$input.json('$')", "{}", "{}"),
        # ...and JSON is read as JSON (test/input.js).
        ("$input.path('$.name')", '{"name": "toqoz"}', "toqoz"),
        ("$input.path('$.names')", '{"names": ["toqoz", "foo", "bar"]}', "[toqoz, foo, bar]"),
        ("$input.json('$.name')", '{"name": "toqoz"}', '"toqoz"'),
        ("$input.json('$.names')", '{"names": ["toqoz", "foo", "bar"]}', '["toqoz","foo","bar"]'),
        ("$input.path('$.names').size()", '{"names": ["a", "b"]}', "2"),
        ("$input.path('$.o')", '{"o": {"a": 1, "b": true, "c": null}}', "{a=1, b=true, c=null}"),
        ("$input.body", '{"raw": 1}', '{"raw": 1}'),
        ("$input.json('$.missing')", '{"a": 1}', "null"),
    ],
)
def test_input_body_json_and_path(template: str, body: str, expected: str) -> None:
    assert run(template, body) == expected


@pytest.mark.parametrize("body", ["{a", "[a", '{"a": '])
def test_a_body_that_starts_like_json_and_is_not_is_a_400(body: str) -> None:
    # Recorded: "{a" and "[a" answer 400 {"message": "Could not process payload..."} (ToQoz test/_.md).
    with pytest.raises(PayloadError):
        run("$input.path('$')", body)
    assert run("$input.body", body) == body  # the raw body alone is fine


def test_input_params_precedence_and_maps() -> None:
    # $input.params(x): path first, then query string, then header (reference; ToQoz test/input.js).
    both = Params({"name": "p"}, {"name": "q"}, {"name": "h"})
    assert run("$input.params('name')", params=both) == "p"
    assert run("$input.params('name')", params=Params({}, {"name": "q"}, {"name": "h"})) == "q"
    assert run("$input.params('name')", params=Params({}, {}, {"name": "h"})) == "h"
    assert run("[$input.params('absent')]", params=both) == "[]"
    assert run("$input.params('X-TRACE')", params=Params(header={"x-trace": "t"})) == "t"  # header names: any case
    header = Params(header={"NAME": "TOQOZ", "AGE": "999"})
    assert run('"$input.params().header"', params=header) == '"{NAME=TOQOZ, AGE=999}"'
    assert run("$input.params().header.get('NAME')", params=header) == "TOQOZ"
    assert run('"$input.params().header.keySet()"', params=header) == '"[NAME, AGE]"'
    assert run("$input.params().header.keySet().size() $input.params().header.entrySet().size()", params=header) == "2 2"
    loop = '{#foreach($key in $input.params().header.keySet())"$key": "$input.params().header.get($key)"#if($foreach.hasNext), #end#end}'
    assert run(loop, params=header) == '{"NAME": "TOQOZ", "AGE": "999"}'
    assert run("$input.params().path.id/$input.params().querystring.q", params=Params({"id": "7"}, {"q": "x"})) == "7/x"


# -- $util --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The reference: "turns any regular single quotes (') into escaped ones (\')"; with JavaScript string rules
        # (Commons Lang's escapeJavaScript): double quote, backslash and slash escaped, controls, non-ASCII as \uXXXX.
        ("it's", "it\\'s"),
        ('say "hi"', 'say \\"hi\\"'),
        ("a\\b/c", "a\\\\b\\/c"),
        ("line\nnext\ttab\r", "line\\nnext\\ttab\\r"),
        ("\x01", "\\u0001"),
        ("é", "\\u00E9"),
        ("€", "\\u20AC"),
        ("😀", "\\uD83D\\uDE00"),
        ("plain", "plain"),
    ],
)
def test_util_escape_javascript(text: str, expected: str) -> None:
    assert vtl.escape_javascript(text) == expected
    assert run("$util.escapeJavaScript($input.path('$.t'))", json.dumps({"t": text})) == expected


def test_util_url_base64_and_parse_json() -> None:
    params = Params(querystring={"q": "a b&c=d~*é"})
    # java.net.URLEncoder: space as +, "*" kept, "~" escaped, UTF-8.
    assert run("$util.urlEncode($input.params('q'))", params=params) == "a+b%26c%3Dd%7E*%C3%A9"
    assert run("$util.urlDecode('a+b%26c%3Dd%7E*%C3%A9')") == "a b&c=d~*é"
    assert run("$util.base64Encode('hello')") == "aGVsbG8="
    assert run("$util.base64Decode('aGVsbG8=')") == "hello"
    with pytest.raises(VtlError):
        run("$util.base64Decode('not base64!')")
    # $util.parseJson: stringified JSON to an object (reference example: a JSON string inside a property).
    body = json.dumps({"payload": json.dumps({"items": [{"id": 3}]})})
    assert run("#set($p = $util.parseJson($input.path('$.payload')))$p.items.get(0).id", body) == "3"
    with pytest.raises(VtlError):
        run("$util.parseJson('{oops')")


# -- $context, $stageVariables --------------------------------------------------------------------------


def test_context_variables() -> None:
    when = datetime(2026, 12, 3, 9, 5, 7, 250000, tzinfo=timezone.utc)
    view = RequestView(
        method="POST", path="/dev/pets/7", resource_path="/pets/{petId}", stage="dev", request_id="rid-1",
        source_ip="10.0.0.9", user_agent="ua/1", api_key="key-value", api_key_id="alice", api_id="abc123",
        domain_name="abc123.execute-api.eu-west-1.amazonaws.com", authorizer={"principalId": "user-1", "claims": {"sub": "s-1"}},
        stage_variables={"backend": "blue"}, now=when,
    )  # fmt: skip
    template = (
        "$context.requestId|$context.requestTime|$context.requestTimeEpoch|$context.stage|$context.resourcePath|"
        "$context.httpMethod|$context.identity.sourceIp|$context.identity.apiKey|$context.identity.apiKeyId|"
        "$context.authorizer.principalId|$context.authorizer.claims.sub|$context.apiId|$context.domainName|"
        "$context.domainPrefix|$context.path|$context.identity.userAgent|$stageVariables.backend"
    )
    out = render(compile_template(template), variables(view)).split("|")
    assert out == [
        "rid-1", "03/Dec/2026:09:05:07 +0000", "1796288707250", "dev", "/pets/{petId}", "POST", "10.0.0.9", "key-value",
        "alice", "user-1", "s-1", "abc123", "abc123.execute-api.eu-west-1.amazonaws.com", "abc123", "/dev/pets/7", "ua/1", "blue",
    ]  # fmt: skip


def test_context_error_variables() -> None:
    # Gateway responses: $context.error.messageString is the message as a quoted JSON string (apigateway.md's
    # default body template {"message":$context.error.messageString}).
    names = variables(RequestView(), body="", error=ErrorInfo('Say "no"', "ACCESS_DENIED", "bad [x]"))
    template = compile_template('{"message":$context.error.messageString}|$context.error.message|$context.error.responseType|$context.error.validationErrorString')
    body, message, kind, validation = render(template, names).split("|")
    assert json.loads(body) == {"message": 'Say "no"'}
    assert (message, kind, validation) == ('Say "no"', "ACCESS_DENIED", "bad [x]")


def test_templates_get_fresh_data_every_render() -> None:
    view = RequestView(body='{"a": [1]}', stage_variables={"v": "1"})
    template = compile_template("#set($context.stage = 'hacked')#set($stageVariables.v = '2')$input.path('$.a').add(2)$input.path('$.a').size()")
    assert render(template, variables(view)) == "true1"  # the parsed body is not changed through what path() gave
    assert render(compile_template("$context.stage|$stageVariables.v"), variables(view)) == "|1"


# -- JSONPath ---------------------------------------------------------------------------------------------

DOC = {
    "store": {
        "name": "corner",
        "items": [{"id": 1, "name": "pen", "price": 2}, {"id": 2, "name": "book", "price": 12}, {"id": 3, "name": "ink", "price": 7}],
        "odd key": True,
    }
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$", DOC),
        ("$.store.name", "corner"),
        ("$['store']['name']", "corner"),
        ('$["store"]["odd key"]', True),
        ("$.store.items[0].name", "pen"),
        ("$.store.items[-1].id", 3),
        ("$.store.items[*].id", [1, 2, 3]),
        ("$.store.items[0:2].id", [1, 2]),
        ("$.store.items[0,2].name", ["pen", "ink"]),
        ("$..price", [2, 12, 7]),
        ("$.store.items[?(@.price < 10)].name", ["pen", "ink"]),
        ("$.store.items[?(@.name == 'book')].id", [2]),
        ("$.store.missing", None),
        ("$.store.items[9]", None),
        ("$.store.items[*].missing", []),
    ],
)
def test_json_path(path: str, expected: object) -> None:
    assert vtl.json_path(DOC, path) == expected


@pytest.mark.parametrize("path", ["store", "$.", "$[", "$[?(@.a ~ 1)]", "$.a[1:2:3:4]"])
def test_bad_json_paths_are_template_errors(path: str) -> None:
    with pytest.raises(VtlError):
        vtl.json_path(DOC, path)


# -- hostile templates and payloads ---------------------------------------------------------------------

ESCAPES = [
    "$input.getClass()", "$input.class", "$input.__class__", "$input.__init__.__globals__", "$input._params",
    "$input._doc()", "$util.__dict__", "$util.escapeJavaScript.__self__", "$context.__class__", "$context.items()",
    "$context.copy()", "$input.body.__class__.__mro__", "$input.body.encode('utf-8')", "$input.body.format($input)",
    "'{0.__class__}'.format($input)", "#set($f = $util.escapeJavaScript)$f", "$input.params().__class__",
    "$input.params().pop('path')", "#set($x = [1])$x.__len__()", "$input.path('$').__class__", "$stageVariables.clear()",
    "#set($m = {})$m.setdefault('a', $input)", "$input.json.__globals__", "$util.parseJson.__code__",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_no_python_attribute_is_reachable(template: str) -> None:
    try:
        out = run(template, '{"a": 1}', Params({"id": "1"}))
    except VtlError:
        return  # refused: as good as unreachable
    # Velocity prints an unresolved reference as written; nothing of a Python object shows.
    assert not any(marker in out for marker in ("<", "0x", "object at", "builtins", "function", "mappingproxy")), out
    assert len(out) <= len(template) + 2, out


def test_templates_cannot_include_parse_or_evaluate() -> None:
    for template in ("#include('/etc/passwd')", "#parse('/etc/passwd')", "#evaluate('$input.body')"):
        with pytest.raises(VtlError):
            run(template)


def test_output_is_bounded() -> None:
    with pytest.raises(LimitExceeded):
        run('#set($x = "aaaaaaaaaaaaaaaa")#foreach($i in [1..40])#set($x = "$x$x")#end$x')
    with pytest.raises(LimitExceeded):
        run('#set($x = "aaaaaaaaaaaaaaaa")#foreach($i in [1..40])#set($x = $x + $x)#end')
    with pytest.raises(VtlError):
        run('#set($x = "a" * 1000000000)')  # Velocity has no string repetition
    with pytest.raises(VtlError):
        run('#set($x = "%999999999d" % 1)')  # nor Python's % formatting


def test_steps_and_loops_are_bounded() -> None:
    with pytest.raises(LimitExceeded):
        run("#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end")
    # 1,000 iterations per #foreach (API Gateway's quota as remembered; unverified here), then the loop stops.
    assert run("#foreach($i in [1..5000])x#end") == "x" * 1000
    with pytest.raises(VtlError):
        run("#macro(f $n)#f($n)#end#f(1)")  # endless recursion
    with pytest.raises(LimitExceeded):
        run("#set($n = 9223372036854775807)#set($m = $n * $n)")  # Java's long, not Python's unbounded int


def test_regular_expressions_run_in_linear_time() -> None:
    body = json.dumps({"s": "a" * 100_000 + "!"})
    # (a+)+$ backtracks exponentially in Python's re; RE2 answers at once.
    assert run("$input.path('$.s').matches('(a+)+$')", body) == "false"
    assert run("$input.path('$.s').replaceAll('(a+)+!', 'x')", body) == "x"
    assert run("#set($s = 'a-b-c')$s.replaceAll('([a-z])-', '$1+')") == "a+b+c"
    assert run("#set($s = 'a,b,,')$s.split(',').size()") == "2"  # Java drops trailing empty strings
    # Regular expressions with backslashes in string literals compile (airspeed alone refuses '\d').
    assert run("#set($s = 'a1b22')$s.replaceAll('\\d+', '#') $s.matches('[a-z]\\d[a-z]\\d{2}')") == "a#b# true"


def test_hostile_templates_fail_to_compile_cleanly() -> None:
    with pytest.raises(VtlError):
        compile_template("x" * (vtl.MAX_TEMPLATE + 1))
    with pytest.raises(VtlError):
        compile_template("#if(true)" * 20_000 + "#end" * 20_000)
    with pytest.raises(VtlError):
        compile_template("#foreach($x)#end")


def test_hostile_payloads() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(PayloadError):
        run("$input.json('$')", deep)
    nested = "[" * 400 + "]" * 400
    inner = [json.loads("[" * depth + "]" * depth) for depth in range(399, 0, -1)]  # every list below the root
    assert run("$input.json('$..*')", nested) == json.dumps(inner, separators=(",", ":"))
    with pytest.raises(LimitExceeded):
        run("$input.json('$..*..*..*..*')", nested)  # descendants of descendants: ~400^4/24 nodes, stopped by the budget


def test_java_methods_of_values() -> None:
    template = "#set($s = 'Hello')#set($t = 'a b')$s.length() $s.toUpperCase() $s.substring(1, 3) $s.indexOf('l') $t.replace(' ', '_')"
    assert run(template) == "5 HELLO el 2 a_b"
    assert run("#set($m = {'a': 1})$m.containsKey('a') $m.isEmpty() #set($l = [1, 2])$l.get(1) $l.contains(3)") == "true false 2 false"
    assert run("#if($missing > 3)yes#{else}no#end #if('a' < 1)yes#{else}no#end") == "no no"  # Velocity: false, not an error
    assert run("#set($x = 7 / 2)$x #set($y = -7 / 2)$y #set($z = 1 / 0)$!z") == "3 -3 "


@pytest.mark.parametrize(
    "template",
    ["#set($a = {})#set($a.x = $a)$a", "#set($a = [])#set($b = $a.add($a))$a", "#set($a = {})#set($a.x = $a)$util.escapeJavaScript($a)"],
)
def test_self_referencing_values_are_template_errors(template: str) -> None:
    with pytest.raises(VtlError):
        run(template)
