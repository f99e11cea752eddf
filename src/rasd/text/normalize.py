"""Arabic normalisation for matching only; the original text is never changed.

`normalize_with_offsets` returns the normalised string and, for each of its
characters, the offset of the original character it came from, so a match in
normalised text maps straight back to the original.
"""
from __future__ import annotations

import re

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


def normalize_char(ch: str) -> str:
    """The normalised form of one character ('' when it is dropped)."""
    if ch in _DROP:
        return ""
    return _MAP.get(ch, ch.lower() if ch.isascii() else ch)


def normalize_with_offsets(text: str, base: int = 0) -> tuple[str, list[int]]:
    """Normalise `text`; offsets[i] is the original offset (plus `base`) of norm[i].

    The list has one extra entry, the end of the text, so half-open ranges map too.
    """
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        n = normalize_char(ch)
        if n:
            out.append(n)
            offsets.append(base + i)
    offsets.append(base + len(text))
    return "".join(out), offsets


def normalize(text: str) -> str:
    """Normalised text for matching (alef/hamza, ya, ta marbuta, digits, quotes, diacritics)."""
    return "".join(normalize_char(ch) for ch in text)


_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")


def arabic_share(text: str) -> float:
    """Share of letters in `text` that are Arabic (0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _ARABIC_LETTER.match(c)) / len(letters)
