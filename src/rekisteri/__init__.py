"""rekisteri: privacy-compliance toolkit for small Finnish businesses.

The public API is what a script needs: load a register, then render or answer from it.
"""

from rekisteri.errors import Diagnostic, RekisteriError
from rekisteri.loading import load_register, parse_register
from rekisteri.model import DataCategory, LegalBasis, Purpose, Register, Text

__version__ = "0.1.0"

__all__ = [
    "DataCategory",
    "Diagnostic",
    "LegalBasis",
    "Purpose",
    "Register",
    "RekisteriError",
    "Text",
    "__version__",
    "load_register",
    "parse_register",
]
