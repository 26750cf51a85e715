"""rekisteri: privacy-compliance toolkit for small Finnish businesses.

The public API is what a script or a web app needs: load a register, then lint it, render its
notice, publish it, write the Art. 30 record, answer an access request from the store (one
:class:`Identifier` names the person, one :class:`BundleOptions` says how), or run the request
log, the retention sweep, the marketing list and the feedback snippet::

    import rekisteri

    register = rekisteri.load_register("register.toml")
    report = rekisteri.lint_register(register, "fi")
    html = rekisteri.render_html(register, "fi")
    person = rekisteri.identify(email="aino@example.com")
    with rekisteri.open_store(register) as store:
        subject = rekisteri.resolve_subject(store, person)
        data = rekisteri.collect_subject(store, subject.key) if subject else None
    files = rekisteri.build_bundle(register, person, rekisteri.BundleOptions(formats=["json"]))

Every name in ``__all__`` is listed here with the types its functions take, and every refusal
is a :class:`RekisteriError` (:class:`AmbiguousSubject`, :class:`ReplaceRefused`,
:class:`PublicationRefused`) rather than an exit code. Each name is imported on first use, so
``import rekisteri`` stays cheap and a command loads only what it needs. Everything else is
importable from its package but may change.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rekisteri.access.bundle import (
        AccessResult,
        BundleOptions,
        build_bundle,
        write_access_bundle,
        write_all_bundles,
        write_bundle,
        write_review_copy,
    )
    from rekisteri.access.collect import (
        AmbiguousSubject,
        Identifier,
        SubjectData,
        collect_subject,
        identify,
        resolve_subject,
    )
    from rekisteri.access.review import ReviewDecision, ReviewNeeded
    from rekisteri.access.store import Store, check_store, open_store
    from rekisteri.errors import Diagnostic, RekisteriError
    from rekisteri.lint import Finding, LintReport, Severity, lint_register
    from rekisteri.lint.validate import (
        PublicationRefused,
        Validation,
        check_publication,
        validate,
    )
    from rekisteri.notice.jsonld import export_jsonld
    from rekisteri.notice.publish import ReplaceRefused, publish
    from rekisteri.notice.render import NoticeLinks, render_html, render_pdf, write_notice
    from rekisteri.operations.feedback import feedback_snippet
    from rekisteri.operations.marketing import marketing_list
    from rekisteri.operations.requests import (
        Channel,
        RequestType,
        add_request,
        answer_request,
        close_request,
        extend_request,
        list_requests,
        log_path,
        verify_log,
    )
    from rekisteri.operations.retention_sweep import sweep
    from rekisteri.operations.service import RequestLog
    from rekisteri.record.record import build_record, write_record
    from rekisteri.register.diff import diff_registers
    from rekisteri.register.loading import load_register, parse_register
    from rekisteri.register.migrate import Migration, migrate_register
    from rekisteri.register.model import Layout, Register, WithholdGround

__version__ = "0.1.0"

# Grouped by package, lowest layer first, rather than sorted: the list reads as the product.
__all__ = [  # noqa: RUF022
    "__version__",
    # errors: the one error type of the library, and where in the file a problem is
    "Diagnostic",
    "RekisteriError",
    # register: the description itself
    "Layout",
    "Migration",
    "Register",
    "diff_registers",
    "load_register",
    "migrate_register",
    "parse_register",
    # lint: legal completeness
    "Finding",
    "LintReport",
    "PublicationRefused",
    "Severity",
    "Validation",
    "check_publication",
    "lint_register",
    "validate",
    # notice: the privacy notice
    "NoticeLinks",
    "ReplaceRefused",
    "export_jsonld",
    "publish",
    "render_html",
    "render_pdf",
    "write_notice",
    # record: the Art. 30 record
    "build_record",
    "write_record",
    # access: the store and the subject-access bundle
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
    # operations: running the register
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

# Where each public name lives, imported on first use: `rekisteri --version` or
# `requests list` need no model, and `import rekisteri` none of the heavy libraries.
# tests/test_public_api.py checks that this, __all__ and the imports above agree.
_LAZY = {
    "Diagnostic": "rekisteri.errors",
    "RekisteriError": "rekisteri.errors",
    "Layout": "rekisteri.register.model",
    "Register": "rekisteri.register.model",
    "diff_registers": "rekisteri.register.diff",
    "load_register": "rekisteri.register.loading",
    "Migration": "rekisteri.register.migrate",
    "migrate_register": "rekisteri.register.migrate",
    "parse_register": "rekisteri.register.loading",
    # The package, not the engine: importing it registers every rule.
    "Finding": "rekisteri.lint",
    "LintReport": "rekisteri.lint",
    "Severity": "rekisteri.lint",
    "lint_register": "rekisteri.lint",
    "PublicationRefused": "rekisteri.lint.validate",
    "Validation": "rekisteri.lint.validate",
    "check_publication": "rekisteri.lint.validate",
    "validate": "rekisteri.lint.validate",
    "NoticeLinks": "rekisteri.notice.render",
    "ReplaceRefused": "rekisteri.notice.publish",
    "export_jsonld": "rekisteri.notice.jsonld",
    "publish": "rekisteri.notice.publish",
    "render_html": "rekisteri.notice.render",
    "render_pdf": "rekisteri.notice.render",
    "write_notice": "rekisteri.notice.render",
    "build_record": "rekisteri.record.record",
    "write_record": "rekisteri.record.record",
    "AccessResult": "rekisteri.access.bundle",
    "AmbiguousSubject": "rekisteri.access.collect",
    "BundleOptions": "rekisteri.access.bundle",
    "Identifier": "rekisteri.access.collect",
    "ReviewDecision": "rekisteri.access.review",
    "ReviewNeeded": "rekisteri.access.review",
    "WithholdGround": "rekisteri.register.model",
    "Store": "rekisteri.access.store",
    "SubjectData": "rekisteri.access.collect",
    "build_bundle": "rekisteri.access.bundle",
    "check_store": "rekisteri.access.store",
    "collect_subject": "rekisteri.access.collect",
    "identify": "rekisteri.access.collect",
    "open_store": "rekisteri.access.store",
    "resolve_subject": "rekisteri.access.collect",
    "write_access_bundle": "rekisteri.access.bundle",
    "write_all_bundles": "rekisteri.access.bundle",
    "write_bundle": "rekisteri.access.bundle",
    "write_review_copy": "rekisteri.access.bundle",
    "Channel": "rekisteri.operations.requests",
    "RequestLog": "rekisteri.operations.service",
    "RequestType": "rekisteri.operations.requests",
    "add_request": "rekisteri.operations.requests",
    "answer_request": "rekisteri.operations.requests",
    "close_request": "rekisteri.operations.requests",
    "extend_request": "rekisteri.operations.requests",
    "feedback_snippet": "rekisteri.operations.feedback",
    "list_requests": "rekisteri.operations.requests",
    "log_path": "rekisteri.operations.requests",
    "marketing_list": "rekisteri.operations.marketing",
    "sweep": "rekisteri.operations.retention_sweep",
    "verify_log": "rekisteri.operations.requests",
}


# Hidden from type checkers, which read the imports above instead: with a module __getattr__
# in view they would accept any name, and a typo such as `rekisteri.lint_regsiter` would pass.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'rekisteri' has no attribute {name!r}")
        value = getattr(import_module(module), name)
        # Kept, so the next use is an ordinary attribute and __getattr__ is not called again.
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
