"""Events the text dates more than two weeks before publication (2018-06-10) are background:
a day, a month or a year, a timeline line opened by its date."""
import pytest

OLD = [
    "- أكتوبر 2003: غارة جوية على بلدة الحمرا.",                                  # timeline line, month
    "2014: قصفت طائرات حربية قرية التلة.",                                        # timeline line, year
    "وفي عام 2016، سيطرت قوات النظام على مدينة الوادي.",                           # opening year
    "وشنت الطائرات غارة جوية استهدفت في 2015 مواقع في بلدة الحمرا.",             # year in the clause
    "وسيطرت الفصائل على مدينة الوادي في آب 2016 بعد معارك عنيفة.",               # month and year
    "وقصفت الطائرات بلدة الحمرا في 3 أيار الماضي.",                               # a day weeks before
]


@pytest.mark.parametrize("text", OLD)
def test_old_event_not_emitted(run, text):
    assert run(text).events == []


def test_since_year_is_not_the_event_year(run):
    # "منذ عام 2013" dates the siege, not today's clash
    evs = run("اندلعت اشتباكات عنيفة اليوم في بلدة الحمرا، المحاصرة منذ عام 2013.").events
    assert len(evs) == 1 and evs[0].event_date == "2018-06-10"


def test_past_year_in_another_clause_keeps_event(run):
    evs = run("قصفت طائرات حربية اليوم بلدة الحمرا، التي سيطرت عليها الفصائل عام 2015.").events
    assert [e.event_type for e in evs] == ["Explosions/Remote violence"]
