"""Client feedback for the homepage, with the person taken out.

Only feedback whose permission to publish is recorded (``[store.feedback] publishable`` holds a
yes: true, 1, 't', 'true', 'yes', 'kyllä' or 'ja', in any case) is used. NULL, an empty value
and every no are not a permission; any other value is not one either, and is counted and named
in the summary so the owner can fix the store. From the free text everything that could point
at someone is removed and replaced by "[…]":

* email addresses and web addresses;
* phone numbers, found by phonenumbers' matcher (valid numbers, Finnish unless written with a
  country code), so dates, times and order numbers stay;
* personal identity codes (hetu): candidates found by their shape, removed when python-stdnum
  says the check character is right;
* postal addresses: a street name with a number, a post-office box, a postal code with a town;
* the writer's own identifiers from the subject table: email, phone, identity code, birth date
  and the columns of ``also_remove``;
* the name of every person in the subject table, not only the writer's (a client may name
  another client), whatever the case, with or without diacritics, and inflected: a word goes
  when Voikko's base form of it (any of its analyses) is a stored name (Virtaselle → Virtanen,
  Sadulle → Satu, Rannan → Ranta). A word Voikko does not know (Novákille), and every word when
  Voikko is not installed, goes when it starts with a stem of a stored name (Virtas-, Sadu-,
  Lahde-, Ranna-); that removes more than it must, never less;
* signatures: "t. Aino", "Terveisin …", "Ystävällisin terveisin …", "-Aino", "Kiitos, Aino",
  "Hälsningar …", "Best regards …": the sign-off and what follows it on its line are dropped.

The names of the controller and the contact person are public and stay, unless someone in the
subject table has the same name.

An answer from which something was removed is then dropped when fewer than ``min_words`` words
are left, or when at least as many identifiers were removed as words are left: what remains of
"Terveisin Aino Virtanen, Hämeenkatu 5" is not feedback, and a short answer that named its
writer is easier to trace back to them than it is worth publishing.
A rating that is not a number from 0 to the scale (inf, NaN, 7 of 5, "hyvä") stops the export:
the store is wrong, and guessing would publish something the writer did not give.
Nothing of the date or the person is published with the text. The store is only read.
"""

from __future__ import annotations

import atexit
import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import sqlalchemy as sa

from rekisteri.access.store import Store, mapping_error, open_store, register_file
from rekisteri.documents.i18n import translations
from rekisteri.errors import RekisteriError
from rekisteri.operations.store_tables import check_columns, mapped_table, subject_rows
from rekisteri.redact import printable
from rekisteri.register.store_mapping import FeedbackMapping

if TYPE_CHECKING:
    from gettext import GNUTranslations as Translations

    from rekisteri.register.model import Register

PLACEHOLDER = "[…]"
TEMPLATE = "feedback/snippet.html.j2"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Day, month and year, the century sign, the individual number and the check character;
# python-stdnum then decides.
_HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_STREET_ENDINGS = (
    "katu|kadu|tie|kuja|polku|polu|väylä|kaari|kaare|rinne|rintee|piha|tori|aukio|raitti|"
    "raiti|ranta|rann|mäki|mäe|kallio|gatan|gata|vägen|väg|gränd|street|road|avenue|lane"
)
# A street name and its number, with a staircase and a flat: Hämeenkatu 5 B 12, Peltotie 7 as 3,
# Siltakadulla 12:ssa (a number followed by a case ending).
_STREET = re.compile(
    rf"\b[A-ZÅÄÖ][\w-]*(?:{_STREET_ENDINGS})\w*\s+\d+"
    r"(?:\s?[A-Za-z](?![a-zåäö]))?(?:\s?(?:as\.?\s?)?\d+)?(?::\w+)?"
)
_PO_BOX = re.compile(r"\b(?:PL|PB|P\.O\. ?Box)\s*\d+\b", re.IGNORECASE)
_POSTAL_TOWN = re.compile(r"\b\d{5}\s+[A-ZÅÄÖ][\wåäö]+(?:-[\wåäö]+)?")
_WORD = re.compile(r"[\wåäöÅÄÖ]+(?:[-'][\wåäöÅÄÖ]+)*")
# A run of letters (with combining marks): the unit a name is looked for in. Hyphens and
# apostrophes split it, so each half of Aino-Maija or Ranta-Virtanen is checked alone.
_LETTERS = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")


