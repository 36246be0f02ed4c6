"""CloudFormation's YAML short forms load as their long forms; outside a template they stay an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkgen.diagnostics import SpecError
from sdkgen.sources import read_any
from sdkgen.sources.cfn_yaml import SHORT_FORMS, load_yaml

SCALAR = {"Ref": "Name", "Condition": "IsProd", "Fn::ImportValue": "shared", "Fn::Base64": "text", "Fn::GetAZs": "",
          "Fn::Sub": "${AWS::Region}-x"}  # fmt: skip


@pytest.mark.parametrize("short", sorted(SHORT_FORMS), ids=str)
def test_every_short_form_loads_as_its_long_form(short: str) -> None:
    long_form = SHORT_FORMS[short]
    # Each form in the YAML shape it is written in: a scalar, a sequence or a mapping.
    if short == "GetAtt":
        assert load_yaml("v: !GetAtt Fn.Arn", "t.yaml") == {"v": {"Fn::GetAtt": ["Fn", "Arn"]}}
        return
    if short == "Transform":
        data = load_yaml("v: !Transform {Name: AWS::Include, Parameters: {Location: a.yaml}}", "t.yaml")
        assert data == {"v": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "a.yaml"}}}}
        return
    if long_form in SCALAR:
        assert load_yaml(f"v: !{short} '{SCALAR[long_form]}'", "t.yaml") == {"v": {long_form: SCALAR[long_form]}}
    else:
        assert load_yaml(f"v: !{short} [a, b]", "t.yaml") == {"v": {long_form: ["a", "b"]}}


def test_short_forms_nest_and_getatt_keeps_dots_after_the_first() -> None:
    data = load_yaml(
        "a: !Select [0, !GetAZs '']\n"
        "b: !GetAtt Stack.Outputs.Url\n"
        "c: !Sub ['${X}-y', {X: !Ref Name}]\n"
        "d: !If [IsProd, !Join ['', [a, !Ref B]], !Ref AWS::NoValue]\n",
        "t.yaml",
    )
    assert data["a"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    assert data["b"] == {"Fn::GetAtt": ["Stack", "Outputs.Url"]}
    assert data["c"] == {"Fn::Sub": ["${X}-y", {"X": {"Ref": "Name"}}]}
    assert data["d"] == {"Fn::If": ["IsProd", {"Fn::Join": ["", ["a", {"Ref": "B"}]]}, {"Ref": "AWS::NoValue"}]}


def test_an_unknown_tag_is_a_located_error() -> None:
    with pytest.raises(SpecError) as caught:
        load_yaml("Resources:\n  A: !Bogus x\n", "t.yaml")
    diagnostic = caught.value.diagnostics[0]
    assert "!Bogus" in diagnostic.message and diagnostic.line == 2


def test_yaml_one_point_two_booleans_as_in_definitions() -> None:
    assert load_yaml("Resources: {}\nv: on\nw: true\n", "t.yaml") == {"Resources": {}, "v": "on", "w": True}


def test_short_forms_outside_a_template_are_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text("openapi: 3.0.1\ninfo: {title: !Ref Name, version: '1'}\npaths: {}\n")
    with pytest.raises(SpecError) as caught:
        read_any(path)
    assert "constructor for the tag '!Ref'" in caught.value.diagnostics[0].message


def test_a_template_with_short_forms_is_read(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: !Ref AWS::StackName}\n")
    assert read_any(path).data["Resources"]["Api"]["Properties"] == {"Name": {"Ref": "AWS::StackName"}}
