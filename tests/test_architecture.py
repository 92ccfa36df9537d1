"""The house rules, enforced: layered imports (import-linter), the public facade, module sizes."""

from __future__ import annotations

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