# --- comparing names -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` as names are compared: NFC and Unicode case folding (ÅBERG = åberg)."""
    return unicodedata.normalize("NFC", text).casefold()


_BASE_LETTER = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def plain(text: str) -> str:
    """``text`` folded and without diacritics, as a writer may type a name: Särkkä → sarkka."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", fold(text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_BASE_LETTER)


# --- Finnish base forms: Voikko, or stems when it is missing -------------------------------------


class Morphology(Protocol):
    """Base forms of a word, case-folded; empty when the analyser does not know the word."""

    name: str

    def base_forms(self, word: str) -> frozenset[str]: ...


class VoikkoMorphology:
    """Voikko's analyses of single words, remembered: feedback repeats its words."""

    name = "voikko"
    _CACHE_LIMIT = 200_000

    def __init__(self, voikko: Any) -> None:
        self._voikko = voikko
        # One Voikko instance must not be used from two threads at once (libvoikko's rule).
        self._lock = threading.Lock()
        self._cache: dict[str, frozenset[str]] = {}

    def base_forms(self, word: str) -> frozenset[str]:
        found = self._cache.get(word)
        if found is None:
            with self._lock:
                analyses = self._voikko.analyze(word)
            found = frozenset(
                fold(str(analysis["BASEFORM"])) for analysis in analyses if analysis.get("BASEFORM")
            )
            if len(self._cache) < self._CACHE_LIMIT:
                self._cache[word] = found
        return found

    def close(self) -> None:
        """Release libvoikko's dictionary (a later call of :meth:`base_forms` fails)."""
        with self._lock:
            self._voikko.terminate()


def load_voikko() -> VoikkoMorphology | str:
    """A new Finnish Voikko, or why there is none (the binding, the library or the dictionary
    is missing)."""
    try:
        # libvoikko is optional and loads a C library: only scrubbing with Voikko needs it.
        import libvoikko  # type: ignore[import-untyped]
    except ImportError as exc:
        return f"the Python package libvoikko is not installed ({exc})"
    try:
        instance = libvoikko.Voikko("fi")
    except OSError as exc:
        return f"the Voikko library could not be loaded ({exc}); install Debian's libvoikko1"
    except libvoikko.VoikkoException as exc:
        return f"Voikko has no Finnish dictionary ({exc}); install Debian's voikko-fi"
    return VoikkoMorphology(instance)


_voikko_state: VoikkoMorphology | str | None = None
_voikko_guard = threading.Lock()


def voikko() -> VoikkoMorphology | None:
    """The process's one Voikko, loaded on first use and closed at exit; None when missing."""
    global _voikko_state
    with _voikko_guard:
        if _voikko_state is None:
            _voikko_state = load_voikko()
            if isinstance(_voikko_state, VoikkoMorphology):
                atexit.register(_voikko_state.close)
        return _voikko_state if isinstance(_voikko_state, VoikkoMorphology) else None


def voikko_problem() -> str | None:
    """Why Voikko is not available, or None when it is."""
    return None if voikko() is not None else str(_voikko_state)


MORPHOLOGIES = ("auto", "voikko", "stems")


def choose_morphology(choice: str = "auto") -> Morphology | None:
    """``auto``: Voikko when it is installed, stems otherwise; ``voikko``: Voikko or an error;
    ``stems``: stems only (None)."""
    if choice not in MORPHOLOGIES:
        raise RekisteriError(
            f"'{choice}' is not a way to find names; choose from {', '.join(MORPHOLOGIES)}"
        )
    if choice == "stems":
        return None
    found = voikko()
    if found is None and choice == "voikko":
        raise RekisteriError(
            f"Voikko is needed to find inflected names, but {voikko_problem()}",
        )
    return found


# --- names and their stems -----------------------------------------------------------------------

_VOWELS = frozenset("aeiouyäöå")
# Consonant gradation, strong grade to weak: Matti → Matin, Ranta → Rannan, Lahti → Lahden,
# Särkkä → Särkän, Pekka → Pekalle. Both j-forms of lk/rk are real (jälki → jäljen).
_WEAKER = {
    "kk": ("k",),
    "pp": ("p",),
    "tt": ("t",),
    "nk": ("ng",),
    "mp": ("mm",),
    "lt": ("ll",),
    "nt": ("nn",),
    "rt": ("rr",),
    "ht": ("hd",),
    "lk": ("l", "lj"),
    "rk": ("r", "rj"),
    "hk": ("h",),
    "lp": ("lv",),
    "rp": ("rv",),
    "t": ("d",),
    "p": ("v",),
    "k": ("",),
}
# Weak grade to strong, for names whose inflected stem is longer: Kangas → Kankaan,
# Lähde → Lähteen.
_STRONGER = {
    "k": "kk",
    "p": "pp",
    "t": "tt",
    "ng": "nk",
    "mm": "mp",
    "ll": "lt",
    "nn": "nt",
    "rr": "rt",
    "hd": "ht",
    "d": "t",
    "v": "p",
}
# A stem this long removes every word it starts; a shorter one (Eva, Li, Mäe-) only with an
# ending at most _MAX_ENDING letters long (Evan, Lille, Mäelle).
_FREE_STEM = 4
_MAX_ENDING = 5


