"""Negative cases: what is denied, threatened, planned, conditional or background is no event."""
import pytest

NOT_EVENTS = [
    "نفت وزارة الدفاع أن تكون طائراتها قد شنت غارات على بلدة الحمرا.",           # denial
    "هددت أنقرة بشن هجوم على قرية التلة خلال الأيام المقبلة.",                    # threat
    "تستعد قوات النظام لاقتحام بلدة الحمرا بعد وصول التعزيزات.",                  # future
    "من المتوقع أن تندلع اشتباكات في مدينة الوادي.",                              # expectation
    "في حال تقدمت الفصائل نحو قرية التلة فإن الطيران سيقصفها.",                  # conditional
    "لم تشهد بلدة الحمرا أي اشتباكات منذ أسبوع.",                                  # negation
    "وتتعرض مدينة الوادي منذ عام 2012 لقصف متواصل من قوات النظام.",                # background
    "وتواصل قوات التحالف حملتها الجوية ضد التنظيم في مدينة الوادي.",               # ongoing campaign
    "دعت الأمم المتحدة إلى وقف القصف على بلدة الحمرا.",                            # request
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(run, text):
    assert run(text).events == []


def test_reported_event_kept(run):
    assert len(run("قالت مصادر محلية إن اشتباكات عنيفة دارت أمس في بلدة الحمرا.").events) == 1


def test_old_event_is_background(run):
    # dated months before publication: context for the report, not its news
    assert run("وفي 3 شباط 2018 قصفت طائرات حربية بلدة الحمرا.").events == []


@pytest.mark.parametrize("text", [
    "دانت وزارة الخارجية بشدة الهجوم الكيميائي على بلدة الحمرا.",
    "وبحث الوزيران هاتفيا التطورات، ردا على الهجوم على مدينة الوادي.",
    "وصل الوزير إلى العاصمة لإجراء محادثات حول الهجوم على قرية التلة.",
])
def test_event_talked_about_is_not_reported(run, text):
    assert run(text).events == []


def test_verb_after_reference_cue_is_an_event(run):
    # a verb trigger is still a report: "قصفت ... ردا على"
    evs = run("قصفت طائرات حربية بلدة الحمرا ردا على الهجوم.").events
    assert [e.event_type for e in evs] == ["Explosions/Remote violence"]


def test_recent_months_is_a_summary(run):
    assert run("وشنت الطائرات في الأشهر الأخيرة عددا من الغارات على بلدة الحمرا.").events == []


@pytest.mark.parametrize("text", [
    "وقالت مصادر محلية إن هذا الهجوم هو الأعنف على بلدة الحمرا منذ أشهر.",
    "ولم يصب أي من عناصر الحاجز في تلك الغارات على قرية التلة.",
])
def test_pointer_back_to_an_event_told_elsewhere_is_not_a_new_event(run, text):
    assert run(text).events == []


def test_demonstrative_elsewhere_in_the_clause_does_not_block(run):
    evs = run("شهدت هذه المنطقة اشتباكات عنيفة بين قوات النظام والفصائل في قرية التلة.").events
    assert [e.event_type for e in evs] == ["Battles"]
