"""The house rules, enforced: layered imports (import-linter), the public facade, module sizes."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import proxenia

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_facade_exports_exactly_its_all() -> None:
    public = {name for name in dir(proxenia) if not name.startswith("_")}
    assert set(proxenia.__all__) <= public | {"__version__"}
    for name in proxenia.__all__:
        assert getattr(proxenia, name) is not None


def test_layers_have_a_readme_stating_the_rule() -> None:
    for layer in ("domain", "store"):
        text = (ROOT / "src" / "proxenia" / layer / "README.md").read_text(encoding="utf-8")
        assert "import" in text.lower()


def test_modules_stay_small() -> None:
    too_big = []
    for path in (ROOT / "src" / "proxenia").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 450:
            too_big.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_big, "split these modules by concern: " + "; ".join(too_big)


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def _calls_services(node: ast.Call) -> bool:
    """``services.x.y(...)`` or ``_services(request).x.y(...)``: a call into the services layer."""
    if not isinstance(node.func, ast.Attribute):
        return False
    root = _root(node.func)
    return (isinstance(root, ast.Name) and root.id == "services") or (
        isinstance(root, ast.Call) and isinstance(root.func, ast.Name) and root.func.id == "_services"
    )


def test_async_routes_leave_the_services_to_a_worker_thread() -> None:
    """Services block (the database, imports): called from an ``async def`` route they hold up every other
    request — QA saw a 20 MB import stall a page for 10 s. Async routes hand them to a thread
    (``run_in_threadpool``, ``web.forms.with_form``), as FastAPI does for a plain ``def`` route."""
    package = Path(proxenia.__file__).parent
    offenders = []
    for layer in ("api", "web"):
        for path in sorted((package / layer).glob("*.py")):
            for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(fn, ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and _calls_services(node):
                        offenders.append(f"{path.relative_to(package)}:{node.lineno} {fn.name}")
    assert not offenders, offenders
