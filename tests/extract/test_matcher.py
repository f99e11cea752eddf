"""The phrase matcher's word boundaries, and one-pass groups of matchers."""
from rasd.extract.matcher import MatcherGroup, PhraseMatcher, word_set_matcher
from rasd.text.normalize import normalize


def test_clitics_and_suffixes_bound_a_word():
    m = word_set_matcher(["قصف", "التحالف"])
    text = normalize("وبقصفها قصفت للتحالف تحالفات مقصفة")
    found = [(text[x.start:x.end], x.prefix) for x in m.find(text)]
    # وب+قصف+ها, قصف+ت, لل+تحالف (the alef of ال drops after ل); not inside مقصفة or تحالفات
    assert found == [("قصف", "وب"), ("قصف", ""), ("للتحالف", "")]


def test_a_long_letter_run_is_another_word():
    m = word_set_matcher(["قتل"])
    assert m.find(normalize("استقتلوا")) == []  # no clitic is that long: part of another word


def test_group_finds_what_each_member_finds():
    a = word_set_matcher(["قصف", "غارات", "قوات النظام"])
    b = PhraseMatcher([("قوات", 1), ("قصف", 2)], clitics=False)
    c = word_set_matcher(["بين"])
    text = normalize("وبين القصف وغاراتها قصفت قوات النظام بينهم، قوات قصف.")
    assert MatcherGroup(a, b, c).find_all(text) == [a.find_all(text), b.find_all(text), c.find_all(text)]
    assert MatcherGroup(a, b, c).find(text) == [a.find(text), b.find(text), c.find(text)]


def test_a_group_finds_each_members_raw_ends():
    """MatcherGroup.raw_ends(text)[i] is members[i].raw_ends(text) (the role markers share a pass)."""
    from rasd.extract.actors import ActorLexicon

    lex = ActorLexicon()
    group = lex._markers
    texts = ["قال مصدر إن قوات النظام استهدفت بلدة كفرنبل بقصف مدفعي، ما أدى لمقتل مدنيين",
             "وشنت طائرات التحالف غارات على مواقع التنظيم بدعم من فصائل المعارضة", "", "للتحالف"]
    for text in texts:
        assert group.raw_ends(text) == [m.raw_ends(text) for m in group.members]
