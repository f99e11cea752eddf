"""Names that are also ordinary Arabic words: a place only with evidence.

Every sentence here is written for the test.  Each pattern has a sentence where the word
is not a place and one where the same name, with evidence, is the place.
"""
from __future__ import annotations

import pytest

from rasd.batch import iter_articles
from rasd.doc import Article
from rasd.geo import place_stage
from rasd.geo.gazetteer import name_key
from rasd.lexicon import load_lexicon
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.normalize import normalize
from rasd.text.sentences import split_sentences


@pytest.fixture(scope="module")
def pipe():
    return Pipeline([clean, split_sentences, place_stage(record_unresolved=False)])


def texts(pipe, text: str) -> list[str]:
    return [m.text for m in pipe(Article("t", text)).places]


def names(pipe, text: str) -> list[str | None]:
    return [m.name for m in pipe(Article("t", text)).places]


@pytest.mark.parametrize("text", [
    "ارتفع سعر الجنيه أمام الدولار وبلغ مئة جنيه.",  # currency
    "قال الوسيط إن العملية السلمية متعثرة.",  # adjective "peaceful"
    "تتسع الطبقة الوسطى في المدن الكبرى.",  # "the class"
    "أعلنت السلطات الهندية إغلاق المطار.",  # "Indian"
    "وصل الوفد إلى العاصمة السويدية أمس.",  # "Swedish"
    "هذه هي الحرب التي تدمر كل شيء.",  # verb "destroys"
    "سيبقى الشعب دوما مع من يحميه.",  # adverb "always"
])
def test_a_common_word_is_not_a_place(pipe, text):
    assert texts(pipe, text) == []


@pytest.mark.parametrize("text, name", [
    ("قصفت الطائرات مدينة تدمر بعد منتصف الليل.", "Tadmur"),
    ("دخلت القوات إلى تدمر من الجهة الغربية.", "Tadmur"),
    ("قتل مدنيان في قصف على دوما.", "Duma"),
    ("وقع الانفجار بدوما فجر اليوم.", "Duma"),
    ("خرج المسلحون من دوما بريف دمشق.", "Duma"),
    ("سيطرت القوات على مدينة الطبقة.", None),
    ("اشتباكات عنيفة في مدينة السلمية.", None),
])
def test_the_same_name_with_evidence_is_the_place(pipe, text, name):
    found = names(pipe, text)
    assert found, text
    if name is not None:
        assert name in found


def test_one_sense_per_article(pipe):
    """Once the article places a name with evidence, its bare mentions are the place too."""
    assert texts(pipe, "وصل المفتشون إلى دوما صباحا. وغادر المفتشون دوما بعد يومين.") == ["دوما", "دوما"]
    assert texts(pipe, "سيبقى الشعب دوما مع الثورة. وكان دوما يقول ذلك.") == []


@pytest.mark.parametrize("text", [
    "وقع الوزير على ورقة العمل.",  # و + رقة
    "انضم إلى فرقة موسيقية.",  # ف + رقة
    "بعث الرئيس ببرقية تهنئة.",  # ب + برقية
    "حكم عليه بعقوبة السجن.",  # ب + عقوبة, also Baqubah
    "انتخب رئيسا جديدا لكتلة المعارضة في البرلمان، وكتلة الموالاة غابت.",  # ك + the cue تلة
])
def test_a_clitic_is_not_stripped_from_a_whole_word(pipe, text):
    assert texts(pipe, text) == []


def test_a_clitic_on_a_place_is_still_stripped(pipe):
    found = texts(pipe, "اشتباكات في الحسكة والرقة ولدير الزور تعزيزات.")
    assert found == ["الحسكة", "الرقة", "دير الزور"]


@pytest.mark.parametrize("text", [
    "سجل اللاعب هدفا من داخل منطقة الجزاء.",
    "تراجع النمو في منطقة اليورو.",
    "أصبحت مدينة متطورة خلال سنوات.",
    "يعمل الباحث في حقل الفيزياء.",
])
def test_a_cue_before_an_everyday_word_names_no_place(pipe, text):
    assert texts(pipe, text) == []


@pytest.mark.parametrize("text", [
    "قال حمد بن جاسم في مقابلة.",  # a person
    "فاز اتحاد الرمثا على منافسه.",  # a team
])
def test_person_and_team_names_are_not_places(pipe, text):
    assert texts(pipe, text) == []


def test_the_town_of_a_person_name_with_a_cue(pipe):
    assert "Jasim" in names(pipe, "قصفت المدفعية مدينة جاسم.")


def test_big_places_need_no_evidence(pipe):
    assert texts(pipe, "شهدت دمشق وحلب وإدلب احتجاجات.") == ["دمشق", "حلب", "إدلب"]


@pytest.mark.parametrize("text, name", [
    ("زار الوفد مدينة سان فرانسيسكو.", "سان فرانسيسكو"),
    ("قصفت الطائرات بلدة خان يونس.", "خان يونس"),
    ("تظاهر المئات في مدينة رام الله.", "رام الله"),
])
def test_unknown_names_after_a_cue_keep_all_their_words(pipe, text, name):
    assert name in texts(pipe, text)


def test_alef_with_hamza_below_in_a_preposition_counts(pipe):
    """الى / إلى are normalised like the text: both are prepositions of place."""
    assert texts(pipe, "وصلت القوة الى الناقورة.") == ["الناقورة"]
    assert texts(pipe, "وصل الوفد الى دوما.") == ["دوما"]


def _words(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [w for v in value for w in _words(v)]
    if isinstance(value, dict):
        return [w for k in value for w in _words(k)]
    if isinstance(value, (set, frozenset, list)):
        return [w for v in value for w in _words(v)]
    return []


def test_every_word_list_is_in_normalised_form(pipe):
    """A cue, preposition or lexicon word held in another form than the text's never matches."""
    finder = pipe.stages[-1].finder
    # (a compiled finder is a native class without __dict__: its attributes are read by name)
    names = vars(finder) if hasattr(finder, "__dict__") else {n: None for n in dir(finder) if not n.startswith("__")}
    lists = {name: value for name in names if name not in ("gaz",)
             for value in [getattr(finder, name, None)] if isinstance(value, (set, frozenset, list, dict))}
    assert {"links", "place_preps", "cues", "clitics", "stop", "person_markers"} <= set(lists)
    bad = [(name, w) for name, value in lists.items() for w in _words(value) if w != normalize(w)]
    assert bad == []
    # and every word of the lexicon reaches the finder in that form
    lex = load_lexicon("places")
    for field, attr in (("place_prepositions", "place_preps"), ("links", "links"), ("stoplist", "stop"),
                        ("verb_particles", "verb_particles"), ("team_words", "team_words")):
        for w in lex[field]:
            assert (name_key(w) or w) in getattr(finder, attr), (field, w)


def test_dev_corpus_place_mentions_do_not_collapse(dev_corpus, pipe):
    """Common-word names drop, the towns of the war stay (7,889 mentions before the word-sense
    rule; dropped ones were mostly Douma-less common words)."""
    n, douma, places = 0, 0, 0
    for article in iter_articles([str(dev_corpus)]):
        n += 1
        for m in pipe(article).places:
            places += 1
            douma += m.text == "دوما"
    assert n == 1193
    assert places >= 7300
    assert douma >= 150
