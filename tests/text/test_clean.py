"""Cleaning rules on short lines written for the test and on the real seed articles."""
from __future__ import annotations

from rasd.doc import Article
from rasd.pipeline import text_pipeline
from rasd.text.clean import boilerplate_reason
from tests.conftest import seed


def run(text: str):
    return text_pipeline()(Article("t", text))


def test_general_boilerplate_lines() -> None:
    for line in ["التعليقات مغلقة", "عذراً التعليقات مغلقة", "أخبار ذات صلة", "اقرأ أيضاً:", "شارك",
                 "فيسبوك تويتر واتساب", "23", "آخر تحديث : 12 نوفمبر 2018", "كتب: فلان الفلاني",
                 "أحمد محمود – وكالة الأنباء:", "الأحد 11 تشرين الثاني 2018"]:
        assert boilerplate_reason(line) is not None, line
    prose = "قصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم."
    assert boilerplate_reason(prose) is None
    # a short first line is the headline, not a menu
    assert boilerplate_reason("غارات على إدلب", is_first=True) is None


def test_repeated_paragraph_kept_once_with_offsets() -> None:
    para = "دارت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام في ريف حماة الشمالي."
    doc = run(f"عنوان الخبر هنا\n{para}\n{para}\nشارك")
    texts = [s.text for s in doc.sentences]
    assert texts.count(para) == 1
    assert any(r == "repeated passage" for *_, r in doc.dropped)
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


def test_truncated_lead_repeated_in_body_is_read_once() -> None:
    lead = "قالت مصادر محلية إن طائرات حربية استهدفت موقعا عسكريا في ريف حمص الشرقي بعدة صواريخ، فيما..."
    body = ("قالت مصادر محلية إن طائرات حربية استهدفت موقعا عسكريا في ريف حمص الشرقي بعدة صواريخ، "
            "فيما وصل العشرات من النازحين إلى مخيم قريب من الحدود الأردنية قادمين من البادية.")
    doc = run(f"{lead}\n{body}")
    joined = " ".join(s.text for s in doc.sentences)
    assert joined.count("استهدفت موقعا عسكريا") == 1
    assert "وصل العشرات من النازحين" in joined


def test_long_comma_chained_sentence_is_split_at_clause_connectives() -> None:
    text = ("استهدف الطيران الحربي مواقع للفصائل في ريف إدلب الجنوبي بعدة غارات جوية مكثفة منذ الصباح، "
            "بينما قصفت قوات النظام بالمدفعية الثقيلة أطراف بلدة اللطامنة في ريف حماة الشمالي، "
            "كما دارت اشتباكات متقطعة بين الطرفين على محاور في سهل الغاب دون أنباء عن خسائر.")
    doc = run(text)
    assert len(doc.sentences) == 3
    assert doc.sentences[1].text.startswith("بينما") and doc.sentences[2].text.startswith("كما")


def test_arabic_punctuation_ends_sentences() -> None:
    doc = run("هل انتهت المعركة؟ قال المرصد إن الاشتباكات مستمرة؛ وأضاف أن الحصيلة غير نهائية.")
    assert [s.text for s in doc.sentences] == ["هل انتهت المعركة؟", "قال المرصد إن الاشتباكات مستمرة؛",
                                               "وأضاف أن الحصيلة غير نهائية."]


def test_seed_000_body_twice_each_paragraph_once(seeds_dir) -> None:
    path = seed(seeds_dir, "000_")
    doc = run(path.read_text(encoding="utf-8"))
    lines = [ln.strip() for ln in doc.text.splitlines() if ln.strip()]
    assert len(lines) > len(set(lines))  # the input really repeats itself
    kept = [doc.text[s:e] for s, e in doc.passages]
    assert len(kept) == len(set(kept)) == len(set(lines))
    keys = [s.norm for s in doc.sentences]
    assert len(keys) == len(set(keys))


def test_seed_002_repeated_lead_and_site_menu(seeds_dir) -> None:
    doc = run(seed(seeds_dir, "002_").read_text(encoding="utf-8"))
    joined = "\n".join(s.text for s in doc.sentences)
    assert joined.count("مقاتلة روسية استهدفت موقعا") == 1
    for furniture in ("أقسام", "أخبار متعلقة"):
        assert furniture not in [s.text for s in doc.sentences]


def test_seed_003_boilerplate_and_dateline(seeds_dir) -> None:
    doc = run(seed(seeds_dir, "003_").read_text(encoding="utf-8"))
    joined = "\n".join(s.text for s in doc.sentences)
    for furniture in ("التعليقات", "عاجل", "آخر تحديث"):
        assert furniture not in joined
    assert "استئناف عملياتها العسكرية" in joined
    reasons = {r for *_, r in doc.dropped}
    assert {"site boilerplate", "byline"} <= reasons


def test_seed_004_stray_counter_dropped(seeds_dir) -> None:
    doc = run(seed(seeds_dir, "004_").read_text(encoding="utf-8"))
    assert all(s.text.strip() != "23" for s in doc.sentences)
    assert any(doc.text[s:e] == "23" for s, e, _ in doc.dropped)