@functools.cache
def _is_vowel(char: str) -> bool:
    return plain(char) in _VOWELS or char in _VOWELS


def _split_end(word: str) -> tuple[str, str, str, str]:
    """(head, consonants, vowels, final consonants) of the word's last syllable:
    ranta → (ra, nt, a, ''), kangas → (ka, ng, a, s)."""
    i = len(word)
    while i and not _is_vowel(word[i - 1]):
        i -= 1
    tail = word[i:]
    j = i
    while j and _is_vowel(word[j - 1]):
        j -= 1
    vowels = word[j:i]
    k = j
    while k and not _is_vowel(word[k - 1]):
        k -= 1
    return word[:k], word[k:j], vowels, tail


def _weaker(cluster: str) -> tuple[str, ...]:
    for strong in sorted(_WEAKER, key=len, reverse=True):
        if cluster.endswith(strong) and (len(strong) > 1 or cluster == strong):
            return tuple(cluster[: -len(strong)] + weak for weak in _WEAKER[strong])
    return ()


def _stronger(cluster: str) -> tuple[str, ...]:
    for weak in sorted(_STRONGER, key=len, reverse=True):
        if cluster.endswith(weak) and (len(weak) > 1 or cluster == weak):
            return (cluster[: -len(weak)] + _STRONGER[weak],)
    return ()


def name_stems(word: str) -> set[str]:
    """The stems an inflected form of a (folded) name word starts with: virtanen → virtanen,
    virtas; satu → satu, sadu; lahti → lahti, lahdi, lahte, lahde; kangas → kangas, kangaks,
    kanka."""
    stems = {word}
    head, cluster, vowels, tail = _split_end(word)
    if word.endswith("nen") and len(word) > 4:
        stems.add(word[:-3] + "s")  # Virtasen, Virtaselle, Virtasta
    elif not tail and vowels:
        for weak in _weaker(cluster):
            stems.add(head + weak + vowels)  # Sadun, Rannan, Matin
            if vowels[-1] == "i":
                stems.add(head + weak + "e")  # Lahden
        if vowels[-1] == "i":
            stems.add(head + cluster + "e")  # Lahteen
        if vowels[-1] == "e":
            stems |= {head + strong + "e" for strong in _stronger(cluster)}  # Lähteen
    elif tail == "s" and vowels:
        stems.add(word[:-1] + "ks")  # Tuomaksen, Markukselle
        stems |= {head + strong + vowels for strong in _stronger(cluster)}  # Kankaan
    return {stem for stem in stems if len(stem) >= 3 or stem == word}


@dataclass(frozen=True)
class Names:
    """People's names in the forms a text is compared with."""

    words: frozenset[str] = frozenset()
    """Each name word folded (virtanen, élise)."""
    plain_words: frozenset[str] = frozenset()
    """The same without diacritics (elise, sarkka)."""
    stems: frozenset[str] = frozenset()
    """Folded stems: a word starting with one is taken for an inflected name."""
    plain_stems: frozenset[str] = frozenset()
    """The stems without diacritics."""
    unaccented_stems: frozenset[str] = frozenset()
    """Plain stems of names written with diacritics: a writer who types Sarkan for Särkän."""

    @classmethod
    def of(cls, names: Iterable[str]) -> Names:
        words = {
            fold(token)
            for name in names
            for token in _LETTERS.findall(unicodedata.normalize("NFC", name))
            if len(token) >= 2
        }
        stems = {stem: plain(stem) for word in words for stem in name_stems(word)}
        return cls(
            words=frozenset(words),
            plain_words=frozenset(plain(w) for w in words),
            stems=frozenset(stems),
            plain_stems=frozenset(stems.values()),
            unaccented_stems=frozenset(bare for stem, bare in stems.items() if bare != stem),
        )

    def __or__(self, other: Names) -> Names:
        return Names(
            self.words | other.words,
            self.plain_words | other.plain_words,
            self.stems | other.stems,
            self.plain_stems | other.plain_stems,
            self.unaccented_stems | other.unaccented_stems,
        )

    def __bool__(self) -> bool:
        return bool(self.words)

    def is_name(self, token: str, morphology: Morphology | None) -> bool:
        """Whether the word ``token`` is one of these names, in any case and inflection."""
        folded, bare = fold(token), plain(token)
        if folded in self.words or bare in self.plain_words:
            return True
        unaccented = bare == folded
        bases = morphology.base_forms(token) if morphology is not None else frozenset()
        if bases:
            if any(b in self.words or plain(b) in self.plain_words for b in bases):
                return True
            # Voikko knows the word as something else (Mäki is not Mäkinen); only a name typed
            # without its diacritics (Sarkan for Särkän reads as the noun sarka) is still one.
            return unaccented and _starts_with(bare, self.unaccented_stems)
        return _starts_with(folded, self.stems) or _starts_with(bare, self.plain_stems)


