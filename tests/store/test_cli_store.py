"""`rasd ingest`, `rasd events`, `rasd events show`, `rasd export`, `rasd remove`, `rasd search` end to end."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from rasd.cli import app
from rasd.output.contract import validator
from rasd.store.database import Store
from tests.serve.conftest import fill

runner = CliRunner()

ARTICLES = [
    {"id": "t1", "title": "قصف على إدلب", "text": "قصفت طائرات حربية مدينة إدلب صباح اليوم ما أدى إلى مقتل خمسة مدنيين.",
     "published": "2018-05-01", "source": "sky", "url": "https://example.invalid/t1"},
    {"id": "t2", "title": "اشتباكات في دوما", "text": "اندلعت اشتباكات عنيفة في مدينة دوما بين قوات النظام وفصائل المعارضة.",
     "published": "2018-05-02", "source": "bbc", "url": "https://example.invalid/t2"},
]


def run(*args: str):
    return runner.invoke(app, list(args))


def test_ingest_is_idempotent_and_reports(tmp_path, db_url):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n{broken\n", encoding="utf-8")
    first = run("ingest", "--db", db_url, str(src))
    assert first.exit_code == 0, first.output
    assert "Stored 2 new" in first.output and "not valid JSON" in first.output
    second = run("ingest", "--db", db_url, str(src))
    assert "Stored 0 new and 0 updated article(s), 2 unchanged" in second.output
    s = Store(db_url)
    with s.session() as ses:
        from sqlalchemy import func, select

        from rasd.store.models import ArticleRow
        assert ses.scalar(select(func.count()).select_from(ArticleRow)) == 2
    s.close()


def test_events_list_show_export_remove(store, db_url, tmp_path):
    fill(store)
    listed = run("events", "--db", db_url, "--multi-source")
    assert listed.exit_code == 0, listed.output
    lines = [x for x in listed.stdout.splitlines() if x.strip()]
    assert len(lines) == 1 and "[2 reports from 2 outlets]" in lines[0] and "disputed" in lines[0]
    assert lines[0].split()[1] == "2018-05-01"
    event_id = lines[0].split()[0]
    shown = run("events", "show", event_id, "--db", db_url)
    assert shown.exit_code == 0 and "why merged" in shown.stdout and "Claims side by side" in shown.stdout
    # the event id a report was extracted with opens the same merged event
    report = json.loads(run("events", "--db", db_url, "--json", "--multi-source").stdout.splitlines()[0])["sources"][0]
    by_report = run("events", "show", report["report_id"], "--db", db_url)
    assert by_report.exit_code == 0 and by_report.stdout == shown.stdout
    missing = run("events", "show", "no-such-report-1", "--db", db_url)
    assert missing.exit_code == 1 and "no event no-such-report-1" in missing.output
    as_json = run("events", "--db", db_url, "--json", "--type", "Battles")
    (rec,) = [json.loads(x) for x in as_json.stdout.splitlines()]
    assert rec["event_type"] == "Battles" and rec["sources"][0]["evidence"]

    out = tmp_path / "events.jsonl"
    assert run("export", "--db", db_url, "--format", "jsonl", "-o", str(out)).exit_code == 0
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    v = validator(store=True)  # the contract, then the store's ACLED columns
    assert len(recs) == 2 and all(not list(v.iter_errors(r)) for r in recs)
    acled = run("export", "--db", db_url, "--format", "acled-csv", "--disputed")
    rows = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert len(rows) == 1 and rows[0]["source"] == "bbc; sky" and rows[0]["fatalities"] == "4"
    geo = json.loads(run("export", "--db", db_url, "--format", "geojson", "--admin1", "Rural Damascus").stdout)
    assert len(geo["features"]) == 1
    assert run("export", "--db", db_url, "--format", "xml").exit_code != 0

    assert run("remove", "--db", db_url, "b").exit_code == 0
    after = run("events", "--db", db_url, "--multi-source")
    assert not after.stdout.strip()


def test_search_finds_the_relevant_event(store, db_url):
    fill(store)
    plain = run("search", "--db", db_url, "--plain", "دوما")
    assert plain.exit_code == 0 and "Armed clash" in plain.stdout
    arts = run("search", "--db", db_url, "--articles", "--plain", "دوما")
    assert "اشتباكات" in arts.stdout
