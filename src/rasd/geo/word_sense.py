"""Word sense of gazetteer names: is a name that matched in text a place, or an ordinary
Arabic word that some place is also called (دوما "always", تدمر "destroys", الطبقة "the
class", جنيه the currency, ورقة = و + رقة "a sheet")?

The evidence is how common the written form is in ordinary Arabic, from `wordfreq`'s
Arabic list (general web, news, subtitles and books; shipped in the package, read
offline), set against how often the name would be written if it only named its place.
How often a place is named grows with its size: on Arabic text, names that are nothing
but a town (منبج، عفرين، الميادين، جرابلس، سرمين، البوكمال) follow roughly

    zipf ≈ 3.6 + 1.0 * (log10(population) - 5)

(zipf: log10 of occurrences per billion words; measured on Syrian district seats and the
region's capitals, spread about ±0.5).  A name whose frequency is at least twice that
(zipf margin log10(2) ≈ 0.3) is used more often as a word than as the place: it is a
place only with evidence (a cue, a preposition of place, a situating phrase, a list of
places).  Population is not known for most villages; they count as towns of 10,000, so a
village needs evidence only when its name is an everyday word (zipf above 2.9: السجن،
الحاضر، قنوات، جنيه).  Syria's governorates, their seats and its named regions never
need evidence: their names are what Syrian news is about.  A town abroad is expected at
a third of a Syrian town's frequency (zipf - 0.5): Rasd reads Syrian news, where a foreign
town needs more support before it is put on the map (Baqubah, Samandağ: بعقوبة "with a
penalty", السويدية "Swedish").

The table is computed once per gazetteer (about 3 s, dominated by reading wordfreq's
list) and cached beside the gazetteer index; later starts read a small JSON file.
"""
from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from rasd.geo.gazetteer import Gazetteer
from rasd.text.normalize import normalize

_VERSION = "3"  # bump when the rule below changes: the cache is rebuilt
BASE_ZIPF, SLOPE, BASE_POP = 3.6, 1.0, 100_000  # place-name frequency vs population (see above)
UNKNOWN_POP = 10_000  # a place whose population GeoNames does not give
MARGIN = math.log10(2)  # "more often a word than the place"
CLITIC_SHARE = math.log10(0.1)  # about a tenth of a word's uses carry a given clitic
FLOOR_ZIPF = 2.0  # rarer forms are not kept (no decision depends on them)
COMMON_ZIPF = 3.5  # an everyday word: not an unknown name after an area cue (منطقة الجزاء)
EVERYDAY_ZIPF = 4.0  # facilities are often named by common nouns (معبر الوافدين): only the commonest words are refused
FOREIGN = 0.5  # a town abroad is named less in Syrian news than its size says: needs 3x less to be a word
LOCATIVE_CLITICS = ("ب", "ل", "وب", "ول", "فب", "فل")  # "in", "to"
EXEMPT_FEATURES = ("PPLA", "PPLC", "ADM1", "REGION")


@lru_cache(maxsize=1)
def arabic_zipf() -> dict[str, float]:
    """Normalised Arabic word -> zipf frequency (forms that normalise alike are summed)."""
    import wordfreq  # type: ignore[import-untyped]

    freqs = wordfreq.get_frequency_dict("ar", "large")
    floor = 10 ** (FLOOR_ZIPF - 9)
    words = [w for w, f in freqs.items() if f >= floor and "\n" not in w]
    # one normalize call over the whole list (vectorised) instead of one per word
    normed = normalize("\n".join(words)).split("\n")
    summed: dict[str, float] = {}
    for w, n in zip(words, normed):
        summed[n] = summed.get(n, 0.0) + freqs[w]
    return {w: round(math.log10(f) + 9, 2) for w, f in summed.items()}


def place_zipf(population: int) -> float:
    """How common a name would be in Arabic text if it named only a place of this size."""
    return BASE_ZIPF + SLOPE * (math.log10(max(population, UNKNOWN_POP)) - math.log10(BASE_POP))