def _starts_with(word: str, stems: frozenset[str]) -> bool:
    for cut in range(len(word), 1, -1):
        if word[:cut] in stems and (cut >= _FREE_STEM or len(word) - cut <= _MAX_ENDING):
            return True
    return False


# --- signatures ----------------------------------------------------------------------------------

# Sign-offs hardly used for anything else: they start the signature wherever they stand.
_SIGN_OFF = re.compile(
    r"\b(?:(?:ystävällisin|parhain|lämpimin|lämmin|hyvin|rakkain|kiittäen)\s+)?terveisin\b"
    r"|\bterv\.|\bterkuin\b|\bterkut\b|\bmvh\b"
    r"|\b(?:med\s+)?(?:vänlig|vänliga|bästa|varma)\s+hälsning(?:ar)?\b|\bhälsningar\b"
    r"|\b(?:best|kind|kindest|warm|warmest|many)\s+(?:regards|wishes)\b"
    r"|\byours\s+(?:sincerely|truly|faithfully)\b",
    re.IGNORECASE,
)
# Short openers that are a signature only when a few words end their line: "t. Aino",
# "T: Aino ja Matti", "Regards, John". (The hours in "2 t. jonossa" go too: fail closed.)
_SHORT_OPENER = re.compile(
    r"(?<![^\s.!?,;:(])(?:t[.:]|regards\b|sincerely\b|cheers\b|kiittäen\b)", re.IGNORECASE
)
# "-Aino", "– Aino V."
_DASH = re.compile(r"(?<!\S)[-–—]+[ \t]*(?=[^\W\d_])")
# "Kiitos, Aino" or "Kiitos!" and the name on the next line.
_THANKS = re.compile(
    r"\b(?:kiitos|kiitoksia|thanks|thank\s+you|tack)\b"
    r"(?:[ \t]*,[ \t]*|[ \t]*[!.]?[ \t]*\n\s*)(?=\S)",
    re.IGNORECASE,
)
_SIGNATURE_WORDS = 4


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _short_next_line(text: str, end: int) -> int:
    """The end of the line after ``end`` when it holds a few words (a name under a sign-off)."""
    rest = text[end:]
    stripped = rest.lstrip()
    if not stripped:
        return end
    start = end + len(rest) - len(stripped)
    stop = _line_end(text, start)
    return stop if 0 < len(_WORD.findall(text[start:stop])) <= _SIGNATURE_WORDS else end


def _is_signer(rest: str, public: frozenset[str], most: int) -> bool:
    """Whether ``rest`` is a few capitalised words or initials (Aino, Aino V., A. V.) that are
    not all the practitioner's public name."""
    words = rest.split()
    if not 0 < len(words) <= most:
        return False
    letters = [w.strip(".,!?;:()\"'") for w in words]
    if not all(w and w[0].isupper() for w in letters):
        return False
    return not all(fold(w) in public for w in letters)


