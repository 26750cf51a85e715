"""The register editor of the local app: the register as a form (:mod:`rekisteri.register.forms`),
changes kept in a draft (:class:`rekisteri.register.editing.Draft`) and checked as ``validate``
and ``lint`` check the file, the notice's preview beside the form, and saving.

Every change arrives as a form: the whole form when the owner presses a button (the editor works
without JavaScript), one field at a time from the page's own script (``editor.js``), which then
replaces the diagnostics, the lint's panel and the preview with those of the answer. Only a
field the form has can be set: a name that is not one is refused. Nothing is written to the
file before "Save", and then only a draft that validates and a file nobody changed meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import tomlkit
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from rekisteri.documents import i18n, templating
from rekisteri.errors import Diagnostic, Loc, RekisteriError, format_loc
from rekisteri.lint import LintReport, lint_register
from rekisteri.notice.render import render_html, render_pdf
from rekisteri.register import forms
from rekisteri.register.editing import PREVIOUS_SUFFIX, ChangedOnDisk, Checked, Draft
from rekisteri.register.forms import Field, Group, Node, Repeated
from rekisteri.register.model import NONE
from rekisteri.web.guard import Session
from rekisteri.web.pages import not_found, page, register_language, with_own_styles

_PART = re.compile(r"\[(\d+)\]|\.?([A-Za-z_][A-Za-z0-9_-]*)")
LANGUAGE_MARK = "~"
"""Separates a localized field's path from its language in a form's field name."""
ACTION = "action"


@dataclass
class Workspace:
    """The editor's draft of one register, kept while the app runs; the file stays the truth."""

    path: Path
    draft: Draft | None = None
    problem: RekisteriError | None = None
    """Why the file cannot be opened as a draft (not TOML), while it cannot."""
    previews: dict[str, str] = field(default_factory=dict)
    """The last preview of each language made from a draft that validated."""
    reloaded: bool = False

    def current(self) -> Draft | None:
        """The draft, opened (or opened again: the file was changed and nothing is unsaved)."""
        if self.draft is not None and self.draft.changed_on_disk() and not self.draft.unsaved:
            self.draft = None
            self.reloaded = True
        if self.draft is None:
            try:
                self.draft = Draft.open(self.path)
                self.problem = None
            except RekisteriError as exc:
                self.problem = exc
        return self.draft


@dataclass
class View:
    """What the editor page shows for a draft."""

    nodes: tuple[Node, ...]
    checked: Checked
    lint: LintReport | None
    languages: tuple[str, ...]
    default_language: str
    errors_at: dict[str, list[str]]
    """Messages by the path of the node they are shown at."""
    elsewhere: list[Diagnostic]
    preview: str
    preview_lang: str
    preview_stale: bool


