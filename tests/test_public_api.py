"""The public API (``import rekisteri``): its names, their documentation, and the main calls a
script or the web app makes, run on the bundled example and its demo store."""

from __future__ import annotations

import ast
import inspect
import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

import rekisteri

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "terhi-kallio" / "register.toml"

# Written out, so that adding, removing or renaming a public name is a visible change here.
PUBLIC = [
    "__version__",
    "Diagnostic",
    "RekisteriError",
    "Layout",
    "Migration",
    "Register",
    "diff_registers",
    "load_register",
    "migrate_register",
    "parse_register",
    "Finding",
    "LintReport",
    "PublicationRefused",
    "Severity",
    "Validation",
    "check_publication",
    "lint_register",
    "validate",
    "NoticeLinks",
    "ReplaceRefused",
    "export_jsonld",
    "publish",
    "render_html",
    "render_pdf",
    "write_notice",
    "build_record",
    "write_record",
    "AccessResult",
    "AmbiguousSubject",
    "BundleOptions",
    "Identifier",
    "ReviewDecision",
    "ReviewNeeded",
    "Store",
    "SubjectData",
    "WithholdGround",
    "build_bundle",
    "check_store",
    "collect_subject",
    "identify",
    "open_store",
    "resolve_subject",
    "write_access_bundle",
    "write_all_bundles",
    "write_bundle",
    "write_review_copy",
    "Channel",
    "RequestLog",
    "RequestType",
    "add_request",
    "answer_request",
    "close_request",
    "extend_request",
    "feedback_snippet",
    "list_requests",
    "log_path",
    "marketing_list",
    "sweep",
    "verify_log",
]

# --- the names -------------------------------------------------------------------------------


def test_the_public_names_are_the_listed_ones() -> None:
    assert rekisteri.__all__ == PUBLIC


