"""The layout the README's table shows: the library never imports the app, the UI or the benchmark;
no two modules import each other, directly or round a longer circle; gan/'s top level stays small."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UPWARD = ("app", "ui", "bench", "gradio", "gradio_client")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, known: set[str]) -> set[str]:
    """Every module `path` imports, at module level or inside functions (absolute or relative)."""
    tree, here, found = ast.parse(path.read_text()), module_name(path), set()
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known}
    return found


def graph(top: str) -> dict[str, set[str]]:
    files = sorted((ROOT / top).rglob("*.py"))
    known = {module_name(f) for f in files}
    return {module_name(f): {m for m in imports(f, known) if m in known and m != module_name(f)} for f in files}


def test_the_library_never_imports_the_app_the_ui_or_the_benchmark():
    bad = [f"{f.relative_to(ROOT)} imports {m}" for f in sorted((ROOT / "gan").rglob("*.py"))
           for m in imports(f, set()) if m.split(".")[0] in UPWARD]
    assert not bad, bad


def test_no_import_circles():
    edges = graph("gan") | graph("bench")
    # packages' __init__ modules hold no imports of their children here, except gan's and gan.models'
    # re-exports; gan's are dropped (its children import it for nothing), gan.models' children never import it
    edges = {m: {d for d in deps if not (m == "gan" and d.startswith("gan."))} for m, deps in edges.items()}
    state, circles = {}, []

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, set())):
            if state.get(nxt) == "open":
                circles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, circles


def test_the_top_level_of_gan_holds_at_most_16_modules():
    top = sorted(p.name for p in (ROOT / "gan").glob("*.py"))
    assert len(top) <= 16, top
