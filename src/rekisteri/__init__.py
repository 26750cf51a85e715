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
    from rekisteri.bundle import write_access_bundle, write_all_bundles
    from rekisteri.diff import diff_registers
    from rekisteri.errors import Diagnostic, RekisteriError
    from rekisteri.jsonld import export_jsonld
    from rekisteri.lint import lint_register
    from rekisteri.loading import load_register, parse_register
    from rekisteri.model import DataCategory, LegalBasis, Purpose, Register, Text
    from rekisteri.notice import render_html, render_pdf, write_notice
    from rekisteri.publish import publish
    from rekisteri.record import build_record, write_record
    from rekisteri.store import check_store

__version__ = "0.1.0"

# Everything is imported on first use: `rekisteri --version` or `requests list` need no model.
_LAZY = {
    "DataCategory": "rekisteri.model",
    "Diagnostic": "rekisteri.errors",
    "LegalBasis": "rekisteri.model",
    "Purpose": "rekisteri.model",
    "Register": "rekisteri.model",
    "RekisteriError": "rekisteri.errors",
    "Text": "rekisteri.model",
    "load_register": "rekisteri.loading",
    "parse_register": "rekisteri.loading",
    "build_record": "rekisteri.record",
    "check_store": "rekisteri.store",
    "diff_registers": "rekisteri.diff",
    "export_jsonld": "rekisteri.jsonld",
    "lint_register": "rekisteri.lint",
    "publish": "rekisteri.publish",
    "render_html": "rekisteri.notice",
    "render_pdf": "rekisteri.notice",
    "write_access_bundle": "rekisteri.bundle",
    "write_all_bundles": "rekisteri.bundle",
    "write_notice": "rekisteri.notice",
    "write_record": "rekisteri.record",
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