def test_the_lazy_table_and_the_type_checking_imports_agree_with_all() -> None:
    # Three lists a person keeps by hand in __init__.py: the names, where each is imported
    # from on first use, and the imports type checkers read. They must not drift apart.
    lazy = rekisteri._LAZY
    assert set(lazy) == set(PUBLIC) - {"__version__"}
    tree = ast.parse(Path(rekisteri.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    imported = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == lazy


@pytest.mark.parametrize("name", [n for n in PUBLIC if n != "__version__"])
def test_each_public_name_imports_and_has_its_own_docstring(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from rekisteri import {name}", namespace)
    value = namespace[name]
    assert getattr(value, "__name__", name) == name
    doc = inspect.getdoc(value) or ""
    if inspect.isclass(value):
        # Not one inherited from a base class, nor the signature a dataclass makes up.
        assert "__doc__" in vars(value) and vars(value)["__doc__"], name
        assert not doc.startswith(f"{name}("), name
    assert doc.strip(), name


def test_the_package_is_typed_and_its_version_is_the_projects() -> None:
    assert (Path(rekisteri.__file__).parent / "py.typed").is_file()
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{rekisteri.__version__}"' in project


def test_importing_the_package_imports_none_of_its_parts() -> None:
    code = (
        "import sys, rekisteri\n"
        "print(sorted(m for m in sys.modules if m.startswith('rekisteri.')))\n"
        "rekisteri.identify\n"
        "print('rekisteri.access.collect' in sys.modules, 'weasyprint' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert done == ["[]", "True False"]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'render'"):
        _ = rekisteri.render  # type: ignore[attr-defined]


# --- the main calls on the example -------------------------------------------------------------


def test_load_lint_and_render_the_example(tmp_path: Path) -> None:
    register = rekisteri.load_register(EXAMPLE)
    assert isinstance(register, rekisteri.Register)
    assert register.languages == ["fi", "en"]

    report = rekisteri.lint_register(register, "fi")
    assert isinstance(report, rekisteri.LintReport)
    assert all(isinstance(f, rekisteri.Finding) for f in report.findings)
    assert report.count(rekisteri.Severity.ERROR) == 0
    # What a front end checks before it writes a notice: nothing to warn of, nothing refused.
    assert rekisteri.check_publication(register, strict=True).findings == []

    html = rekisteri.render_html(register, "fi")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fi"' in html
    assert register.controller.name in html
    fragment = rekisteri.render_html(register, "fi", fragment=True)
    assert fragment.lstrip().startswith("<section")

    written = rekisteri.write_notice(register, tmp_path / "notice", langs=["fi"], formats=["html"])
    assert [p.name for p in written] == ["tietosuojaseloste.fi.html"]
    page = written[0].read_text(encoding="utf-8")
    assert '<html lang="fi"' in page and register.controller.name in page

    document = rekisteri.export_jsonld(register)
    assert json.loads(json.dumps(document))["@context"]


def test_a_register_given_as_text_is_the_same_register() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert rekisteri.parse_register(text, EXAMPLE) == rekisteri.load_register(EXAMPLE)
    with pytest.raises(rekisteri.RekisteriError) as caught:
        rekisteri.parse_register(text.replace('"contract"', '"contrct"', 1), "register.toml")
    assert all(isinstance(d, rekisteri.Diagnostic) for d in caught.value.diagnostics)
    assert "did you mean 'contract'?" in str(caught.value)


def test_the_record_is_built_in_memory() -> None:
    record = rekisteri.build_record([rekisteri.load_register(EXAMPLE)])
    assert list(record.languages) == ["fi", "en"]
    assert len(record.activities) == 1


# --- the store, the access request and the request log ------------------------------------------


def test_collect_a_subject_from_the_demo_store(demo_path: Path) -> None:
    register = rekisteri.load_register(demo_path)
    assert rekisteri.check_store(register).subjects == 20
    with rekisteri.open_store(register) as store:
        assert isinstance(store, rekisteri.Store)
        identifier = rekisteri.identify(email=" Aino.Virtanen@example.com")
        assert isinstance(identifier, rekisteri.Identifier)
        subject = rekisteri.resolve_subject(store, identifier)
        assert subject is not None and (subject.key, subject.name) == (1, "Aino Virtanen")
        data = rekisteri.collect_subject(store, subject.key)
        assert isinstance(data, rekisteri.SubjectData)
        assert data.key == 1 and not data.is_empty
        assert set(data.categories) <= {category.id for category in register.data_categories}

        # Two clients share a phone: an outcome the caller handles, not an exit code.
        with pytest.raises(rekisteri.AmbiguousSubject) as caught:
            rekisteri.resolve_subject(store, rekisteri.identify(phone="019 456 7788"))
        assert [c.key for c in caught.value.candidates] == [3, 4]


def test_answer_a_logged_request_with_a_bundle(demo_path: Path, tmp_path: Path) -> None:
    register = rekisteri.load_register(demo_path)
    log = rekisteri.log_path(demo_path)
    today = date(2025, 6, 2)
    request = rekisteri.add_request(
        log,
        type=rekisteri.RequestType.ACCESS,
        subject="Aino Virtanen",
        received="2025-06-01",
        channel=rekisteri.Channel.EMAIL,
        now=today,
    )
    assert [r.id for r in rekisteri.list_requests(log)] == [request.id]

    def write(reference: str) -> rekisteri.AccessResult:
        return rekisteri.write_access_bundle(
            register,
            tmp_path / "bundle",
            rekisteri.identify(email="aino.virtanen@example.com"),
            rekisteri.BundleOptions(
                formats=["json"],
                reference=reference,
                generated=datetime(2025, 6, 2, 9, 0),
                decisions=[rekisteri.ReviewDecision("health", release=True)],
            ),
        )

    result, delivered = rekisteri.answer_request(register, log, request.id, write, now=today)
    assert result.found and result.files == [
        "SHA256SUMS",
        "data.json",
        "manifest.json",
        "portable.json",
    ]
    data = json.loads((result.path / "data.json").read_text(encoding="utf-8"))
    assert data["subject"]["key"] == 1
    assert delivered.status.value == "delivered"
    assert rekisteri.verify_log(log).ok


def test_validate_build_a_bundle_and_answer_through_the_request_log(
    demo_path: Path, tmp_path: Path
) -> None:
    checked = rekisteri.validate(demo_path)
    assert isinstance(checked, rekisteri.Validation)
    assert checked.register.source_path == demo_path
    person = rekisteri.identify(subject_id="1")
    # The example holds its therapy notes for review (Tietosuojalaki § 34): without a decision
    # on them, no bundle is made.
    options = rekisteri.BundleOptions(formats=["json"], generated=datetime(2025, 6, 2, 9, 0))
    with pytest.raises(rekisteri.ReviewNeeded):
        rekisteri.build_bundle(checked.register, person, options)
    withheld = rekisteri.ReviewDecision(
        "health",
        release=False,
        reason="hoidon vuoksi",
        ground=rekisteri.WithholdGround("health-or-care"),
    )
    options = replace(options, decisions=[withheld])
    files = rekisteri.build_bundle(checked.register, person, options)
    assert sorted(files) == ["SHA256SUMS", "data.json", "manifest.json", "portable.json"]
    assert rekisteri.write_bundle(files, tmp_path / "b", options) == tmp_path / "b"
    log = rekisteri.RequestLog.of(demo_path)
    request = log.add(type="access", subject="Aino Virtanen", received=date.today())
    result, answered = log.answer_with_bundle(
        checked.register, request.id, tmp_path / "answer", person, options
    )
    assert result.found and answered.status.value == "delivered"


def test_running_the_register_on_the_demo_store(demo_path: Path) -> None:
    register = rekisteri.load_register(demo_path)
    swept = rekisteri.sweep(register, as_of=date(2025, 6, 1))
    assert swept.rows == 2
    email = rekisteri.marketing_list(register, "email", as_of=datetime(2025, 6, 1, 12, 0))
    assert [d.key for d in email.decisions if d.verdict.value == "may_contact"] == [
        2,
        5,
        6,
        10,
        18,
        19,
    ]
    snippet = rekisteri.feedback_snippet(register, lang="fi", morphology="stems")
    assert snippet.html.lstrip().startswith("<")


# --- the architecture page -----------------------------------------------------------------------


def test_every_module_the_architecture_page_names_exists() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    # Every path in backticks: `notice/render.py`, `register/`, `tests/lint/`, `errors.py`, …
    # (placeholders such as `templates/locale/<lang>/` and file names such as `data.json` aside).
    quoted = re.findall(r"`([\w./-]+)`", page)
    named = {q for q in quoted if "/" in q or q.endswith(".py")}
    assert len(named) > 20, named
    roots = [ROOT, ROOT / "src" / "rekisteri", ROOT / "src"]
    missing = sorted(p for p in named if not any((root / p).exists() for root in roots))
    assert not missing, missing
    # The layers it draws are the ones import-linter keeps.
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    layers = re.search(r'name = "The packages are layered: ([^"]+)"', project)
    assert layers is not None and layers[1] in page
