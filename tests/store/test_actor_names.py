"""`--actor` takes an actor by any name the lexicon knows: its family, canonical name, or an
English or Arabic alias (issue 15: `--actor SDF` and `--actor قسد` returned nothing)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from rasd.cli import app

runner = CliRunner()

ARTICLES = [
    {"id": "a1", "text": "سيطرت قوات سوريا الديمقراطية على بلدة هجين في ريف دير الزور الشرقي بعد معارك عنيفة مع تنظيم داعش.",
     "published": "2018-12-14", "source": "sky"},
    {"id": "a2", "text": "قصفت طائرات حربية روسية مدينة معرة النعمان في ريف إدلب ما أدى إلى مقتل ثلاثة مدنيين.",
     "published": "2018-12-15", "source": "bbc"},
]


def _ids(db_url: str, *args: str) -> set[str]:
    got = runner.invoke(app, ["events", "--db", db_url, "--json", *args])
    assert got.exit_code == 0, got.output
    return {json.loads(x)["event_id"] for x in got.stdout.splitlines() if x.strip()}


def test_any_name_of_an_actor_finds_its_events(tmp_path, db_url):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", "--db", db_url, str(src)]).exit_code == 0
    sdf = _ids(db_url, "--actor", "QSD: Syrian Democratic Forces")
    assert sdf and sdf == _ids(db_url, "--actor", "SDF") == _ids(db_url, "--actor", "قسد") \
        == _ids(db_url, "--actor", "قوات سوريا الديمقراطية")
    russia = _ids(db_url, "--actor", "روسيا")
    assert russia and russia == _ids(db_url, "--actor", "Russia") and not russia & sdf
    # text the lexicon does not know is still a substring of the actor columns
    assert _ids(db_url, "--actor", "Democratic") == sdf
    assert _ids(db_url, "--actor", "no such actor") == set()


def test_the_arabic_name_of_a_family_head_names_the_family():
    """"قسد" means what "SDF" means: the SDF and the forces of its family (Asayish)."""
    from rasd.store.actor_names import canonical_actors

    sdf = canonical_actors("SDF")
    assert canonical_actors("قسد") == sdf == canonical_actors("قوات سوريا الديمقراطية")
    assert any("Asayish" in n for n in sdf) and "QSD: Syrian Democratic Forces" in sdf
    assert canonical_actors("داعش") == canonical_actors("IS")
