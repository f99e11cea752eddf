"""Event place among the geoparser's mentions, one event per happening, evidence spans."""
from rasd.output.contract import event_record, validator


def test_origin_is_not_the_place(run):
    e = run("قصفت قوات النظام انطلاقا من قاعدة الصخر أطراف قرية التلة.").events[0]
    assert e.location_ar == "قرية التلة"


def test_earlier_mention_in_paragraph(run):
    evs = run("تجمعت تعزيزات في مدينة الوادي صباح اليوم. ثم اندلعت اشتباكات عنيفة بين قوات النظام والفصائل.").events
    assert [e.location_ar for e in evs] == ["مدينة الوادي"]
    assert evs[0].geo_precision >= 2 and "place=earlier mention" in evs[0].tags


def test_no_place_no_event(run):
    assert run("اندلعت اشتباكات عنيفة بين قوات النظام والفصائل.").events == []


def test_repeated_report_is_one_event(run):
    text = ("قتل 8 مدنيين في غارات روسية على بلدة الحمرا.\n"
            "وأفاد المرصد بأن الغارات الروسية على بلدة الحمرا أسفرت عن مقتل 9 مدنيين.")
    evs = run(text).events
    assert len(evs) == 1
    assert evs[0].fatalities == 9 and len(evs[0].evidence) == 2


def test_village_list_is_one_event_at_the_first(run):
    evs = run("سيطرت قوات النظام على قرية التلة وبلدة الحمرا بعد معارك مع الفصائل.").events
    assert [e.location_ar for e in evs] == ["قرية التلة"]


def test_evidence_and_schema(run):
    doc = run("قتل 3 مدنيين في غارة على بلدة الحمرا.\nواندلعت اشتباكات في قرية التلة بين قوات النظام وتنظيم داعش.")
    v = validator()
    assert len(doc.events) == 2
    for e in doc.events:
        assert not list(v.iter_errors(event_record(e)))
        for ev in e.evidence:
            assert ev.text == doc.text[ev.start:ev.end]
        assert e.notes and e.event_id.startswith("t-")


def test_entered_town_is_the_place(run):
    # "دخلت ... إلى بلدة X": the town entered is the event place, not a destination elsewhere
    e = run("دخلت قوات النظام إلى بلدة الحمرا بعد سيطرتها على المنطقة.").events
    assert e and e[0].location == "بلدة الحمرا"


def test_fled_to_is_not_the_place(run):
    e = run("سيطرت قوات النظام على قرية التلة، بينما فر السكان إلى بلدة الحمرا.").events
    assert e and e[0].location == "قرية التلة"


def test_place_standing_for_a_government_is_not_the_place(run):
    e = run("قتل خمسة مقاتلين موالين لمدينة الوادي في غارة على قرية التلة.").events
    assert e and e[0].location == "قرية التلة"


def test_no_fallback_for_an_event_abroad(run):
    evs = run("قصفت طائرات حربية بلدة الحمرا. واندلعت اشتباكات على الحدود مع قطاع غزة.").events
    assert [e.event_type for e in evs] == ["Explosions/Remote violence"]


def test_paragraph_that_goes_on_takes_the_last_place_of_the_one_before(run):
    text = ("سيطرت قوات النظام على قرية التلة بعد معارك مع الفصائل، وقصفت مدفعيتها بلدة الحمرا.\n"
            "كما شن الطيران الحربي غارات مكثفة على مواقع الفصائل.")
    strikes = [e for e in run(text).events if e.sub_event_type == "Air/drone strike"]
    assert [e.location_ar for e in strikes] == ["بلدة الحمرا"]


def test_paragraph_that_changes_the_subject_does_not(run):
    text = ("سيطرت قوات النظام على قرية التلة بعد معارك مع الفصائل، وقصفت مدفعيتها بلدة الحمرا.\n"
            "في سياق آخر، شن الطيران الحربي غارات مكثفة على مواقع الفصائل.")
    strikes = [e for e in run(text).events if e.sub_event_type == "Air/drone strike"]
    assert all(e.location_ar != "بلدة الحمرا" for e in strikes)
