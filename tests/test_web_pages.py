"""Every HTML file rekisteri writes passes the Nu Html Checker and html-validate (issue 16,
item 5), carries no CSS only a print engine reads, and links absolutely where the register
says where the notice is published (``notice.site_url``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekisteri.cli import app
from rekisteri.documents.blocks import Fact, fact_groups
from rekisteri.notice.publish import publish
from rekisteri.notice.render import render_html, render_print_html
from rekisteri.operations.service import RequestLog
from rekisteri.register.loading import load_register
from rekisteri.web.guard import COOKIE
from store_fixtures import build_sqlite
from web_client import Browser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
IN_CI = os.environ.get("CI") == "true"

# CSS that only WeasyPrint (a paged-media engine) reads: running heads copied from the text
# (string-set, string()), page numbers of a link's target and dot leaders. A browser drops
# them as invalid, and the Nu Html Checker reports them as errors.
PAGED_ONLY = re.compile(r"string-set|string\(|target-counter|leader\(|@top-|@bottom-")

# html-validate's recommended rules, less two. A page's <title> is the controller's and the
# register's own names, which rekisteri does not shorten to fit a search engine's 70 characters.
# And every page is one self-contained file (nothing is loaded from elsewhere), its styles
# inside it: the banner of an archived version is styled inline because the earlier page's
# stylesheet knows nothing of it (notice/archived.html.j2). The app's wide tables scroll inside
# a <div role="region"> named by the table's caption, the WAI pattern a keyboard can scroll:
# a <section> there would be a section without a heading, which the Nu Html Checker reports.
HTML_VALIDATE_CONFIG = {
    "extends": ["html-validate:recommended"],
    "rules": {
        "long-title": "off",
        "no-inline-style": "off",
        "prefer-native-element": ["error", {"exclude": ["region"]}],
    },
}

# A fragment (and the diff and feedback boxes) is pasted into a page of the site: it carries
# its own <style> so that one paste styles it. Browsers and the Nu Html Checker accept that;
# html-validate holds to the letter of the standard, which allows <style> only in <head>. This
# is the only message a fragment may have.
STYLE_IN_BODY = "<style> element is not permitted as content under"

runner = CliRunner()


def _run(*argv: str) -> None:
    result = runner.invoke(app, list(argv))
    assert result.exit_code == 0, result.output


def _tool(path: Path, what: str, *, java: bool = False) -> Path:
    if path.exists() and (not java or shutil.which("java")):
        return path
    message = f"{what} is missing: run npm ci" + (" and install Java" if java else "")
    if IN_CI:
        pytest.fail(f"{message} (CI=true, so it cannot be skipped)")
    pytest.skip(message)


def _copy_example(name: str, into: Path) -> Path:
    folder = into / name
    # The files git keeps, not the stores `make demo-store` may have built beside them.
    shutil.copytree(EXAMPLES / name, folder, ignore=shutil.ignore_patterns("*.sqlite*", "exports"))
    script = folder / "store.sql"
    if script.exists():
        target = "asiakkaat.sqlite" if name == "terhi-kallio" else "medlemmar.sqlite"
        build_sqlite(folder / target, script.read_text(encoding="utf-8"))
    return folder / "register.toml"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every kind of HTML file rekisteri writes, from the examples: ``pages`` to open in a
    browser, ``fragments`` to paste into one."""
    root = tmp_path_factory.mktemp("web")
    terhi = _copy_example("terhi-kallio", root)
    club = _copy_example("grankulla-idrottsforening", root)
    for register in (terhi, club, EXAMPLES / "kampaamo-helmi" / "register.toml"):
        site = root / "site" / register.parent.name
        publish(load_register(register), site, pdf=False)
    # A second version of the therapist's notice, so that versions/ has an archived page.
    text = terhi.read_text(encoding="utf-8")
    assert 'version = "2024-1"' in text
    terhi.write_text(text.replace('version = "2024-1"', 'version = "2024-2"'), encoding="utf-8")
    publish(load_register(terhi), root / "site" / "terhi-kallio", pdf=False)
    _run("render", str(terhi), "-o", str(root / "fragments"), "--format", "html", "--fragment")
    _run("render", str(club), "-o", str(root / "fragments"), "--format", "html", "--fragment")
    legacy = terhi.with_name("rekisteriseloste-2018.toml")
    _run("record", str(terhi), str(legacy), "-o", str(root / "record"), "--format", "html")
    email = ["--email", "aino.virtanen@example.com"]
    html = ["--format", "html"]
    _run("access", str(terhi), *email, "-o", str(root / "review"), *html, "--review")
    _run("access", str(terhi), *email, "-o", str(root / "bundle"), *html, "--release", "health")
    nobody = ["--email", "ei.ketaan@example.com"]
    _run("access", str(terhi), *nobody, "-o", str(root / "letter"), *html)
    old = root / "old.toml"
    shutil.copyfile(EXAMPLES / "terhi-kallio" / "register.toml", old)
    diff = runner.invoke(app, ["diff", str(old), str(terhi), "--format", "html"])
    (root / "diff.fragment.html").write_text(diff.output, encoding="utf-8")
    _run("feedback", str(terhi), "-o", str(root / "feedback.fragment.html"))
    files = sorted(root.rglob("*.html"))
    return {
        "pages": [p for p in files if not p.name.endswith("fragment.html")],
        "fragments": [p for p in files if p.name.endswith("fragment.html")],
        "names": [p.relative_to(root) for p in files],
        "app": _app_pages(terhi, root / "app"),
    }