def routes(register: Path, session: Session) -> list[Route]:
    """The editor's routes for ``register``."""
    workspace = Workspace(register)

    async def show(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        return _page(workspace, env, context, lang, request.query_params)

    async def change(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        return await _change(workspace, request, env, context, lang)

    async def one_field(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        return await _one_field(workspace, request, env, context, lang)

    async def pdf(
        request: Request, register: Path, env: Any, context: dict[str, Any], lang: str
    ) -> Response:
        draft = workspace.current()
        checked = draft.check() if draft is not None else None
        wanted = request.path_params["lang"]
        if checked is None or checked.register is None:
            return RedirectResponse("/editor", status_code=303)
        if wanted not in checked.register.languages:
            return not_found(env, context)
        data = render_pdf(checked.register, wanted)
        return Response(
            data,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="preview-{wanted}.pdf"'},
        )

    return [
        Route("/editor", page(register, session, show), methods=["GET"]),
        Route("/editor", page(register, session, change), methods=["POST"]),
        Route("/editor/field", page(register, session, one_field), methods=["POST"]),
        Route("/editor/pdf/{lang}", page(register, session, pdf), methods=["GET"]),
    ]


# -- reading a form -----------------------------------------------------------------------


def parse_path(text: str) -> Loc | None:
    """The key path a field's name gives (``purposes[1].name``), or None for a name that is
    not one."""
    loc: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if match is None or (match.group(2) is not None and position and text[position] != "."):
            return None
        loc.append(int(match.group(1)) if match.group(1) is not None else match.group(2))
        position = match.end()
    return tuple(loc) if loc else None


def field_name(node: Node, lang: str | None = None) -> str:
    """The name of a node's field in the form (its path; a localized one's with the language)."""
    return node.path + (LANGUAGE_MARK + lang if lang else "")


def anchor(path: str) -> str:
    """The HTML id of the field at ``path``."""
    return "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", path).strip("-")


@dataclass
class Applied:
    """What applying a form did: the errors of values that are not values of their field."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False


def apply(
    draft: Draft,
    nodes: Sequence[Node],
    form: Mapping[str, list[str]],
    languages: tuple[str, ...],
) -> Applied:
    """Set each field of ``nodes`` the form sends a different value for; a value that is not
    one of its field (:class:`~rekisteri.register.forms.BadValue`) is not set and is named.
    ``languages`` are the notice's, the default first (:func:`declared_languages`)."""
    applied = Applied()
    for name, raw in form.items():
        path, _, lang = name.partition(LANGUAGE_MARK)
        loc = parse_path(path)
        node = forms.find(nodes, loc) if loc is not None else None
        if node is None:
            continue
        try:
            if isinstance(node, Field):
                applied.changed |= _apply_field(draft, node, raw, lang, languages)
            elif lang == "" and raw and raw[-1] != node.state:
                _apply_state(draft, node, raw[-1])
                applied.changed = True
        except RekisteriError as exc:
            applied.errors.setdefault(node.path, []).append(said(exc))
    return applied


def said(exc: RekisteriError) -> str:
    """An error as a field shows it: its message and hint, without the file's name."""
    if not exc.diagnostics:
        return exc.message
    return "; ".join(d.message + (f" ({d.hint})" if d.hint else "") for d in exc.diagnostics)


def _apply_field(
    draft: Draft, node: Field, raw: list[str], lang: str, languages: tuple[str, ...]
) -> bool:
    if node.kind in ("localized", "textarea"):
        if lang not in languages:
            return False
        current = node.value
        now = current.get(lang, "") if isinstance(current, Mapping) else current or ""
        if isinstance(current, str) and lang != languages[0]:
            now = ""
        text = raw[-1] if raw else ""
        if text.strip() == str(now).strip():
            return False
        draft.set_text(node.loc, lang, text.strip(), default_language=languages[0])
        return True
    if lang:
        return False
    if node.kind == "toml":
        text = raw[-1] if raw else ""
        if text.strip() == _toml_text(node.value).strip():
            return False
        draft.set_toml(node.loc, text)
        return True
    value = node.parse(raw)
    if value == node.value or (value in (None, []) and node.value in (None, [])):
        return False
    draft.set(node.loc, value, order=node.order)
    return True


def _apply_state(draft: Draft, node: Group | Repeated, state: str) -> None:
    if state == "none" and node.can_be_none:
        draft.set(node.loc, NONE)
    elif state == "absent":
        draft.set(node.loc, None)
    elif state == "stated" and isinstance(node, Repeated):
        draft.set(node.loc, None)
        draft.add(node.loc)
    elif state == "stated":
        draft.make_table(node.loc)


def declared_languages(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The notice's languages as the draft states them (valid or not), the default first."""
    notice = data.get("notice")
    if not isinstance(notice, Mapping):
        return ("fi",)
    languages = notice.get("languages")
    found = [x for x in languages if isinstance(x, str)] if isinstance(languages, list) else []
    default = notice.get("default_language")
    if isinstance(default, str) and default in found:
        found.remove(default)
        found.insert(0, default)
    return tuple(found) or ("fi",)


# -- the page -----------------------------------------------------------------------------


def view(workspace: Workspace, draft: Draft, lang: str, preview_lang: str | None) -> View:
    """The editor's view of ``draft``: its form, diagnostics at their fields, the lint in the
    register's language nearest the interface's, and the preview."""
    data = draft.data()
    languages = declared_languages(data)
    nodes = forms.register_form(data, languages)
    checked = draft.check()
    lint = None
    errors_at: dict[str, list[str]] = {}
    elsewhere: list[Diagnostic] = []
    for diagnostic in checked.errors:
        loc = parse_path(diagnostic.path) if diagnostic.path else None
        node = forms.field_for(loc, nodes) if loc else None
        if node is None:
            elsewhere.append(diagnostic)
        else:
            text = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
            errors_at.setdefault(node.path, []).append(text)
    shown = preview_lang if preview_lang in languages else languages[0]
    stale = True
    if checked.register is not None:
        report_lang = register_language(checked.register, lang)
        try:
            lint = lint_register(checked.register, report_lang)
        except RekisteriError as exc:
            elsewhere.append(Diagnostic(str(exc)))
        workspace.previews[shown] = render_html(checked.register, shown, fragment=True)
        stale = False
    return View(
        nodes,
        checked,
        lint,
        languages,
        languages[0],
        errors_at,
        elsewhere,
        workspace.previews.get(shown, ""),
        shown,
        stale,
    )


def _page(
    workspace: Workspace,
    env: Any,
    context: dict[str, Any],
    lang: str,
    query: Mapping[str, str],
    *,
    form_errors: Mapping[str, list[str]] | None = None,
    message: str = "",
    status: int = 200,
) -> Response:
    draft = workspace.current()
    if draft is None:
        html = templating.render(
            env,
            "web/editor-broken.html.j2",
            {**context, "problem": workspace.problem, "source": _file_text(workspace.path)},
        )
        return HTMLResponse(html, status_code=status)
    shown = view(workspace, draft, lang, query.get("preview"))
    errors = {**shown.errors_at}
    for path, found in (form_errors or {}).items():
        errors.setdefault(path, [])[:0] = found
    reloaded, workspace.reloaded = workspace.reloaded, False
    html = templating.render(
        env,
        "web/editor.html.j2",
        {
            **context,
            **_helpers(shown, errors, lang),
            "field_name": field_name,
            "toml_text": _toml_text,
            "unsaved": draft.unsaved,
            "on_disk": draft.changed_on_disk(),
            "reloaded": reloaded,
            "saved": query.get("saved") == "1",
            "mended": query.get("mended") == "1",
            "previous": draft.path.name + PREVIOUS_SUFFIX,
            "message": message,
            "register_lang": shown.default_language,
        },
    )
    return with_own_styles(html, status)


async def _form(request: Request) -> dict[str, list[str]]:
    body = await request.body()
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


async def _change(
    workspace: Workspace, request: Request, env: Any, context: dict[str, Any], lang: str
) -> Response:
    form = await _form(request)
    action = (form.pop(ACTION, [""]) or [""])[-1]
    form.pop("csrf", None)
    if action == "source":
        return _mend(workspace, env, context, lang, form)
    draft = workspace.current()
    if draft is None:
        return RedirectResponse("/editor", status_code=303)
    if action == "reload":
        draft.reload()
        return RedirectResponse("/editor", status_code=303)
    data = draft.data()
    languages = declared_languages(data)
    nodes = forms.register_form(data, languages)
    applied = apply(draft, nodes, form, languages)
    if applied.errors:
        return _page(
            workspace, env, context, lang, request.query_params,
            form_errors=applied.errors, status=400,
        )  # fmt: skip
    verb, _, target = action.partition(":")
    loc = parse_path(target) if target else None
    node = forms.find(nodes, loc) if loc is not None else None
    try:
        if verb == "add" and isinstance(node, Repeated):
            index = draft.add(node.loc)
            return _back(f"{node.path}[{index}]")
        if verb in ("remove", "up", "down") and isinstance(node, Group) and _is_entry(node):
            if verb == "remove":
                draft.remove(node.loc)
                return _back(format_loc(node.loc[:-1]))
            draft.move(node.loc, -1 if verb == "up" else 1)
            moved = (*node.loc[:-1], int(node.loc[-1]) + (-1 if verb == "up" else 1))
            return _back(format_loc(moved))
        if verb == "save":
            draft.save()
            return RedirectResponse("/editor?saved=1#status", status_code=303)
    except ChangedOnDisk as exc:
        return _page(workspace, env, context, lang, {}, message=said(exc), status=409)
    except RekisteriError as exc:
        return _page(workspace, env, context, lang, {}, message=exc.message, status=400)
    return _back("")


def _mend(
    workspace: Workspace,
    env: Any,
    context: dict[str, Any],
    lang: str,
    form: Mapping[str, list[str]],
) -> Response:
    """The file's whole text as the owner mended it on the page for a file that is not TOML:
    a draft again once it reads as TOML (saved only through the form, as any draft)."""
    text = (form.get("source") or [""])[-1]
    try:
        workspace.draft = Draft.of_text(workspace.path, text)
    except RekisteriError as exc:
        workspace.problem = exc
        html = templating.render(
            env, "web/editor-broken.html.j2", {**context, "problem": exc, "source": text}
        )
        return HTMLResponse(html, status_code=400)
    workspace.problem = None
    return RedirectResponse("/editor?mended=1#status", status_code=303)


def _is_entry(node: Group) -> bool:
    return bool(node.loc) and isinstance(node.loc[-1], int)


def _back(path: str) -> Response:
    return RedirectResponse("/editor" + (f"#{anchor(path)}" if path else ""), status_code=303)


async def _one_field(
    workspace: Workspace, request: Request, env: Any, context: dict[str, Any], lang: str
) -> Response:
    """One field's change from the page's script: the answer is what the page replaces."""
    form = await _form(request)
    form.pop("csrf", None)
    preview_lang = (form.pop("preview", [""]) or [""])[-1]
    draft = workspace.current()
    if draft is None:
        return JSONResponse({"reload": True})
    data = draft.data()
    languages = declared_languages(data)
    nodes = forms.register_form(data, languages)
    names = [name for name in form if name != ACTION]
    known = [
        name
        for name in names
        if (loc := parse_path(name.partition(LANGUAGE_MARK)[0])) is not None
        and forms.find(nodes, loc) is not None
    ]
    if not names or len(known) != len(names):
        return JSONResponse({"error": "unknown field"}, status_code=400)
    applied = apply(draft, nodes, form, languages)
    shown = view(workspace, draft, lang, preview_lang)
    errors = {**shown.errors_at}
    for path, found in applied.errors.items():
        errors.setdefault(path, [])[:0] = found
    helpers = _helpers(shown, errors, lang)
    panel = templating.render(
        env,
        "web/editor-panel.html.j2",
        {**context, **helpers, "register_lang": shown.default_language},
    )
    said_here = helpers["error_text"]
    first = forms.find(nodes, parse_path(known[0].partition(LANGUAGE_MARK)[0]) or ())
    return JSONResponse(
        {
            "errors": {
                anchor(path): [said_here(text) for text in found] for path, found in errors.items()
            },
            "panel": panel,
            "preview": shown.preview,
            "stale": shown.preview_stale,
            "unsaved": draft.unsaved,
            # A section's state changes the form's shape: the page is loaded again.
            "reload": not isinstance(first, Field),
        }
    )


def _helpers(shown: View, errors: Mapping[str, list[str]], lang: str) -> dict[str, Any]:
    """What the editor's templates call: where a finding's field is, whether a section holds
    an error, and the form's texts in the interface's language."""

    def locate(path: str) -> str:
        loc = parse_path(path) if path else None
        node = forms.field_for(loc, shown.nodes) if loc else None
        return anchor(node.path) if node is not None else ""

    def errors_within(path: str) -> bool:
        return any(k == path or k.startswith((path + ".", path + "[")) for k in errors)

    gettext = _translator(lang)
    return {
        "view": shown,
        "errors": errors,
        "anchor": anchor,
        "locate": locate,
        "errors_within": errors_within,
        "field_label": gettext,
        # A refusal of the form is the catalog's; the validator's messages are said as
        # `validate` says them.
        "error_text": lambda text: gettext(text) if text in forms.REFUSALS else text,
    }


def _translator(lang: str) -> Any:
    return i18n.translations(lang, forms.DOMAIN).gettext


def _file_text(path: Path) -> str:
    """The file's text for mending it on the page ("" when it cannot be read as text)."""
    try:
        return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    except OSError:
        return ""


def _toml_text(value: Any) -> str:
    """A value as the TOML a person writes after ``key =``."""
    if value is None:
        return ""
    return str(tomlkit.item(value).as_string())