def signatures(text: str, public: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Spans of ``text`` that sign it off: from the sign-off to the end of its line (or of the
    next line, when the sign-off stands alone)."""
    spans: list[tuple[int, int]] = []
    for match in _SIGN_OFF.finditer(text):
        end = _line_end(text, match.end())
        if not _WORD.search(text[match.end() : end]):
            end = _short_next_line(text, end)
        spans.append((match.start(), end))
    for match in _SHORT_OPENER.finditer(text):
        end = _line_end(text, match.end())
        words = len(_WORD.findall(text[match.end() : end]))
        if words == 0:
            extended = _short_next_line(text, end)
            if extended != end:
                spans.append((match.start(), extended))
        elif words <= _SIGNATURE_WORDS:
            spans.append((match.start(), end))
    for match in _DASH.finditer(text):
        end = _line_end(text, match.end())
        if _is_signer(text[match.end() : end], public, _SIGNATURE_WORDS):
            spans.append((match.start(), end))
    for match in _THANKS.finditer(text):
        end = _line_end(text, match.end())
        if _is_signer(text[match.end() : end], public, 3):
            spans.append((match.end(), end))
    return spans


# --- removing identifiers ------------------------------------------------------------------------


@dataclass
class Known:
    """What to remove from one piece of feedback."""

    names: Names = field(default_factory=Names)
    """Everyone's names (the writer's and every other person's in the subject table)."""
    literals: set[str] = field(default_factory=set)
    """Exact strings to remove wherever they appear (an email, a street address)."""
    public: frozenset[str] = frozenset()
    """Folded words of public names (the practitioner's) that are not a signature."""


@dataclass(frozen=True)
class Removal:
    """One part of the original text that was taken out, and what it was taken for."""

    start: int
    end: int
    kind: str
    """name, signature, email, phone, … (several joined by ', ' when they overlap)."""
    text: str


@dataclass(frozen=True)
class Scrubbed:
    """A text with the identifiers removed, and what was removed."""

    original: str
    """The text as it was read, in NFC."""
    text: str
    removals: tuple[Removal, ...]
    words_before: int
    words_after: int

    @property
    def removed(self) -> int:
        """Identifiers removed (neighbouring ones count separately)."""
        return len(self.removals)

    def marked(self, before: str = "[-", after: str = "-]") -> str:
        """The original with each removed part between ``before`` and ``after``."""
        pieces, last = [], 0
        for removal in self.removals:
            pieces += [self.original[last : removal.start], before, removal.text, after]
            last = removal.end
        pieces.append(self.original[last:])
        return "".join(pieces)


def scrub(
    text: str, known: Known, *, morphology: Morphology | None, region: str = "FI"
) -> Scrubbed:
    """Replace every identifier found in ``text`` by the placeholder and drop its signature.

    ``morphology`` gives base forms of words (Voikko); None finds names by their stems only.
    """
    # phonenumbers and stdnum load their tables slowly: only scrubbing answers needs them.
    import phonenumbers
    from stdnum.fi import hetu

    text = unicodedata.normalize("NFC", text)
    spans: list[tuple[int, int, str]] = []
    for pattern, kind in (
        (_EMAIL, "email"),
        (_URL, "web address"),
        (_STREET, "address"),
        (_PO_BOX, "address"),
        (_POSTAL_TOWN, "address"),
    ):
        spans += [(*m.span(), kind) for m in pattern.finditer(text)]
    spans += [
        (*m.span(), "identity code")
        for m in _HETU.finditer(text)
        if hetu.is_valid(m.group(), allow_temporary=True)
    ]
    spans += [
        (m.start, m.end, "phone")
        for m in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID)
    ]
    for literal in known.literals:
        if len(literal) >= 3:
            escaped = re.escape(unicodedata.normalize("NFC", literal))
            spans += [(*m.span(), "identifier") for m in re.finditer(escaped, text, re.IGNORECASE)]
    spans += [(*span, "name") for span in _names(text, known.names, morphology)]
    spans += [(*span, "signature") for span in signatures(text, known.public)]
    removals = _merge(text, spans)
    pieces, last = [], 0
    for removal in removals:
        pieces.append(text[last : removal.start])
        # A signature is dropped: the snippet reads better without "[…]" at its end.
        pieces.append("" if "signature" in removal.kind else PLACEHOLDER)
        last = removal.end
    pieces.append(text[last:])
    cleaned = _tidy("".join(pieces))
    words_before = len(_WORD.findall(text))
    words_after = len(_WORD.findall(cleaned.replace(PLACEHOLDER, " ")))
    return Scrubbed(text, cleaned, tuple(removals), words_before, words_after)


_INITIAL_AFTER = re.compile(r"[ \t]+([^\W\d_])\.")
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_])\.[ \t]*$")


