"""An article without source metadata gets its events' sources from the text: the monitors
and outlets it attributes its news to (issue 15).  Real seed articles, the real pipeline."""
from datetime import date

import pytest

from rasd.doc import Article
from rasd.ingest import read_paths
from rasd.pipeline import full_pipeline
from tests.conftest import seed


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


def _sources(pipeline, article):
    return {e.source for e in pipeline(article).events}


def test_seed_articles_get_the_sources_their_text_cites(pipeline, seeds_dir):
    sohr = next(a for a in read_paths([str(seed(seeds_dir, "001"))]) if isinstance(a, Article))
    assert sohr.source is None
    assert _sources(pipeline, sohr) == {"Syrian Observatory for Human Rights"}
    horrya = next(a for a in read_paths([str(seed(seeds_dir, "003"))]) if isinstance(a, Article))
    assert _sources(pipeline, horrya) == {"Horrya Press"}


def test_an_event_takes_the_source_its_own_sentence_cites(pipeline):
    text = ("قتل ثلاثة مدنيين في قصف لقوات النظام على بلدة كفرنبل بريف إدلب، بحسب المرصد السوري لحقوق الإنسان.\n"
            "وأفاد مراسل وكالة سمارت بأن غارة جوية روسية استهدفت مدينة معرة النعمان وقتلت طفلين.")
    evs = pipeline(Article("t", text, published=date(2018, 6, 1))).events
    by_place = {e.location_ar: e.source for e in evs}
    assert by_place.get("كفرنبل") == "Syrian Observatory for Human Rights", by_place
    assert by_place.get("معرة النعمان") == "SMART News Agency", by_place


def test_a_named_organisation_that_is_not_cited_is_no_source_and_metadata_wins(pipeline):
    text = "قصفت قوات النظام مركزا للدفاع المدني في بلدة سراقب بريف إدلب وقتلت اثنين من عناصره."
    assert _sources(pipeline, Article("t", text, published=date(2018, 6, 1))) == {None}
    cited = "قتل مدنيان في قصف على بلدة سراقب بريف إدلب، وفقا للمرصد السوري."
    assert _sources(pipeline, Article("t", cited, published=date(2018, 6, 1), source="Enab Baladi")) == {"Enab Baladi"}
