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
# make exports the variables of its own command line (`make test-pythons` gives VENV and PYTHON):
# a make the tests run starts from none of them.
MAKE_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("VENV", "PYTHON", "OUT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")
}


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme.split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)\s*(?:#.*)?$", head, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]


def test_make_test_runs_lint_typecheck_and_the_suite() -> None:
    plan = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True, env=MAKE_ENV
    ).stdout
    assert "ruff check" in plan
    assert "ruff format --check" in plan
    assert "mypy src" in plan
    assert "pytest" in plan


def test_ci_runs_make_test() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in script


def test_ci_runs_the_suite_on_every_other_python_the_machine_has() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.index("make test-pythons") > script.index("make test\n")
    listed = subprocess.run(
        ["bash", str(ROOT / ".ci" / "pythons"), sys.executable],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    versions = []
    for python in listed:
        version = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        versions.append(version)
    assert str(sys.version_info[:2]) not in versions  # make test's own Python runs it already
    assert len(set(versions)) == len(versions)
    assert all(eval(v) >= (3, 11) for v in versions), versions


def test_the_readme_lists_every_debian_package_ci_installs() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = set(re.findall(r"(?:apt_install|missing\+=\()\s*([a-z0-9][a-z0-9.+-]+)", script))
    assert {"python3-venv", "fonts-dejavu-core", "chromium", "postgresql"} <= packages
    head = (ROOT / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    listed = set(re.findall(r"^sudo apt-get install (.+?)\s*(?:#.*)?$", head, re.MULTILINE))
    named = {word for line in listed for word in line.split()}
    assert packages <= named, packages - named


def test_a_python_without_venv_leaves_no_half_made_environment(tmp_path: Path) -> None:
    # Debian's python3 without python3-venv makes bin/python, then fails on ensurepip.
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    python = tmp_path / "python-without-venv"
    python.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = venv ]; then\n'
        '  mkdir -p "$3/bin" && ln -s /bin/true "$3/bin/python"\n'
        '  echo "ensurepip is not available" >&2; exit 1\n'
        "fi\n"
        f'exec {sys.executable} "$@"\n',
        encoding="utf-8",
    )
    python.chmod(0o755)
    done = subprocess.run(
        ["make", ".venv/bin/python", f"PYTHON={python}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=MAKE_ENV,
    )
    assert done.returncode != 0
    assert "apt-get install python3-venv" in done.stdout
    assert not (tmp_path / ".venv").exists()


SKIPPING_TESTS = """
import pytest

def test_runs():
    pass

@pytest.mark.parametrize("n", [1, 2])
def test_postgres(n):
    pytest.skip("REKISTERI_TEST_PG_URL is not set: no PostgreSQL server to test against")

def test_mariadb():
    pytest.skip("REKISTERI_TEST_MYSQL_URL is not set: no MariaDB/MySQL server to test against")

def test_browser():
    pytest.skip("/usr/bin/chromium is missing: install Debian's package")

def test_unrelated():
    pytest.skip("not on this platform")
"""


def test_skipped_server_and_browser_tests_are_one_line_that_says_how_to_run_them(
    tmp_path: Path,
) -> None:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(ROOT / "tests" / "store_fixtures.py", tmp_path / "store_fixtures.py")
    (tmp_path / "test_skipping.py").write_text(SKIPPING_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -ra\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    summary = [line for line in lines if line.startswith("skipped ")]
    assert summary == [
        "skipped 4 tests that need PostgreSQL, MariaDB or Chromium: run `bash .ci/run` "
        "(or set REKISTERI_TEST_PG_URL / set REKISTERI_TEST_MYSQL_URL / install chromium) "
        "to run them"
    ]
    # -ra lists only the skip the line does not explain; the counts stay true.
    listed = [line for line in lines if line.startswith("SKIPPED")]
    assert len(listed) == 1 and "not on this platform" in listed[0]
    assert "1 passed, 5 skipped" in lines[-1]


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
        env=MAKE_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kelvollinen rekisteri" in result.stdout  # the Finnish example
    assert "giltigt register" in result.stdout  # the Swedish-first club
    assert str(out) in result.stdout
    # The bilingual club: published in Swedish, Finnish and English, and one member's access
    # request answered in Swedish and Finnish.
    club = out / "club"
    for lang in ("sv", "fi", "en"):
        assert (club / "site" / f"dataskyddsbeskrivning.{lang}.html").is_file()
    reports = sorted(p.name for p in (club / "access-elsa-holmstrom").glob("*.html"))
    assert any(name.endswith(".sv.html") for name in reports), reports
    assert any(name.endswith(".fi.html") for name in reports), reports
    # The salon's request answered from her booking system's exports.
    salon = out / "salon" / "access-laura-koskinen"
    assert (salon / "data.json").is_file()
    assert "Laura" in (salon / "data.json").read_text(encoding="utf-8")
    # What the demo leaves in the checkout (the salon's exports and the database they were
    # read into) is ignored by git: personal data and binary files are never committed.
    if (ROOT / ".git").exists() and shutil.which("git"):
        left = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard", "examples"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert left == [], left


def test_no_database_workbook_or_pdf_is_committed() -> None:
    if not ((ROOT / ".git").exists() and shutil.which("git")):
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    binary = (".sqlite", ".db", ".xlsx", ".xls", ".ods", ".pdf", ".zip")
    assert [name for name in tracked if name.lower().endswith(binary)] == []


def _repo_copy_for_build(tmp_path: Path) -> Path:
    """A copy of the project without build leftovers, so the wheel is built from sources only."""
    source = tmp_path / "src-copy"
    ignore = shutil.ignore_patterns(
        ".venv",
        ".venv-*",
        "node_modules",
        ".git",
        "out",
        "dist",
        "build",
        "__pycache__",
        "*.sqlite",
        ".*_cache",
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    return source


@pytest.mark.slow
def test_wheel_ships_templates_and_schemas_and_validates_outside_checkout(
    tmp_path: Path,
) -> None:
    source = _repo_copy_for_build(tmp_path)
    dist = tmp_path / "dist"
    # The wheel is built from the sdist, as a package index's users would build it.
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(dist)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    [sdist] = dist.glob("rekisteri-*.tar.gz")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("-w", str(dist), str(sdist)),
        ],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("rekisteri-*.whl"))
    assert len(wheels) == 1
    import tarfile
    import zipfile

    with tarfile.open(sdist) as archive:
        packed = archive.getnames()
    assert "rekisteri-0.1.0/LICENSE" in packed
    assert not [n for n in packed if "exports-cache" in n or n.endswith(".sqlite")]
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "rekisteri/schemas/register.schema.json" in names
    assert any(n.startswith("rekisteri/templates/") for n in names)
    # PEP 561: without the marker a type checker ignores the installed package's annotations.
    assert "rekisteri/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
    metadata = zipfile.ZipFile(wheels[0]).read(metadata_name).decode("utf-8")
    assert "License-Expression: MIT" in metadata
    for classifier in (
        "Typing :: Typed",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.13",
        "Natural Language :: Finnish",
        "Natural Language :: Swedish",
    ):
        assert f"Classifier: {classifier}" in metadata

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
    assert "kelvollinen rekisteri" in result.stdout
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