def _names(text: str, names: Names, morphology: Morphology | None) -> list[tuple[int, int]]:
    """Spans of the name words in ``text``, with an initial beside them (Aino V., A. Virtanen)."""
    if not names:
        return []
    spans = []
    for match in _LETTERS.finditer(text):
        if not names.is_name(match.group(), morphology):
            continue
        start, end = match.span()
        after = _INITIAL_AFTER.match(text, end)
        if after and after.group(1).isupper():
            end = after.end()
        before = _INITIAL_BEFORE.search(text[max(0, start - 8) : start])
        if before and before.group(1).isupper():
            start -= len(before.group(0))
        spans.append((start, end))
    return spans


def _merge(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Removal]:
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, kind in sorted(spans):
        if merged and start <= merged[-1][1]:
            first, last, kinds = merged[-1]
            merged[-1] = (first, max(end, last), kinds if kind in kinds else [*kinds, kind])
        else:
            merged.append((start, end, [kind]))
    return [Removal(s, e, ", ".join(kinds), text[s:e]) for s, e, kinds in merged]


def _tidy(text: str) -> str:
    # Neighbouring removals ("Aino Virtanen") read as one; spaces are normalised; what a dropped
    # signature leaves behind ("Kiitos, ") is trimmed.
    text = re.sub(
        rf"{re.escape(PLACEHOLDER)}(?:[\s,-]*{re.escape(PLACEHOLDER)})+", PLACEHOLDER, text
    )
    return " ".join(text.split()).rstrip(" ,;:-–—")


# --- the export ----------------------------------------------------------------------------------

PUBLISHED = "published"
IDENTIFYING = "identifying"
EMPTY = "empty"


@dataclass(frozen=True)
class Published:
    text: str
    rating: int | None


@dataclass(frozen=True)
class Reviewed:
    """One piece of feedback its writer allowed to be published, and what became of it."""

    scrubbed: Scrubbed
    rating: int | None
    outcome: str
    """published, identifying (left out: too much of it identified someone) or empty."""


@dataclass
class FeedbackExport:
    """The snippet, what went into it, and what was left out and why."""

    html: str
    published: list[Published]
    reviewed: list[Reviewed] = field(default_factory=list)
    dropped_identifying: int = 0
    """Answers left out because identifiers made up much of them or little was left."""
    dropped_empty: int = 0
    publishable: int = 0
    """Answers whose writer's permission to publish is recorded."""
    unknown_permission: int = 0
    """Answers whose permission column holds a value that is neither a yes nor a no."""
    unknown_values: list[str] = field(default_factory=list)
    """A few of those values, as they are shown (escaped)."""
    morphology: str = "stems"
    """How inflected names were found: voikko or stems."""
    morphology_note: str = ""
    """Why stems were used although Voikko was wanted."""

    def summary(self, words: Translations | None = None) -> str:
        """What is published and what was left out, in the language of ``words`` (a "status"
        catalog; English by default)."""
        _ = (words or translations("en", "status")).gettext
        text = _(
            "%(publishable)d publishable, %(published)d published, %(identifying)d left out as "
            "identifying, %(empty)d without text"
        ) % {
            "publishable": self.publishable,
            "published": len(self.published),
            "identifying": self.dropped_identifying,
            "empty": self.dropped_empty,
        }
        if self.unknown_permission:
            text += _(
                "; %(count)d not published because the permission to publish is neither a yes "
                "nor a no: %(values)s (a yes is one of %(yes)s; a no is one of %(no)s or empty)"
            ) % {
                "count": self.unknown_permission,
                "values": ", ".join(self.unknown_values),
                "yes": ", ".join(sorted(_YES)),
                "no": ", ".join(sorted(_NO)),
            }
        if self.morphology_note:
            text += _(
                "; names were found by their stems, which removes more words, because %(why)s"
            ) % {"why": self.morphology_note}
        return text


def feedback_snippet(
    register: Register,
    *,
    lang: str | None = None,
    templates: Path | None = None,
    morphology: str = "auto",
) -> FeedbackExport:
    """The publishable feedback as an HTML snippet for the homepage, with the people removed."""
    # documents.templating loads Jinja2, needed only when the snippet is drawn (not for review).
    from rekisteri.documents import templating

    # The register loader (pydantic) stays off this module's load, as the model does.
    from rekisteri.register.languages import require_language

    language = require_language(register, lang or register.default_language)
    export = feedback_review(register, morphology=morphology)
    env = templating.environment(language, templates, domain="running")
    scale = _mapping(register).scale
    export.html = templating.render(
        env, TEMPLATE, {"items": export.published, "scale": scale, "lang": language}
    )
    return export


