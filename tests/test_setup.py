"""The README's two commands and the wheel keep working (issue 2: they must not rot)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme.split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)\s*(?:#.*)?$", head, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]


def test_make_test_runs_lint_typecheck_and_the_suite() -> None:
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "ruff check" in plan
    assert "ruff format --check" in plan
    assert "mypy src" in plan
    assert "pytest" in plan


def test_ci_runs_make_test() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script


@pytest.mark.slow
def test_make_demo_runs_on_the_bundled_example(tmp_path: Path) -> None:
    # The test's own virtual environment stands in for the one `make demo` would create, so
    # the demo's real steps run without reinstalling.
    venv_dir = VENV_BIN.parent
    out = tmp_path / "out"
    result = subprocess.run(
        ["make", "demo", f"VENV={venv_dir}", f"OUT={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid register" in result.stdout
    assert str(out) in result.stdout


def _repo_copy_for_build(tmp_path: Path) -> Path:
    """A copy of the project without build leftovers, so the wheel is built from sources only."""
    source = tmp_path / "src-copy"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "out", "dist", "build", "__pycache__", "*.sqlite", ".*_cache"
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    return source


@pytest.mark.slow
def test_wheel_ships_templates_and_schemas_and_validates_outside_checkout(
    tmp_path: Path,
) -> None:
    source = _repo_copy_for_build(tmp_path)
    dist = tmp_path / "dist"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("-w", str(dist), str(source)),
        ],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("rekisteri-*.whl"))
    assert len(wheels) == 1
    import zipfile

    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "rekisteri/schemas/register.schema.json" in names
    assert any(n.startswith("rekisteri/templates/") for n in names)

    # A fresh environment outside the checkout, with rekisteri installed from the wheel only.
    # Its dependencies come from this environment's site-packages through a .pth file, so the
    # test needs no network; the editable install of the checkout is not visible there.
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    dependencies = [p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir()]
    (site / "zz-deps.pth").write_text("\n".join(dependencies) + "\n")
    subprocess.run(
        [
            str(env_dir / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            str(wheels[0]),
        ],
        check=True,
        capture_output=True,
    )
    python = env_dir / "bin" / "python"
    example = tmp_path / "register.toml"
    shutil.copy(ROOT / "examples" / "terhi-kallio" / "register.toml", example)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    result = subprocess.run(
        [str(env_dir / "bin" / "rekisteri"), "validate", str(example)],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert result.returncode == 0, result.stderr
    assert "valid register" in result.stdout
    located = subprocess.run(
        [str(python), "-c", "import rekisteri, sys; print(rekisteri.__file__)"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert located.startswith(str(site)), located
    from_wheel = subprocess.run(
        [
            str(python),
            "-c",
            "from rekisteri.resources import schemas_dir, templates_dir;"
            "print(schemas_dir()); print(templates_dir())",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(p.startswith(str(site)) for p in from_wheel), from_wheel


def test_the_public_api_resolves_and_stays_light() -> None:
    code = (
        "import sys, rekisteri\n"
        "heavy = [m for m in ('weasyprint', 'sqlalchemy', 'jinja2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "for name in rekisteri.__all__:\n"
        "    assert getattr(rekisteri, name) is not None, name\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
