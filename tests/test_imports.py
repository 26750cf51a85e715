"""Function-local imports in src/rekisteri each say why they are local (issue 10, item 3).

A module-level import is the default; an import inside a function is kept only where it keeps a
heavy library or package off the fast path of ``import rekisteri`` and ``rekisteri validate`` (or
where a module-level import would break the import-linter layers), and a short comment on its
line or just above it says so. A new local import without that comment fails here."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "rekisteri"

# Marker comments are not reasons: a type-ignore or no-QA marker alone explains nothing.
_MARKER = re.compile(r"#\s*(type:\s*ignore|noqa|pragma)\b[^#]*")


def _reason_lines(source: str) -> set[int]:
    """The line numbers that carry a comment with some words beyond markers."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and _MARKER.sub("", token.string).strip("# "):
            lines.add(token.start[0])
    return lines


def _comment_only_lines(source: str) -> set[int]:
    return {n for n, line in enumerate(source.splitlines(), 1) if line.strip().startswith("#")}


def _local_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports anywhere inside a function body (also under if/try/with inside it)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    found.append(inner)
    # A nested function's imports are walked from both functions; count each once.
    return sorted(set(found), key=lambda n: n.lineno)


def uncommented_local_imports(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    reasons = _reason_lines(source)
    comment_only = _comment_only_lines(source)
    imports = _local_imports(tree)
    # The last line of each local import -> that import, so a comment above a group of imports
    # (one per function is enough) covers the whole group.
    by_end = {node.end_lineno: node for node in imports}
    missing = []
    for node in imports:
        current: ast.Import | ast.ImportFrom | None = node
        explained = False
        while current is not None and not explained:
            assert current.end_lineno is not None
            if reasons & set(range(current.lineno, current.end_lineno + 1)):
                explained = True
                break
            above = current.lineno - 1
            if above in comment_only and above in reasons:
                explained = True
                break
            current = by_end.get(above)
        if not explained:
            label = path.relative_to(SRC.parent) if path.is_relative_to(SRC.parent) else path.name
            missing.append(f"{label}:{node.lineno}: {ast.unparse(node)}")
    return missing


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_function_local_import_says_why_it_is_local() -> None:
    missing = [line for path in _modules() for line in uncommented_local_imports(path)]
    assert not missing, "function-local imports without a comment saying why:\n" + "\n".join(
        missing
    )


def test_the_check_catches_an_uncommented_local_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def bare():\n"
        "    import json\n"
        "\n"
        "def marker_only():\n"
        "    import json  # noqa: PLC0415\n"
        "\n"
        "def grouped():\n"
        "    # sqlalchemy stays off the fast path\n"
        "    import json\n"
        "    import sqlalchemy\n"
        "\n"
        "def trailing():\n"
        "    import json  # heavy\n",
        encoding="utf-8",
    )
    assert uncommented_local_imports(probe) == [
        "probe.py:2: import json",
        "probe.py:5: import json",
    ]