def feedback_review(register: Register, *, morphology: str = "auto") -> FeedbackExport:
    """What the snippet would publish, and what was removed from each answer; renders and
    writes nothing."""
    mapping = _mapping(register)
    analyser = choose_morphology(morphology)
    with open_store(register) as store:
        _verify(store, mapping)
        rows = _feedback_rows(store, mapping)
        permitted, unknown = _with_permission(rows)
        ratings = _ratings(register, mapping, permitted)
        people = _people(store, mapping, {row.subject for row in permitted})
        everyone = _store_names(store)
    public = _public_words(register) - everyone.words
    export = FeedbackExport(
        html="",
        published=[],
        publishable=len(permitted),
        unknown_permission=len(unknown),
        unknown_values=_shown_values(unknown),
        morphology=analyser.name if analyser is not None else "stems",
        morphology_note=(voikko_problem() or "")
        if analyser is None and morphology == "auto"
        else "",
    )
    for row, rating in zip(permitted, ratings, strict=True):
        if not isinstance(row.text, str) or not row.text.strip():
            export.dropped_empty += 1
            continue
        own = people.get(row.subject, set())
        result = scrub(
            row.text, Known(names=everyone, literals=own, public=public), morphology=analyser
        )
        identifying = result.removed and (
            result.words_after < mapping.min_words or result.removed >= result.words_after
        )
        if identifying or result.words_after == 0:
            export.dropped_identifying += 1
            export.reviewed.append(Reviewed(result, rating, IDENTIFYING))
            continue
        export.reviewed.append(Reviewed(result, rating, PUBLISHED))
        export.published.append(Published(result.text, rating))
    return export


# --- permission to publish -----------------------------------------------------------------------

# A strict, small set: a value that is neither is not a permission, and it is reported.
_YES = frozenset({"1", "t", "true", "yes", "kyllä", "ja"})
_NO = frozenset({"0", "f", "false", "no", "ei", "nej"})


def permission(value: Any) -> bool | None:
    """True when ``value`` records a permission to publish, False when it records none (a no,
    NULL or empty), None when it is not understood."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if isinstance(value, str):
        word = fold(value.strip())
        if not word or word in _NO:
            return False
        return True if word in _YES else None
    return None


@dataclass(frozen=True)
class _Row:
    key: tuple[Any, ...]
    subject: Any
    text: Any
    rating: Any
    publishable: Any


def _with_permission(rows: Sequence[_Row]) -> tuple[list[_Row], list[_Row]]:
    """The rows with a recorded permission, and those whose permission is not understood."""
    permitted, unknown = [], []
    for row in rows:
        allowed = permission(row.publishable)
        if allowed:
            permitted.append(row)
        elif allowed is None:
            unknown.append(row)
    return permitted, unknown


def _shown(value: Any) -> str:
    shown = repr(value) if isinstance(value, str | bytes) else str(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return printable(shown)


def _shown_values(rows: Sequence[_Row], most: int = 3) -> list[str]:
    values = list(dict.fromkeys(_shown(row.publishable) for row in rows))
    return values[:most] + (["…"] if len(values) > most else [])


# --- ratings -------------------------------------------------------------------------------------


def rating_value(value: Any, scale: int) -> int | None:
    """The rating shown for ``value``: None when there is none, the number rounded half up.

    Raises ValueError when ``value`` is not a finite number from 0 to ``scale``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(value)
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(value) from None
    if not number.is_finite() or not 0 <= number <= scale:
        raise ValueError(value)
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ratings(
    register: Register, mapping: FeedbackMapping, rows: Sequence[_Row]
) -> list[int | None]:
    ratings: list[int | None] = []
    wrong: list[_Row] = []
    for row in rows:
        try:
            ratings.append(rating_value(row.rating, mapping.scale))
        except ValueError:
            wrong.append(row)
    if wrong:
        first = wrong[0]
        where = f" (row {', '.join(map(str, first.key))})" if first.key else ""
        count = f"{len(wrong)} rows" if len(wrong) > 1 else "1 row"
        raise mapping_error(
            register,
            [
                (
                    ("store", "feedback", "rating"),
                    f"table '{mapping.table}', column '{mapping.rating}': {count} of the "
                    f"publishable feedback hold a rating that is not a number from 0 to "
                    f"{mapping.scale}, e.g. {_shown(first.rating)}{where}",
                    "correct the rating in the store or leave it empty; if the survey's scale "
                    "is longer, set scale to its highest rating",
                )
            ],
            summary=f"{register_file(register)}: the store holds ratings rekisteri cannot show",
        )
    return ratings


