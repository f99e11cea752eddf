"""Actor roles, ACLED names, inter codes and references."""


def one(run, text):
    evs = run(text).events
    assert len(evs) == 1, evs
    return evs[0]


def test_verb_subject_acts_and_object_is_hit(run):
    e = one(run, "استهدف التحالف الدولي بغارات جوية مواقع لتنظيم داعش في بلدة الحمرا.")
    assert e.actor1 == "Global Coalition Against Daesh"
    assert e.actor2 == "Islamic State (Syria)"
    assert (e.inter1, e.inter2, e.interaction) == (8, 2, 28)


def test_nationality_adjective_is_the_striker(run):
    e = one(run, "قتل خمسة مدنيين في غارات روسية على قرية التلة.")
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.actor2 == "Civilians (Syria)"
    assert e.civilian_targeting == "Civilian targeting"


def test_between_two_sides_with_allies(run):
    e = one(run, "دارت اشتباكات بين قوات سوريا الديمقراطية وقوات التحالف الدولي من جهة، "
                 "وتنظيم داعش من جهة أخرى في مدينة الوادي.")
    assert e.actor1 == "QSD: Syrian Democratic Forces"
    assert e.assoc_actor_1 == "Global Coalition Against Daesh"
    assert e.actor2 == "Islamic State (Syria)"


def test_agent_after_by(run):
    e = one(run, "تعرضت بلدة الحمرا لقصف مدفعي من قبل القوات التركية.")
    assert e.actor1 == "Military Forces of Turkey (2016-)"


def test_reference_to_the_organisation(run):
    doc = run("ينشط تنظيم داعش في البادية.\nوهاجم التنظيم حاجزا لقوات النظام في قرية التلة.")
    e = [x for x in doc.events][0]
    assert e.actor1 == "Islamic State (Syria)"
    assert e.actor2 == "Military Forces of Syria (2000-)"


def test_barrel_bombs_are_the_regime(run):
    e = one(run, "ألقت مروحيات براميل متفجرة على مدينة الوادي.")
    assert e.actor1 == "Military Forces of Syria (2000-)"


def test_speaker_is_not_a_party(run):
    e = one(run, "أعلن الجيش الإسرائيلي أن مقاتلين من حزب الله اشتبكوا مع قوات النظام في بلدة الحمرا.")
    assert "Israel" not in (e.actor1 or "") and "Israel" not in (e.actor2 or "")


def test_among_them_is_not_between_two_sides(run):
    # "بينهم" (among them) after a clash names no sides: the subject stays the attacker
    e = one(run, "شنت قوات سوريا الديمقراطية هجوما على مواقع تنظيم داعش في مدينة الوادي "
                 "وأسرت عشرة أشخاص بينهم عناصر من داعش.")
    assert e.actor1 == "QSD: Syrian Democratic Forces"
    assert e.actor2 == "Islamic State (Syria)"


def test_coordinated_subjects_share_the_role(run):
    # "X وY" with no marker: Y acts with X, it is not the one hit
    e = one(run, "سيطر مقاتلو مجلس دير الزور العسكري وقوات سوريا الديمقراطية على قرية التلة.")
    assert e.actor1 == "Deir ez-Zor Military Council (QSD)"
    assert e.actor2 is None or "Syrian Democratic Forces" not in e.actor2
    assert e.assoc_actor_1 == "QSD: Syrian Democratic Forces"


def test_unit_of_a_side_fights_that_sides_enemy(run):
    # the article's fight is SDF against IS; a council of the SDF taking a village fights IS too
    doc = run("اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وتنظيم داعش في قرية التلة.\n"
              "وتقدم مقاتلو مجلس دير الزور العسكري في بلدة الحمرا بعد اشتباكات عنيفة.")
    capture = [e for e in doc.events if e.sub_event_type == "Non-state actor overtakes territory"]
    assert capture and capture[0].actor2 == "Islamic State (Syria)"


def test_national_adjective_on_aircraft_names_the_air_force(run):
    evs = run("قصفت مقاتلات حربية سورية أطراف قرية التلة صباح اليوم.").events
    assert evs and evs[0].actor1 == "Military Forces of Syria (2000-)"
    evs = run("شنت مقاتلات حربية روسية غارات على بلدة الحمرا.").events
    assert evs and evs[0].actor1 == "Military Forces of Russia (2000-)"


def test_allies_named_together_all_strike(run):
    # a list of names acts as one: none of the allies becomes the target
    e = one(run, "شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت ضربات صاروخية على بلدة الحمرا.")
    assert e.actor1 == "Military Forces of the United States"
    assert e.actor2 is None
    assert {"Military Forces of the United Kingdom", "Military Forces of France"} <= set(e.assoc_actor_1.split("; "))


def test_a_foreign_strike_on_a_military_site_hits_the_army(run):
    e = one(run, "شنت طائرات إسرائيلية غارات على موقع عسكري قرب بلدة الحمرا.")
    assert (e.actor1, e.actor2) == ("Military Forces of Israel (1948-)", "Military Forces of Syria (2000-)")


def test_the_governments_forces_by_another_name(run):
    e = one(run, "سيطرت قوات الحكومة على قرية التلة بعد معارك مع الفصائل.")
    assert (e.sub_event_type, e.actor1) == ("Government regains territory", "Military Forces of Syria (2000-)")