def _app_pages(register: Path, into: Path) -> list[Path]:
    """The local app's pages (rekisteri serve), in each of its languages, as it serves them."""
    into.mkdir()
    # Three requests in the log, one of them overdue, for the inbox.
    log = RequestLog.of(register)
    for days, kind in ((40, "access"), (20, "erasure"), (0, "objection")):
        log.add(type=kind, subject="Aino Virtanen", received=date.today() - timedelta(days=days))
    browser = Browser(register)
    pages = []
    for lang in ("fi", "sv", "en"):
        cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
        pages_of = ("start", "/"), ("preview-fi", "/notice/fi"), ("requests", "/requests")
        for name, path in (*pages_of, ("missing", "/x/y")):
            answer = browser.request("GET", path, headers={"cookie": cookie})
            assert answer.status in (200, 404), (path, answer.status)
            page = into / f"{name}.{lang}.html"
            page.write_bytes(answer.body)
            pages.append(page)
    pages += _request_pages(register, browser, into)
    broken = register.with_name("broken.toml")
    broken.write_text("schema_version = 2\nname = \n", encoding="utf-8")
    answer = Browser(broken).request("GET", "/")
    pages.append(into / "unreadable.en.html")
    pages[-1].write_bytes(answer.body)
    return pages


def _request_pages(register: Path, browser: Browser, into: Path) -> list[Path]:
    """The requests' pages (item 5) in each language: a request, a new request, a refusal at
    its field, the person search with several matches, the bundle's preview with its review,
    and the page with the passphrase."""
    log = RequestLog.of(register)
    pages = []
    for lang in ("fi", "sv", "en"):
        number = log.add(type="access", subject="Aino Virtanen", received=date.today()).id
        cookie = f"{COOKIE}={browser.session.cookie}; rekisteri_language={lang}"
        aino = {"kind": "email", "value": "aino.virtanen@example.com"}
        several = {"kind": "phone", "value": "019 456 7788"}
        release = {**aino, "decision-health": "release"}
        visits: tuple[tuple[str, str, dict[str, str] | None, int], ...] = (
            ("request", f"/requests/{number}", None, 200),
            ("request-new", "/requests/new/access", None, 200),
            ("request-refused", "/requests/new/access", {"subject": "", "received": "x"}, 400),
            ("request-close-refused", f"/requests/{number}/close", {"outcome": ""}, 400),
            ("request-several", f"/requests/{number}/person", several, 200),
            ("request-found", f"/requests/{number}/person", aino, 200),
            ("request-preview", f"/requests/{number}/preview", aino, 200),
            ("request-undecided", f"/requests/{number}/bundle", aino, 400),
            ("request-bundle", f"/requests/{number}/bundle", release, 200),
        )
        for name, path, form, status in visits:
            if form is None:
                answer = browser.request("GET", path, headers={"cookie": cookie})
            else:
                fields = {"csrf": browser.session.csrf, **form}
                answer = browser.request("POST", path, form=fields, headers={"cookie": cookie})
            assert answer.status == status, (path, answer.status)
            page = into / f"{name}.{lang}.html"
            page.write_bytes(answer.body)
            pages.append(page)
    return pages