# --- reading the store ---------------------------------------------------------------------------


def _mapping(register: Register) -> FeedbackMapping:
    return mapped_table(
        register,
        "feedback",
        register.store.feedback if register.store else None,
        where="the feedback is",
        hint="add [store.feedback] with table, text and publishable; see "
        "examples/terhi-kallio/register.toml",
    )


def _verify(store: Store, mapping: FeedbackMapping) -> None:
    subject_columns = store.columns(store.mapping.subject.table)
    also_remove = [
        (
            ("store", "feedback", "also_remove", i),
            f"the subject table '{store.mapping.subject.table}' has no column '{column}'",
            "",
        )
        for i, column in enumerate(mapping.also_remove)
        if column not in subject_columns
    ]
    keys = ("text", "publishable", "subject_column", "rating", "order_by")
    check_columns(store, "feedback", mapping, keys, also_remove)


def _feedback_rows(store: Store, mapping: FeedbackMapping) -> list[_Row]:
    """Every answer with its permission to publish, newest first.

    The permission is judged here rather than in SQL: stores spell a yes in many ways, and a
    value that is not understood must be reported, not silently taken for a no.
    """
    primary = store.primary_key(mapping.table)
    wanted = [*primary, mapping.text, mapping.publishable]
    for optional in (mapping.subject_column, mapping.rating, mapping.order_by):
        if optional is not None:
            wanted.append(optional)
    table = sa.table(mapping.table, *(sa.column(c) for c in dict.fromkeys(wanted)))
    subject = table.c[mapping.subject_column] if mapping.subject_column else sa.null()
    rating = table.c[mapping.rating] if mapping.rating else sa.null()
    statement = sa.select(
        subject, table.c[mapping.text], rating, table.c[mapping.publishable],
        *(table.c[c] for c in primary),
    )  # fmt: skip
    order: list[Any] = [table.c[mapping.order_by].desc()] if mapping.order_by else []
    order += [table.c[c] for c in primary]
    if order:
        statement = statement.order_by(*order)
    _names, rows = store.fetch(statement)
    return [_Row(tuple(row[4:]), row[0], row[1], row[2], row[3]) for row in rows]


def _people(store: Store, mapping: FeedbackMapping, keys: set[Any]) -> dict[Any, set[str]]:
    """Each writer's own identifiers from the subject table (their names are among everyone's)."""
    subject = store.mapping.subject
    keys.discard(None)
    if not keys:
        return {}
    columns = [
        *subject.email,
        *subject.phone,
        *subject.hetu,
        *([subject.birth_date] if subject.birth_date else []),
        *mapping.also_remove,
    ]
    found: dict[Any, set[str]] = {}
    for row in subject_rows(store, columns, keys):
        literals = found.setdefault(row[subject.key], set())
        for column in [*subject.email, *subject.phone, *subject.hetu, *mapping.also_remove]:
            value = row.get(column)
            if isinstance(value, str) and value.strip():
                literals.add(value.strip())
        if subject.birth_date:
            literals |= _date_forms(row.get(subject.birth_date))
    return found


def _date_forms(value: Any) -> set[str]:
    """A birth date as people write it: 12.3.1984, 12.03.1984, 1984-03-12."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return set()
    if not isinstance(value, date):
        return set()
    return {
        f"{value.day}.{value.month}.{value.year}",
        f"{value.day:02d}.{value.month:02d}.{value.year}",
        value.isoformat(),
    }


def _store_names(store: Store) -> Names:
    """The names of everyone the store maps: feedback may name another client, or someone's
    next of kin (a data-subject group of its own)."""
    people = [store.mapping.subject, *store.mapping.groups]
    values: set[str] = set()
    for group in people:
        for column in group.name:
            table = sa.table(group.table, sa.column(column))
            _names, rows = store.fetch(sa.select(table.c[column]).distinct())
            values |= {value for (value,) in rows if isinstance(value, str)}
    return Names.of(values)


def _public_words(register: Register) -> frozenset[str]:
    people = [register.controller.name, register.contact.name if register.contact else ""]
    return frozenset(fold(token) for name in people for token in _LETTERS.findall(name or ""))
