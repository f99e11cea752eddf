"""Arabic normalisation for matching only; the original text is never changed.

`normalize_with_offsets` returns the normalised string and, for each of its
characters, the offset of the original character it came from, so a match in
normalised text maps straight back to the original.
"""
from __future__ import annotations

import re

import numpy as np

# Characters removed entirely: tashkeel (harakat, tanwin, shadda, sukun),
# superscript alef, tatweel, and invisible format marks common in web text.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0653)]
    + ["\u0670", "\u0640", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
)

_MAP: dict[str, str] = {
    # alef and hamza carriers
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    # alef maqsura / Persian ya / ta marbuta
    "ى": "ي", "ی": "ي", "ي": "ي", "ة": "ه",
    # Persian/Urdu letters seen in Arabic web text
    "ک": "ك", "ھ": "ه", "ۀ": "ه",
    # punctuation variants: every quote becomes ", every dash -
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": '"', "’": '"', "‚": '"', "‛": '"', "'": '"', "`": '"', "‹": '"', "›": '"',
    "–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
}
# Arabic-Indic (٠-٩) and Extended Arabic-Indic / Persian (۰-۹) digits
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)
    _MAP[chr(0x06F0 + _i)] = str(_i)
_MAP["٫"] = "."  # Arabic decimal separator
_MAP["٬"] = ","  # Arabic thousands separator


# One translation table does it all in C: mapped characters, dropped characters,
# and ASCII lower-casing.
_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
_TABLE.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")


# The same table as an array over the Basic Multilingual Plane, for long texts: numpy maps
# a whole article in one vectorised step, ~7x faster than str.translate on Arabic
# (translate's fast path is ASCII only).  _GONE marks a dropped character.
_GONE = 0xFFFFFFFF
_ARRAY = np.arange(0x10000, dtype=np.uint32)
for _k, _v in _TABLE.items():
    _ARRAY[_k] = _GONE if _v is None else ord(_v)
# below this many characters str.translate is cheaper than the round trip through numpy
_LONG = 400


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _text_of(codepoints: np.ndarray) -> str:
    return codepoints.tobytes().decode("utf-32-le", "surrogatepass")


def _mapped(text: str) -> np.ndarray:
    cps = _codepoints(text)
    out = _ARRAY[cps & 0xFFFF]
    astral = cps > 0xFFFF
    if astral.any():  # emoji and the like: never mapped
        out[astral] = cps[astral]
    return out


def normalize(text: str) -> str:
    """Normalised text for matching (alef/hamza, ya, ta marbuta, digits, quotes, diacritics)."""
    if len(text) < _LONG:
        return text.translate(_TABLE)
    out = _mapped(text)
    return _text_of(out[out != _GONE])


def normalize_with_offsets(text: str, base: int = 0) -> tuple[str, list[int]]:
    """Normalise `text`; offsets[i] is the original offset (plus `base`) of norm[i].

    Every mapping is one character to one character except the dropped ones, so the
    offsets are a plain range with the dropped positions left out.  The list has one
    extra entry, the end of the text, so half-open ranges map too.
    """
    if len(text) < _LONG:
        norm = text.translate(_TABLE)
        if len(norm) == len(text):
            return norm, list(range(base, base + len(text) + 1))
        offsets: list[int] = []
        pos = 0
        for m in _DROP_RE.finditer(text):
            offsets.extend(range(base + pos, base + m.start()))
            pos = m.end()
        offsets.extend(range(base + pos, base + len(text) + 1))
        return norm, offsets
    out = _mapped(text)
    keep = out != _GONE
    if keep.all():
        return _text_of(out), list(range(base, base + len(text) + 1))
    kept = np.flatnonzero(keep)
    if base:
        kept += base
    offsets = kept.tolist()
    offsets.append(base + len(text))
    return _text_of(out[keep]), offsets


# which characters of the Basic Multilingual Plane are letters (what [^\W\d_] matches)
_LETTER = np.zeros(0x10000, dtype=bool)
_LETTER[[ord(c) for c in re.findall(r"[^\W\d_]", "".join(map(chr, range(0xD800))) +
                                    "".join(map(chr, range(0xE000, 0x10000))))]] = True


class LetterIndex:
    """The letters of a normalised text (no spaces, digits or punctuation), with a map
    from text offsets to letter offsets: what two passages must share to be the same
    passage, for any range of the text, as one string slice."""

    def __init__(self, norm: str) -> None:
        cps = _codepoints(norm)
        mask = _LETTER[cps & 0xFFFF]
        astral = cps > 0xFFFF
        if astral.any():
            for i in np.flatnonzero(astral).tolist():
                mask[i] = not _NOT_LETTER.match(norm[i])
        self.letters = _text_of(cps[mask])
        self.at = np.concatenate(([0], np.cumsum(mask)))

    def key(self, start: int, end: int) -> str:
        """The letters of norm[start:end]."""
        at = self.at
        return self.letters[int(at[start]):int(at[end])]


# What is not an Arabic letter / not a letter: deleting it and taking the length counts
# the letters with one C call, without building a list of one-letter matches.
_NOT_ARABIC_LETTER = re.compile(r"[^\u0621-\u064A]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")


_OTHER_LETTER = re.compile(r"[^\W\d_\u0621-\u064A]")  # a letter that is not Arabic
_ARABIC = re.compile(r"[\u0621-\u064A]")
_ARABIC_LETTER = np.zeros(0x10000, dtype=bool)
_ARABIC_LETTER[0x0621:0x064B] = True  # what _NOT_ARABIC_LETTER leaves


def arabic_share(text: str, sample: int = 2000) -> float:
    """Share of letters in `text` that are Arabic (0 when there are no letters).

    Only the first `sample` characters are looked at: enough to tell the script.
    """
    text = text[:sample]
    # the usual line has no letter outside Arabic: then the share is 1 (or 0 with no letter)
    if not _OTHER_LETTER.search(text):
        return 1.0 if _ARABIC.search(text) else 0.0
    cps = _codepoints(text)
    if cps.size and int(cps.max()) <= 0xFFFF:  # two table lookups instead of two regex passes
        letters = int(np.count_nonzero(_LETTER[cps]))
        return int(np.count_nonzero(_ARABIC_LETTER[cps])) / letters if letters else 0.0
    letters = len(_NOT_LETTER.sub("", text))
    if not letters:
        return 0.0
    return len(_NOT_ARABIC_LETTER.sub("", text)) / letters
