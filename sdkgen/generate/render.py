"""Plans -> file texts, through the jinja2 templates in ``templates/package``."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..model import Schema
from .plan import CLIENT_VARIANTS, ModulePlan, PackagePlan, modules_of, plan_module
from .layout import assign, bracket, docstring_body, import_from, keyword_arg, nested_call, parameter, returns, wrap_single
from .text import literal

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs: compiling them is 0.7 s, most of a small definition's time.

    Jinja's default directory is per user, private, and checked to be so; keyed by each template's
    source and the Python version. A cache that cannot be written is only a slower run.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # no private temporary directory to be had
        return None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES / "package")),
        bytecode_cache=_template_cache(),
        autoescape=False,  # noqa: S701 - the output is Python and Markdown, escaped in Python beforehand
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pyrepr"] = literal
    # Layout (where lines break) is presentation: the templates ask for it, the decisions stay in plan.py.
    env.globals.update(assign=assign, bracket=bracket, docstring_body=docstring_body, import_from=import_from, keyword_arg=keyword_arg, parameter=parameter, nested_call=nested_call, returns=returns, wrap_single=wrap_single)
    return env


# What building or installing the project leaves in it (`pip install ./DIR` makes build/ and *.egg-info).
GITIGNORE = "build/\ndist/\n*.egg-info/\n__pycache__/\n*.py[cod]\n"

RUNTIME_MODULES = tuple(sorted(m.name for m in (TEMPLATES / "runtime").glob("_*.py")))


def runtime_files(package: str) -> frozenset[str]:
    """The generated project's copies of the runtime: black-clean as they are (a test checks it)."""
    return frozenset(f"{package}/{name}" for name in RUNTIME_MODULES)


def render(plan: PackagePlan, schemas: list[Schema]) -> dict[str, str]:
    """Relative path -> content of every file of the generated project (``schemas``: the API's models)."""
    return {**render_package(plan), **render_models(plan.package, [plan_module(m, group) for m, group in modules_of(schemas)])}


def render_package(plan: PackagePlan) -> dict[str, str]:
    """Every file of the project but the models' modules."""
    env = _environment()
    pkg = plan.package
    client = env.get_template("_client.py.j2")
    files: dict[str, str] = {
        ".gitignore": GITIGNORE,
        "pyproject.toml": env.get_template("pyproject.toml.j2").render(plan=plan),
        "README.md": env.get_template("README.md.j2").render(plan=plan),
        f"{pkg}/__init__.py": env.get_template("__init__.py.j2").render(plan=plan),
        f"{pkg}/py.typed": "",
        **{f"{pkg}/{v.module}.py": client.render(plan=plan, v=v) for v in CLIENT_VARIANTS},
        f"{pkg}/_operations.py": env.get_template("_operations.py.j2").render(plan=plan),
        f"{pkg}/types/__init__.py": env.get_template("types/__init__.py.j2").render(plan=plan),
    }
    if plan.namespaces:
        files[f"{pkg}/_resources.py"] = env.get_template("_resources.py.j2").render(plan=plan)
    # The runtime is hand-written and tested once, directly; every package gets a verbatim copy.
    for name in RUNTIME_MODULES:
        files[f"{pkg}/{name}"] = (TEMPLATES / "runtime" / name).read_text(encoding="utf-8")
    return files


def render_models(package: str, modules: list[ModulePlan]) -> dict[str, str]:
    """The file of each of the models' ``modules``."""
    template = _environment().get_template("types/module.py.j2")
    return {f"{package}/types/{module.module}.py": template.render(module=module) for module in modules}
