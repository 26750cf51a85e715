"""`rekisteri publish` and `rekisteri render`: the folder a business uploads, and the commands."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri import load_register
from rekisteri.cli import app
from rekisteri.errors import RekisteriError
from rekisteri.notice.publish import notice_json, publish
from rekisteri.register.model import Register

ROOT = Path(__file__).resolve().parents[2]
MODERN = ROOT / "examples" / "terhi-kallio" / "register.toml"
LEGACY = ROOT / "examples" / "terhi-kallio" / "rekisteriseloste-2018.toml"

runner = CliRunner()


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def modern() -> Register:
    return load_register(MODERN)


def test_publish_writes_pages_index_and_data(modern: Register, tmp_path: Path) -> None:
    written = publish(modern, tmp_path, pdf=False)
    assert [str(p.relative_to(tmp_path)) for p in written] == [
        "tietosuojaseloste.fi.html",
        "tietosuojaseloste.en.html",
        "versions.fi.html",
        "versions.en.html",
        "index.html",
        "notice.json",
        "versions/index.json",
        "versions/files.json",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(p.name for p in written if p.parent == tmp_path), "versions"]
    )
    # Without PDFs the pages do not link any.
    page = Links((tmp_path / "tietosuojaseloste.fi.html").read_text(encoding="utf-8"))
    assert not [a for a in page.all("a") if a.get("href", "").endswith(".pdf")]


def test_the_index_forwards_to_the_default_language_without_javascript(
    modern: Register, tmp_path: Path
) -> None:
    publish(modern, tmp_path, pdf=False)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    page = Links(html)
    assert page.all("html") == [{"lang": "fi"}]
    assert {"http-equiv": "refresh", "content": "0; url=tietosuojaseloste.fi.html"} in page.all(
        "meta"
    )
    assert "script" not in [tag for tag, _ in page.tags]
    assert [(a["href"], a["lang"]) for a in page.all("a")] == [
        ("tietosuojaseloste.fi.html", "fi"),
        ("tietosuojaseloste.en.html", "en"),
    ]
    assert "Tietosuojaseloste (suomi)" in html
    assert "Privacy notice (English)" in html
    assert len(page.all("h1")) == 1


def test_notice_json_is_the_validated_register_sorted(modern: Register, tmp_path: Path) -> None:
    publish(modern, tmp_path, pdf=False)
    text = (tmp_path / "notice.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data == json.loads(json.dumps(modern.model_dump(mode="json", exclude={"store"})))
    assert list(data) == sorted(data)
    assert text == notice_json(load_register(MODERN))  # the same bytes every time
    assert "Siltakatu 12-14" in text  # not \u-escaped


def test_notice_json_never_publishes_the_store_mapping(
    write_register: Callable[..., Path],
) -> None:
    text = MODERN.read_text(encoding="utf-8").replace(
        'url = "asiakkaat.sqlite"', 'url = "postgresql://rekisteri:s3cret@db.internal/clients"'
    )
    assert "s3cret" in text
    register = load_register(write_register(text))
    assert register.store is not None
    published = notice_json(register)
    assert "s3cret" not in published
    assert '"store"' not in published


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("force", [False, True])
def test_a_sites_own_index_html_is_never_replaced(
    modern: Register, tmp_path: Path, force: bool
) -> None:
    own = "<!doctype html><title>Terhi Kallio</title><p>Tervetuloa!</p>\n"
    (tmp_path / "index.html").write_text(own, encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        publish(modern, tmp_path, pdf=False, force=force)
    message = str(caught.value)
    assert f"{tmp_path / 'index.html'}: was not written by rekisteri" in message
    assert "never replaces a file it did not write" in message
    assert "--force" not in message
    # The page is untouched and nothing else was written.
    assert _snapshot(tmp_path) == {"index.html": own.encode()}


def test_a_page_edited_by_hand_is_never_replaced(modern: Register, tmp_path: Path) -> None:
    publish(modern, tmp_path, pdf=False)
    page = tmp_path / "tietosuojaseloste.en.html"
    page.write_text(page.read_text("utf-8").replace("</main>", "<p>Added</p></main>"), "utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(RekisteriError) as caught:
        publish(modern, tmp_path, pdf=False, force=True)
    assert f"{page}: was changed after rekisteri wrote it" in str(caught.value)
    assert _snapshot(tmp_path) == before


def test_a_link_in_place_of_a_page_is_never_replaced(modern: Register, tmp_path: Path) -> None:
    (tmp_path / "start.html").write_text("mine", encoding="utf-8")
    (tmp_path / "index.html").symlink_to("start.html")
    with pytest.raises(RekisteriError, match=r"index\.html: is not a regular file"):
        publish(modern, tmp_path, pdf=False, force=True)
    assert (tmp_path / "index.html").is_symlink()


def test_other_output_for_the_same_version_is_written_only_when_forced(
    modern: Register, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(modern, site, pdf=False)
    templates = tmp_path / "templates" / "notice"
    templates.mkdir(parents=True)
    builtin = (ROOT / "templates" / "notice" / "index.html.j2").read_text(encoding="utf-8")
    (templates / "index.html.j2").write_text(builtin.replace("<main>", "<main id=x>"), "utf-8")
    before = _snapshot(site)
    with pytest.raises(RekisteriError) as caught:
        publish(modern, site, pdf=False, templates=templates.parent)
    assert f"{site / 'index.html'}: already exists with other content rekisteri wrote" in str(
        caught.value
    )
    assert _snapshot(site) == before
    written = publish(modern, site, pdf=False, templates=templates.parent, force=True)
    assert [p.relative_to(site).as_posix() for p in written] == [
        "index.html",
        "versions/files.json",
    ]
    assert "<main id=x>" in (site / "index.html").read_text(encoding="utf-8")
    # Both contents are rekisteri's: publishing without the override puts the first back.
    publish(modern, site, pdf=False, force=True)
    assert _snapshot(site)["index.html"] == before["index.html"]


def test_files_exactly_as_rekisteri_writes_them_are_taken_back_onto_a_lost_list(
    modern: Register, tmp_path: Path
) -> None:
    publish(modern, tmp_path, pdf=False)
    (tmp_path / "versions" / "files.json").unlink()
    before = _snapshot(tmp_path)
    written = publish(modern, tmp_path, pdf=False)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["versions/files.json"]
    assert {n: c for n, c in _snapshot(tmp_path).items() if n != "versions/files.json"} == before
    listed = json.loads((tmp_path / "versions" / "files.json").read_text(encoding="utf-8"))
    assert sorted(listed["files"]) == sorted(before)


def test_a_damaged_list_of_written_files_is_reported(modern: Register, tmp_path: Path) -> None:
    publish(modern, tmp_path, pdf=False)
    listing = tmp_path / "versions" / "files.json"
    listing.write_text('{"files": {"../../etc/passwd": []}}', encoding="utf-8")
    with pytest.raises(RekisteriError) as caught:
        publish(modern, tmp_path, pdf=False, force=True)
    assert str(caught.value).startswith(f"{listing}: files.../../etc/passwd: the list of files")


def test_publish_with_pdfs_links_them_from_the_pages(tmp_path: Path) -> None:
    written = publish(load_register(LEGACY), tmp_path)
    names = [p.name for p in written]
    assert names == [
        "rekisteriseloste-2018.fi.html",
        "rekisteriseloste-2018.fi.pdf",
        "rekisteriseloste-2018.en.html",
        "rekisteriseloste-2018.en.pdf",
        "versions.fi.html",
        "versions.en.html",
        "index.html",
        "notice.json",
        "index.json",
        "files.json",
    ]
    for lang in ("fi", "en"):
        page = Links((tmp_path / f"rekisteriseloste-2018.{lang}.html").read_text(encoding="utf-8"))
        pdf_links = [a["href"] for a in page.all("a") if a.get("type") == "application/pdf"]
        assert pdf_links == [f"rekisteriseloste-2018.{lang}.pdf"]
        assert (tmp_path / pdf_links[0]).read_bytes().startswith(b"%PDF-")


# -- commands ----------------------------------------------------------------------------------


def test_render_command_prints_the_paths_written(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["render", str(MODERN), "-o", str(tmp_path), "--format", "html", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [str(tmp_path / "tietosuojaseloste.en.html")]


def test_render_command_layout_and_fragment(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "render",
            str(MODERN),
            "-o",
            str(tmp_path),
            "--format",
            "html",
            "--layout",
            "rekisteriseloste",
            "--fragment",
        ],
    )
    assert result.exit_code == 0, result.output
    html = (tmp_path / "tietosuojaseloste.fi.fragment.html").read_text(encoding="utf-8")
    assert html.startswith('<section class="rekisteri-notice rekisteri-notice--rekisteriseloste"')


def test_render_command_refuses_to_overwrite(tmp_path: Path) -> None:
    args = ["render", str(MODERN), "-o", str(tmp_path), "--format", "html"]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "already exists; use --force to replace" in result.output
    assert "Traceback" not in result.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_render_command_reports_a_broken_override(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "notice"
    templates.mkdir(parents=True)
    (templates / "tietosuojaseloste.html.j2").write_text("{% block %}\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "render",
            str(MODERN),
            "-o",
            str(tmp_path / "out"),
            "--templates",
            str(tmp_path / "templates"),
        ],
    )
    assert result.exit_code == 1
    assert re.search(r"tietosuojaseloste\.html\.j2:1: template syntax error", result.output)
    assert not (tmp_path / "out").exists()


def test_render_command_refuses_an_unknown_format(tmp_path: Path) -> None:
    # A usage error (issue 9, item 10): exit 2, and nothing written.
    result = runner.invoke(app, ["render", str(MODERN), "-o", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2
    assert "'docx' is not one of html, pdf" in result.output
    assert list(tmp_path.iterdir()) == []


def test_publish_command(tmp_path: Path) -> None:
    from rekisteri.notice import publish as publish_module

    result = runner.invoke(app, ["publish", str(LEGACY), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # The lint's errors in the 2018 notice are warnings on stderr (tests/cli/test_lint_cli.py).
    assert [Path(line).name for line in result.stdout.splitlines()] == [
        "rekisteriseloste-2018.fi.html",
        "rekisteriseloste-2018.fi.pdf",
        "rekisteriseloste-2018.en.html",
        "rekisteriseloste-2018.en.pdf",
        "versions.fi.html",
        "versions.en.html",
        publish_module.INDEX,
        publish_module.DATA,
        "index.json",
        "files.json",
    ]
    again = runner.invoke(app, ["publish", str(LEGACY), "-o", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert again.stdout == ""
    assert f"{tmp_path}: ajan tasalla, mitään ei kirjoitettu" in again.stderr


def test_publish_command_refuses_a_foreign_file(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["publish", str(LEGACY), "-o", str(tmp_path), "--force"])
    assert result.exit_code == 1
    assert "index.html: was not written by rekisteri" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "mine"


def test_publish_command_names_the_flag_that_replaces_its_own_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert runner.invoke(app, ["publish", str(MODERN), "-o", str(site)]).exit_code == 0
    templates = tmp_path / "templates" / "notice"
    templates.mkdir(parents=True)
    builtin = (ROOT / "templates" / "notice" / "index.html.j2").read_text(encoding="utf-8")
    (templates / "index.html.j2").write_text(builtin.replace("<main>", "<main id=x>"), "utf-8")
    args = ["publish", str(MODERN), "-o", str(site), "--templates", str(templates.parent)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "it is replaced only when forced; use --force to replace" in result.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