def test_every_kind_of_html_file_is_checked(written: dict[str, list[Path]]) -> None:
    names = {str(p) for p in written["names"]}
    for expected in (
        "site/terhi-kallio/tietosuojaseloste.fi.html",
        "site/terhi-kallio/index.html",
        "site/terhi-kallio/versions.fi.html",
        "site/grankulla-idrottsforening/dataskyddsbeskrivning.sv.html",
        "site/kampaamo-helmi/tietosuojaseloste.en.html",
        "fragments/tietosuojaseloste.fi.fragment.html",
        "diff.fragment.html",
        "feedback.fragment.html",
        "review.review.html",
    ):
        assert expected in names, sorted(names)
    kinds = {p.parts[0] for p in written["names"]}
    assert {"record", "bundle", "letter"} <= kinds
    assert any(p.parts[:3] == ("site", "terhi-kallio", "versions") for p in written["names"])


def test_no_html_file_carries_css_only_a_print_engine_reads(
    written: dict[str, list[Path]],
) -> None:
    for path in written["pages"] + written["fragments"]:
        found = PAGED_ONLY.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name}: {found}"


def test_the_html_a_pdf_is_made_from_keeps_its_running_heads() -> None:
    register = load_register(EXAMPLES / "terhi-kallio" / "register.toml")
    printed = render_print_html(register, "fi")
    for paged in ("string-set: controller", "string(title)", "target-counter", "@bottom-right"):
        assert paged in printed
    assert not PAGED_ONLY.search(render_html(register, "fi"))


