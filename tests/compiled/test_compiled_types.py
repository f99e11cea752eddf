"""The compiled build type-checks: mypyc refuses a module mypy rejects, and an editable
pure install (RASD_PURE=1) never runs that check, so a type error in a hot module would
only show as a failed `pip install` on a fresh machine."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compiled() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COMPILED" for t in node.targets):
            return [str(ROOT / ast.literal_eval(e)) for e in node.value.elts]  # type: ignore[attr-defined]
    raise AssertionError("setup.py has no COMPILED list")


def test_every_compiled_module_type_checks():
    api = pytest.importorskip("mypy.api")
    modules = _compiled()
    assert all(Path(m).exists() for m in modules), modules
    out, err, status = api.run(["--ignore-missing-imports", "--no-incremental", *modules])
    assert status == 0, out + err
