"""Hand-made mutants of `sdkgen contract`: each breaks one promise of the README's "Contract testing" section.

For each: apply it, run the tests said to guard it, restore the file. Prints KILLED or SURVIVED per mutant
and exits 1 if any survived. Slow (a minute or three): not part of the suite. Run from a clean checkout:

    PYTHONPATH=. python tests/contract_mutants.py [name-substring ...]
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
T = "tests/test_contract_promises.py"
C, L = "sdkgen/contract.py", "sdkgen/cli.py"
MUTANTS = [
 ("content-type check removed", C, """problems.append(f"content type {content_type or 'none'!r} is not one of {declared}")""", "pass", "content_type"),
 ("'not valid JSON' check removed", C, """return problems + ["the body is not valid JSON"]""", "return problems", "not_json"),
 ("undocumented status accepted", C, """return [f"status {response.status_code} is not documented"]""", "return []", "status or exit_codes"),
 ("body schema not checked", C, """problems.extend(f"body {p}" for p in validate_value(schema, body)[:5])""", "pass", "breaks_the_schema or columns"),
 ("--operations ignored (verify)", C, "if wanted and key not in wanted:", "if False:", "operations_limits"),
 ("--operations ignored (cli)", L, "operations=operations, max_examples", "operations=(), max_examples", "operations_limits"),
 ("--header ignored (request)", C, "    headers.update(extra)\n", "    pass\n", "header_is_sent"),
 ("--header ignored (cli)", L, "extra[name.strip()] = value.strip()", "pass", "header_is_sent"),
 ("unsafe always called", C, "unsafe = operation.method in UNSAFE and not include_unsafe", "unsafe = False", "unsafe_methods"),
 ("unsafe never called", C, "unsafe = operation.method in UNSAFE and not include_unsafe", "unsafe = operation.method in UNSAFE", "unsafe_methods"),
 ("--include-unsafe not passed on", L, "include_unsafe=include_unsafe, negative", "include_unsafe=False, negative", "unsafe_methods"),
 ("--api-key not sent", C, "auth.headers[scheme.param_name] = credentials.api_key", "pass", "api_key_and_token"),
 ("--token not sent (raw)", C, "auth.headers[scheme.param_name] = credentials.token", "pass", "api_key_and_token"),
 ("--token not Bearer", C, 'auth.headers["Authorization"] = f"Bearer {credentials.token}"', 'auth.headers["Authorization"] = credentials.token', "bearer"),
 ("examples not used first", C, "use_examples=index == 0)", "use_examples=False)", "inputs_come"),
 ("same input every request", C, "seed + index, use_examples", "seed, use_examples", "inputs_come or generated_bodies or example_that"),
 ("invalid examples used", C, "            if not validate_value(schema, candidate):\n                return candidate", "            return candidate", "inputs_come or generated_bodies or example_that"),
 ("table: passed/failed swapped", L, "{r.passed:>6}  {r.failed:>6}", "{r.failed:>6}  {r.passed:>6}", "columns"),
 ("table: first violation not shown", L, "note = r.first_violation or", "note = '' or", "columns or content_type"),
 ("summary line wrong", L, "{failed} with violations", "{called} with violations", "columns"),
 ("junit: case named without check", C, 'name=result.name, time=', 'name=result.key, time=', "junit or negative_checks_pass"),
 ("junit: failures count", C, 'failures=str(sum(1 for r in results if r.failed))', 'failures="0"', "junit"),
 ("junit: failure message dropped", C, 'message=result.first_violation[:500]', 'message=""', "junit"),
 ("junit: skipped element dropped", C, 'ET.SubElement(case, "skipped", message=result.skipped)', 'pass', "junit"),
 ("--report not written", L, "junit_report(results, report, api.title or spec.name)", "pass", "junit"),
 ("exit 0 on violations", L, "    if failed:\n        sys.exit(1)", "    if False:\n        sys.exit(1)", "exit_codes or columns"),
 ("exit 0 when nothing checked", L, "    if not called and not checks:", "    if False:", "nothing_checked or without_aws"),
 ("--url scheme not checked", L, "    if not _http_url(url):", "    if False:", "exit_codes or not_http"),
 ("--header form not checked", L, "if not sep or not name.strip():", "if False:", "exit_codes"),
 ("request failure not a violation", C, "        result.failed += 1\n        result.violations.append(f\"request failed: {exc}\")", "        pass", "reached"),
 ("SigV4 not signed", C, "runtime_signer().sign(request.http, request.aws)", "pass", "iam_operations_are_signed or profile"),
 ("env AWS credentials ignored", C, '    if key and secret:\n        return signer.AwsCredentials', '    if False:\n        return signer.AwsCredentials', "iam_operations_are_signed"),
 ("session token dropped", C, 'signer.AwsCredentials(key, secret, env.get("AWS_SESSION_TOKEN") or None)', 'signer.AwsCredentials(key, secret, None)', "iam_operations_are_signed"),
 ("AWS_PROFILE ignored", C, 'name = profile or "default"', 'name = "default"', "profile"),
 ("missing profile silently ignored", C, '            raise ContractError(f"AWS_PROFILE is {profile!r} but {path} has no [{profile}] profile")', '            return None', "profile"),
 ("sigv4 ops not skipped without creds", C, "                result.skipped = NO_AWS_CREDENTIALS\n            else:", "                pass\n            if alternative is not None:", "without_aws or negative_checks_on_iam"),
 ("--negative ignored", L, "negative=negative, seed", "negative=False, seed", "negative"),
 ("no-credentials check sends credentials", C, "(NO_CREDENTIALS, _Auth())", "(NO_CREDENTIALS, _auth(api, first, credentials))", "negative_checks_pass or permissive or by_header"),
 ("wrong-key check sends the right key", C, "(WRONG_KEY, _wrong_auth(api, first, credentials))", "(WRONG_KEY, _auth(api, first, credentials))", "negative_checks_pass or permissive or negative_checks_on_iam"),
 ("negative accepts any status", C, "        if response.status_code in expected:", "        if True:", "permissive"),
 ("invalid body check sends a valid body", C, "content = _invalid_body(body)", "content = None", "negative_checks_pass or permissive"),
 ("invalid body check without validator too", C, "if operation.validator is not None and operation.validator.body and body is not None:", "if body is not None:", "negative_checks_pass or only_where"),
 ("--header credentials kept in negative", C, "request = _build_request(client, operation, url, user_headers, auth", "request = _build_request(client, operation, url, credentials.headers, auth", "by_header"),
 ("token signature not altered", C, 'parts[2] = ("B" if signature[0] != "B" else "C") + signature[1:]', "pass", "negative_checks_pass or permissive"),
 ("wrong SigV4 secret is the real one", C, '"sdkgen-contract-wrong-secret",', 'credentials.aws.secret_access_key if credentials.aws is not None else "x",', "negative_checks_on_iam"),
 ("unknown --operations accepted", L, "    if unknown:\n", "    if False:\n", "rejects_bad_flags"),
 ("--max-examples ignored", C, "for index in range(max(1, max_examples)):", "for index in range(1):", "columns or reached"),
 ("--url host not checked", L, 'return parsed.scheme in ("http", "https") and bool(parsed.host)', 'return parsed.scheme in ("http", "https")', "not_http"),
 ("report write error unhandled", L, "        except OSError as exc:\n            _fail(f\"cannot write the report", "        except ZeroDivisionError as exc:\n            _fail(f\"cannot write the report", "cannot_be_written"),
 ("AWS lookup for every definition", L, 'if any(s.kind == "sigv4" for s in api.security_schemes.values()):', "if True:", "only_to_definitions"),
 ("no alternative chosen by credentials", C, "        if all(_has(api.security_schemes.get(n), credentials) for n in alternative):\n            return alternative\n", "", "bearer or iam_operations_are_signed"),
]
only = sys.argv[1:]
env = dict(os.environ, PYTHONPATH=str(ROOT))
survived = []
for name, path, old, new, tests in MUTANTS:
    if only and not any(o in name for o in only):
        continue
    file = ROOT / path
    text = file.read_text()
    assert text.count(old) == 1, (name, text.count(old))
    file.write_text(text.replace(old, new))
    try:
        r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", T, "tests/test_contract.py", "-k", tests],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-200:]
        failed = [l.split("::")[-1].split(" ")[0] for l in r.stdout.splitlines() if l.startswith("FAILED")]
        print(f"{'KILLED' if r.returncode else 'SURVIVED'} | {name} | {failed} | {last}", flush=True)
        if not r.returncode:
            survived.append(name)
    finally:
        file.write_text(text)
print(f"{len(survived)} survived: {survived}" if survived else "all killed")
sys.exit(1 if survived else 0)
