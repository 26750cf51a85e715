"""rekisteri: privacy-compliance toolkit for small Finnish businesses.

The public API is what a script needs: load a register, then lint it, render its notice, publish
it, or answer an access request from it::

    import rekisteri

    register = rekisteri.load_register("register.toml")
    html = rekisteri.render_html(register, "fi")
    report = rekisteri.lint_register(register, "fi")

Every name is imported on first use, so a command loads only what it needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rekisteri.access.bundle import write_access_bundle, write_all_bundles
    from rekisteri.access.store import check_store
    from rekisteri.errors import Diagnostic, RekisteriError
    from rekisteri.lint import lint_register
    from rekisteri.notice.jsonld import export_jsonld
    from rekisteri.notice.publish import publish
    from rekisteri.notice.render import render_html, render_pdf, write_notice
    from rekisteri.record.record import build_record, write_record
    from rekisteri.register.diff import diff_registers
    from rekisteri.register.loading import load_register, parse_register
    from rekisteri.register.model import DataCategory, LegalBasis, Purpose, Register, Text

__version__ = "0.1.0"

# Everything is imported on first use: `rekisteri --version` or `requests list` need no model.
_LAZY = {
    "DataCategory": "rekisteri.register.model",
    "Diagnostic": "rekisteri.errors",
    "LegalBasis": "rekisteri.register.model",
    "Purpose": "rekisteri.register.model",
    "Register": "rekisteri.register.model",
    "RekisteriError": "rekisteri.errors",
    "Text": "rekisteri.register.model",
    "load_register": "rekisteri.register.loading",
    "parse_register": "rekisteri.register.loading",
    "build_record": "rekisteri.record.record",
    "check_store": "rekisteri.access.store",
    "diff_registers": "rekisteri.register.diff",
    "export_jsonld": "rekisteri.notice.jsonld",
    "lint_register": "rekisteri.lint",
    "publish": "rekisteri.notice.publish",
    "render_html": "rekisteri.notice.render",
    "render_pdf": "rekisteri.notice.render",
    "write_access_bundle": "rekisteri.access.bundle",
    "write_all_bundles": "rekisteri.access.bundle",
    "write_notice": "rekisteri.notice.render",
    "write_record": "rekisteri.record.record",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rekisteri' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "DataCategory",
    "Diagnostic",
    "LegalBasis",
    "Purpose",
    "Register",
    "RekisteriError",
    "Text",
    "__version__",
    "build_record",
    "check_store",
    "diff_registers",
    "export_jsonld",
    "lint_register",
    "load_register",
    "parse_register",
    "publish",
    "render_html",
    "render_pdf",
    "write_access_bundle",
    "write_all_bundles",
    "write_notice",
    "write_record",
]