class WordSense:
    """Per-gazetteer decisions, computed once and cached:

    - `common_keys`: names used more often as words than as their place (need evidence);
    - `whole_words`: written words that are whole common words, so a clitic reading of them
      (ورقة = و + رقة, كتلة = ك + تلة) is not taken;
    - `common_words`: everyday words (not names) for the unknown-name-after-cue path.
    """

    def __init__(self, gaz: Gazetteer, clitics: Iterable[str], cue_words: Iterable[str],
                 formers: Iterable[str]) -> None:
        self.clitics = sorted(set(clitics), key=lambda c: (-len(c), c))  # a stable order: the cache key
        self.cue_words = set(cue_words)
        self.formers = set(formers)
        self.exempt: set[str] = set()
        self.expected: dict[str, float] = {}  # key -> place_zipf of its most important place
        for key, ids in gaz.by_key.items():
            places = [gaz.places[i] for i in ids]
            # a country's name is a name even where wordfreq counts it often (لبنان، تركيا)
            if any(p.feature in EXEMPT_FEATURES and p.cc == "SY" or (p.feature or "").startswith("PCL")
                   for p in places):
                self.exempt.add(key)
            self.expected[key] = max(place_zipf(p.population) - (0.0 if p.cc == "SY" else FOREIGN)
                                     for p in places)
        data = self._cached(gaz.path)
        self.common_keys: set[str] = set(data["common_keys"])
        self.whole_words: set[str] = set(data["whole_words"])
        self.common_words: dict[str, float] = dict(data["common_words"])
        self.locative_forms: set[str] = set(data["locative_forms"])

    def _signature(self) -> str:
        rule = (_VERSION, BASE_ZIPF, SLOPE, BASE_POP, UNKNOWN_POP, MARGIN, CLITIC_SHARE, FLOOR_ZIPF, COMMON_ZIPF, EVERYDAY_ZIPF, FOREIGN)
        h = hashlib.sha1(repr(rule).encode())
        for key in sorted(self.expected):
            h.update(f"{key}\t{self.expected[key]:.3f}\t{key in self.exempt}\n".encode())
        h.update("|".join(sorted(self.cue_words) + ["#"] + self.clitics + ["#"] + sorted(self.formers)).encode())
        return h.hexdigest()[:16]

    def _cached(self, gaz_path: Path | None) -> dict[str, Any]:
        sig = self._signature()
        path = gaz_path.parent / f"word_sense-{sig}.json" if gaz_path is not None else None
        if path is not None and path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass  # a broken cache is rebuilt
        data = self._compute(arabic_zipf())
        if path is not None:
            for old in path.parent.glob("word_sense-*.json"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        return data

    def _compute(self, zipf: dict[str, float]) -> dict[str, Any]:
        common_keys = sorted(k for k in self.expected if k not in self.exempt and self._is_common(k, zipf))
        # a clitic is on a minority of a word's uses: a written form at least as common as
        # the form without the clitic is a word of its own (ورقة "a sheet", not و + رقة)
        readings = set(self.expected) | self.cue_words
        whole = []
        for w, zw in zipf.items():
            for c in self.clitics:
                rest = w[len(c):]
                if w.startswith(c) and len(rest) >= 2 and rest in readings:
                    if zw >= zipf.get(rest, 0.0):
                        whole.append(w)
                    break
        common = sorted((w, zw) for w, zw in zipf.items() if zw >= COMMON_ZIPF)
        return {"common_keys": common_keys, "whole_words": sorted(whole), "common_words": common,
                "locative_forms": self._locative_forms(common_keys, zipf)}

    def _locative_forms(self, keys: list[str], zipf: dict[str, float]) -> list[str]:
        """ب / ل glued to a common-word name (بدوما "in Douma", للميادين "to al-Mayadin"):
        the place is meant when the glued form is no more common than the place alone
        would make it (ببرقية "by telegram", بالباب "by the door" are commoner: words)."""
        out = []
        for key in keys:
            forms = [p + key for p in LOCATIVE_CLITICS]
            if key.startswith("ال"):
                forms += [p + "لل" + key[2:] for p in ("", "و", "ف")]
            limit = self.expected[key] + CLITIC_SHARE
            out += [f for f in forms if zipf.get(f, 0.0) <= limit]
        return sorted(out)

    def everyday_after_cue(self, word: str, kind: str, feminine_cue: bool) -> bool:
        """Is this word after a cue an ordinary word, not the unknown name of a place?

        After an area cue, any common word (منطقة الجزاء، منطقة اليورو); after a facility
        cue, only the commonest (حقل الفيزياء, but معبر الوافدين); after a settlement cue,
        which names villages of every everyday name (بلدة نصيب، قرية حضر), only an indefinite
        feminine adjective agreeing with a feminine cue (مدينة متطورة، بلدة صغيرة).
        """
        z = self.common_words.get(word)
        if z is None:
            return False
        if kind == "area":
            return True
        if kind == "facility":
            return z >= EVERYDAY_ZIPF
        return feminine_cue and word.endswith("ه") and not word.startswith("ال")

    def _is_common(self, key: str, zipf: dict[str, float]) -> bool:
        """Is this name more often an ordinary word (or phrase) than its place?"""
        limit = self.expected[key] + MARGIN
        words = key.split()
        if len(words) > 1:
            # a definite noun + definite adjective made of everyday words (الحجر الأسود);
            # names with a former (تل، عين، أبو ...) or an indefinite part are names
            return all(w.startswith("ال") for w in words) and words[0] not in self.formers \
                and min(zipf.get(w, 0.0) for w in words) > limit
        if zipf.get(key, 0.0) > limit:
            return True
        # the name read as clitic + word (بعقوبة = ب + عقوبة "a penalty"): that reading alone
        # (a tenth of the word's uses) is more common than the place
        for c in self.clitics:
            rest = key[len(c):]
            if key.startswith(c) and len(rest) >= 3 and zipf.get(rest, 0.0) + CLITIC_SHARE > self.expected[key]:
                return True
        return False
