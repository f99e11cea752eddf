"""Event detection and typing: one trigger family per test, on sentences written for the test."""
from rasd.extract.triggers import TriggerLexicon


def types(run, text):
    return [(e.event_type, e.sub_event_type) for e in run(text).events]


def test_air_strike(run):
    assert types(run, "شنت طائرات حربية غارات على بلدة الحمرا صباح اليوم.") == [
        ("Explosions/Remote violence", "Air/drone strike")]


def test_generic_shelling_takes_instrument(run):
    assert types(run, "قصفت قوات النظام بالمدفعية الثقيلة أطراف قرية التلة.") == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]
    assert types(run, "قصفت الطائرات الروسية أطراف قرية التلة.") == [
        ("Explosions/Remote violence", "Air/drone strike")]


def test_ied_and_suicide(run):
    assert types(run, "انفجرت عبوة ناسفة بدورية لقوات النظام في مدينة الوادي.") == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")]
    assert types(run, "فجر انتحاري سيارة مفخخة عند حاجز في مدينة الوادي.") == [
        ("Explosions/Remote violence", "Suicide bomb")]


def test_clash(run):
    assert types(run, "دارت اشتباكات عنيفة بين قوات النظام وتنظيم داعش في محيط بلدة الحمرا.") == [
        ("Battles", "Armed clash")]


def test_territory_follows_actor(run):
    assert types(run, "سيطرت قوات النظام على بلدة الحمرا بعد معارك مع فصائل المعارضة.") == [
        ("Battles", "Government regains territory")]
    assert types(run, "سيطر تنظيم داعش على قرية التلة بعد هجوم على قوات النظام.") == [
        ("Battles", "Non-state actor overtakes territory")]


def test_arrests_and_abduction(run):
    assert types(run, "شنت قوات سوريا الديمقراطية حملة اعتقالات في بلدة الحمرا.") == [
        ("Strategic developments", "Arrests")]
    assert types(run, "اختطف مسلحون مجهولون ثلاثة مدنيين من قرية التلة.") == [
        ("Violence against civilians", "Abduction/forced disappearance")]


def test_shooting_civilians_is_violence_against_civilians(run):
    evs = run("قتل مدني برصاص قناص في مدينة الوادي.").events
    assert [(e.event_type, e.sub_event_type, e.civilian_targeting) for e in evs] == [
        ("Violence against civilians", "Attack", "Civilian targeting")]


def test_status_phrase_is_not_a_capture(run):
    assert run("تقع قرية التلة تحت سيطرة قوات النظام منذ عام 2016.").events == []


def test_adjective_is_not_a_trigger():
    lex = TriggerLexicon()
    assert [t.cls for t in lex.find_triggers("العمليات الهجوميه")] == []
    assert [t.cls for t in lex.find_triggers("والغارات")] == ["air"]


def test_tags_and_disorder(run):
    e = run("شنت طائرات حربية غارات على بلدة الحمرا.").events[0]
    assert e.disorder_type == "Political violence"
    assert e.tags.startswith("cameo=195; plover=ASSAULT")



def test_evacuations_and_reinforcements_are_strategic_developments():
    # the judge decides; the trigger words must reach it (the training data labels
    # evacuations under a deal as transfers of territory, forces sent as "Other")
    from datetime import date

    from rasd.doc import Article
    from rasd.pipeline import full_pipeline

    pipe = full_pipeline(keep_unplaced=True)
    cases = {"بدأت عملية إجلاء مقاتلي الفصائل المعارضة وعائلاتهم الأحد من مدينة درعا.":
             "Non-violent transfer of territory",
             "وصلت حافلات تقل مئات المقاتلين وعائلاتهم من بلدة حرستا إلى ريف إدلب.":
             "Non-violent transfer of territory"}
    for text, sub in cases.items():
        evs = pipe(Article("t", text, published=date(2018, 7, 15))).events
        assert [e.sub_event_type for e in evs] == [sub], text
    lex = TriggerLexicon()
    assert [t.cls for t in lex.find_triggers("ارسلت قوات النظام تعزيزات عسكرية الى المعبر")] == ["deployment"]
