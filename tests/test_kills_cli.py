"""CLI output that mutation testing of sdkgen/cli.py found unguarded (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sdkgen.cli import main


def many_warnings(tmp_path: Path, count: int) -> Path:
    """A definition whose `count` operations have no operationId: one warning each."""
    paths = {f"/p{i}": {"get": {"responses": {"200": {"description": "ok"}}}} for i in range(count)}
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps({"openapi": "3.0.1", "info": {"title": "many", "version": "1"}, "paths": paths}))
    return spec


def test_generate_shows_twenty_warnings_and_counts_the_rest(tmp_path: Path) -> None:
    spec = many_warnings(tmp_path, 23)
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning: ") == 20 and "... and 3 more warnings (--verbose shows all)" in result.stderr
    result = CliRunner().invoke(main, ["generate", str(spec), "-o", str(tmp_path / "out"), "--verbose"])
    assert result.stderr.count("warning: ") == 23 and "more warnings" not in result.stderr


def test_errors_are_red_and_warnings_yellow_on_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(many_warnings(tmp_path, 1))], color=True)
    assert "\x1b[33m\x1b[1mwarning: " in result.stderr and "\x1b[31m" not in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"openapi": "3.0.1", "info": {"title": "b", "version": "1"}, "paths": {"/x": {"get": {}}}}))
    result = CliRunner().invoke(main, ["validate", str(broken)], color=True)
    assert result.exit_code == 1 and "\x1b[31m\x1b[1merror: " in result.stderr, result.stderr


def test_a_required_option_left_out_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    """`generate` needs -o/--output and `contract` --url (README, Commands): without them the command stops with
    click's usage error (exit 2) naming the option, before reading the definition, and writes nothing."""
    spec = many_warnings(tmp_path, 1)
    for args, option in ((["generate", str(spec)], "'-o' / '--output'"), (["contract", str(spec)], "'--url'")):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert f"Missing option {option}" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["api.json"]


def test_contract_refuses_a_definition_the_validator_refuses_unless_lenient(tmp_path: Path) -> None:
    """`sdkgen contract` loads the definition as `generate` does: strictly unless `--lenient` (a flag). Strict, the
    validator's finding is the error and no request is made; lenient, it is a warning and the checks run (here
    against a closed port on 127.0.0.1: each request fails, which is the contract's own failure, not a usage one)."""
    from test_promises_cli import REFUSED_BUT_USABLE

    spec = tmp_path / "len.yaml"
    spec.write_text(REFUSED_BUT_USABLE, encoding="utf-8")
    url = "http://127.0.0.1:9/prod"  # the discard port: nothing listens, connections are refused at once
    strict = CliRunner().invoke(main, ["contract", str(spec), "--url", url])
    assert strict.exit_code == 1 and "bogusKey" in strict.stderr and "error" in strict.stderr, strict.output
    lenient = CliRunner().invoke(main, ["contract", str(spec), "--url", url, "--lenient"])
    assert lenient.exit_code == 1 and "error: unexpected property 'bogusKey'" not in lenient.stderr, lenient.output
    assert "GET /a" in lenient.stdout and "Connection refused" in lenient.stdout, lenient.output


def test_fewer_warnings_than_shown_get_no_count_line(tmp_path: Path) -> None:
    """Up to twenty warnings are all shown and nothing more is said (no "... and -19 more")."""
    for count in (1, 20):
        result = CliRunner().invoke(main, ["generate", str(many_warnings(tmp_path, count)), "-o", str(tmp_path / "out")])
        assert result.exit_code == 0, result.output
        assert result.stderr.count("warning: ") == count and "more warnings" not in result.stderr


def test_a_failure_is_a_red_bold_error_on_a_terminal(tmp_path: Path) -> None:
    """A failure that is not the definition's (here an output folder holding the user's own files) is one line
    starting with "error: " in bold red on a terminal, as the definition's errors are."""
    output = tmp_path / "out"
    output.mkdir()
    (output / "mine.txt").write_text("the user's", encoding="utf-8")
    result = CliRunner().invoke(main, ["generate", str(many_warnings(tmp_path, 0)), "-o", str(output)], color=True)
    assert result.exit_code == 1 and result.stderr.startswith("\x1b[31m\x1b[1merror: "), repr(result.stderr)


def test_generate_reports_the_time_it_took(tmp_path: Path) -> None:
    """The summary line ends with the seconds the generation took: never more than the whole call took here."""
    import re
    import time

    started = time.perf_counter()
    result = CliRunner().invoke(main, ["generate", str(many_warnings(tmp_path, 1)), "-o", str(tmp_path / "out")])
    took = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    shown = re.search(r"files in .* \((\d+\.\d)s\)$", result.stdout.strip().splitlines()[0])
    assert shown is not None and 0.0 <= float(shown.group(1)) <= took + 0.05, (result.stdout, took)