def _host_page(fragment: Path, into: Path) -> Path:
    """The fragment inside the smallest valid page a site could paste it into."""
    lang = re.search(r'lang="([a-z]{2})"', fragment.read_text(encoding="utf-8"))
    host = into / f"host-{fragment.parent.name}-{fragment.name}"
    host.write_text(
        f'<!DOCTYPE html>\n<html lang="{lang.group(1) if lang else "fi"}">\n<head>\n'
        '<meta charset="utf-8">\n<title>Host</title>\n</head>\n<body>\n<main>\n<h1>Host</h1>\n'
        f"{fragment.read_text(encoding='utf-8')}\n</main>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    return host


def _vnu_messages(paths: list[Path]) -> list[str]:
    jar = _tool(VNU, "the Nu Html Checker (vnu)", java=True)
    done = subprocess.run(
        ["java", "-jar", str(jar), "--also-check-css", "--stdout", "--format", "json"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip(), done.stderr
    report = json.loads(done.stdout)
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}"
        f"{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        for m in report["messages"]
    ]


def test_the_nu_html_checker_finds_nothing_in_any_page(
    written: dict[str, list[Path]], tmp_path: Path
) -> None:
    hosts = [_host_page(f, tmp_path) for f in written["fragments"]]
    # Not even an informational warning: these are the pages a business puts on its site.
    assert _vnu_messages(written["pages"] + hosts + written["app"]) == []


def _html_validate(paths: list[Path], tmp_path: Path) -> list[str]:
    tool = _tool(HTML_VALIDATE, "html-validate")
    config = tmp_path / "htmlvalidate.json"
    config.write_text(json.dumps(HTML_VALIDATE_CONFIG), encoding="utf-8")
    # To a file: node cuts a long report written to a pipe when it exits.
    report = tmp_path / "html-validate.json"
    report.unlink(missing_ok=True)
    done = subprocess.run(
        [str(tool), "--config", str(config), "--formatter", f"json={report}"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert report.exists(), done.stdout + done.stderr
    return [
        f"{Path(result['filePath']).name}:{m['line']}: {m['ruleId']}: {m['message']}"
        for result in json.loads(report.read_text(encoding="utf-8"))
        for m in result["messages"]
    ]


def test_html_validate_finds_nothing_in_any_page(
    written: dict[str, list[Path]], tmp_path: Path
) -> None:
    assert _html_validate(written["pages"], tmp_path) == []


def test_html_validate_finds_nothing_in_the_apps_pages_but_the_previews_stylesheet(
    written: dict[str, list[Path]], tmp_path: Path
) -> None:
    """The preview holds the notice as a site embeds it, with its own <style>."""
    messages = _html_validate(written["app"], tmp_path)
    assert [m for m in messages if not (m.startswith("preview-") and STYLE_IN_BODY in m)] == []


def test_html_validate_finds_only_the_fragments_own_stylesheet(
    written: dict[str, list[Path]], tmp_path: Path
) -> None:
    hosts = [_host_page(f, tmp_path) for f in written["fragments"]]
    messages = _html_validate(hosts, tmp_path)
    assert [m for m in messages if STYLE_IN_BODY not in m] == []


def test_the_checkers_do_find_an_error(tmp_path: Path) -> None:
    """The tests above would pass on a checker that reads nothing: both must see this."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>x</title>'
        "<style>p { string-set: x content(); }</style></head>"
        "<body><main><h1>x</h1><p><div>x</div></p></main></body></html>",
        encoding="utf-8",
    )
    assert any("string-set" in m for m in _vnu_messages([broken]))
    assert _html_validate([broken], tmp_path)


# --- where the notice is published --------------------------------------------------------


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.meta: dict[str, str | None] = {}
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            self.links.append(values)
        elif tag == "meta" and values.get("property"):
            self.meta[str(values["property"])] = values.get("content")
        elif tag == "a" and values.get("href"):
            self.anchors.append(str(values["href"]))

    @classmethod
    def of(cls, html: str) -> _Head:
        head = cls()
        head.feed(html)
        return head

    def rel(self, rel: str) -> dict[str, str | None]:
        return {
            str(link.get("hreflang") or ""): link.get("href")
            for link in self.links
            if link.get("rel") == rel
        }


SITE = "https://www.terhikallio.fi/tietosuoja"


@pytest.fixture
def published(tmp_path: Path) -> Iterator[Path]:
    text = (EXAMPLES / "terhi-kallio" / "register.toml").read_text(encoding="utf-8")
    register = tmp_path / "register.toml"
    register.write_text(text.replace("[notice]\n", f'[notice]\nsite_url = "{SITE}"\n', 1))
    yield register


def test_a_site_url_makes_canonical_alternates_and_open_graph_absolute(published: Path) -> None:
    register = load_register(published)
    assert register.notice.site_url == SITE + "/"
    head = _Head.of(render_html(register, "en"))
    assert head.rel("canonical") == {"": f"{SITE}/tietosuojaseloste.en.html"}
    assert head.rel("alternate") == {
        "fi": f"{SITE}/tietosuojaseloste.fi.html",
        "en": f"{SITE}/tietosuojaseloste.en.html",
        "x-default": f"{SITE}/tietosuojaseloste.fi.html",
    }
    assert head.meta["og:url"] == f"{SITE}/tietosuojaseloste.en.html"
    assert head.meta["og:type"] == "website"
    assert head.meta["og:title"] == "Privacy notice"
    assert head.meta["og:site_name"] == "Tmi Terhi Kallio"
    assert head.meta["og:description"]
    # The language switcher too: each page links to the other's address.
    assert f"{SITE}/tietosuojaseloste.fi.html" in head.anchors


def test_without_a_site_url_nothing_is_guessed(tmp_path: Path) -> None:
    register = load_register(EXAMPLES / "terhi-kallio" / "register.toml")
    assert register.notice.site_url is None
    head = _Head.of(render_html(register, "fi"))
    assert head.rel("canonical") == {}
    assert head.rel("alternate") == {
        "fi": "tietosuojaseloste.fi.html",
        "en": "tietosuojaseloste.en.html",
        "x-default": "tietosuojaseloste.fi.html",
    }
    assert "og:url" not in head.meta
    assert head.meta["og:title"] == "Tietosuojaseloste"


def test_a_fragment_links_to_the_other_files_only_by_their_published_address(
    published: Path,
) -> None:
    """Pasted into a page of a CMS, a relative link leads nowhere: a fragment links to the
    other languages, the PDF and the versions at the site_url, or not at all."""
    bare = load_register(EXAMPLES / "terhi-kallio" / "register.toml")
    fragment = render_html(bare, "fi", fragment=True)
    assert "tietosuojaseloste.en.html" not in fragment
    assert 'class="language-switcher"' not in fragment
    placed = render_html(load_register(published), "fi", fragment=True)
    assert f'href="{SITE}/tietosuojaseloste.en.html"' in placed
    assert "<link" not in placed and "og:" not in placed


def test_publish_writes_the_absolute_links(published: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(load_register(published), site)
    page = _Head.of((site / "tietosuojaseloste.fi.html").read_text(encoding="utf-8"))
    assert page.rel("canonical") == {"": f"{SITE}/tietosuojaseloste.fi.html"}
    assert f"{SITE}/tietosuojaseloste.fi.pdf" in page.anchors
    assert f"{SITE}/versions.fi.html" in page.anchors
    index = _Head.of((site / "index.html").read_text(encoding="utf-8"))
    assert index.rel("canonical") == {"": f"{SITE}/tietosuojaseloste.fi.html"}


@pytest.mark.parametrize(
    "value",
    ["www.example.fi/tietosuoja", "ftp://example.fi/", "https://example.fi/?page=1", "https://"],
)
def test_a_site_url_that_is_no_web_address_is_refused_where_it_stands(
    value: str, tmp_path: Path
) -> None:
    text = (EXAMPLES / "terhi-kallio" / "register.toml").read_text(encoding="utf-8")
    register = tmp_path / "register.toml"
    register.write_text(text.replace("[notice]\n", f'[notice]\nsite_url = "{value}"\n', 1))
    result = runner.invoke(app, ["validate", str(register)])
    assert result.exit_code == 1, result.output
    assert "notice.site_url" in result.output
    assert "https://" in result.output
    assert "Traceback" not in result.output


def test_facts_that_repeat_a_label_start_a_list_of_their_own() -> None:
    """A description list names each term once: a purpose on two legal bases has a list per
    basis, and the order of the facts is kept."""
    basis, scope = "Legal basis", "Applies to"
    facts = [
        Fact(basis, "Contract"),
        Fact(scope, "Treatment notes"),
        Fact(basis, "Consent"),
        Fact(scope, "Allergies"),
        Fact("Consent of children", "Not asked"),
    ]
    groups = fact_groups(facts)
    assert [[f.value for f in group] for group in groups] == [
        ["Contract", "Treatment notes"],
        ["Consent", "Allergies", "Not asked"],
    ]
    assert fact_groups([]) == []
    register = load_register(EXAMPLES / "kampaamo-helmi" / "register.toml")
    html = render_html(register, "en")
    start = html.index("Client card</h3>")
    card = html[start : html.index('<div class="entry">', start)]
    assert card.count('<dl class="facts">') == 2


def test_nothing_rekisteri_writes_or_ships_names_a_web_address_it_does_not_have() -> None:
    """The schemas are named by URNs: an https:// address on a domain the project does not
    hold would send a reader (or a validator) to whoever does."""
    from rekisteri.access.schema import PORTABLE_SCHEMA_ID, SCHEMA_ID
    from rekisteri.register.schema import SCHEMA_ID as REGISTER_SCHEMA_ID

    assert (SCHEMA_ID, PORTABLE_SCHEMA_ID, REGISTER_SCHEMA_ID) == (
        "urn:rekisteri:schema:access-bundle",
        "urn:rekisteri:schema:access-portable",
        "urn:rekisteri:schema:register",
    )
    shipped = [*(ROOT / "schemas").glob("*.json"), *(ROOT / "src").rglob("*.py")]
    shipped += [*(ROOT / "templates").rglob("*"), *(ROOT / "docs").rglob("*.md")]
    shipped.append(ROOT / "README.md")
    for path in shipped:
        if path.is_file():
            assert "rekisteri.fi/" not in path.read_text(encoding="utf-8"), path
