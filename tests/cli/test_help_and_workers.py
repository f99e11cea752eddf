"""Help texts without typer's placeholders, and `--workers` meaning the same in extract and ingest."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.parallel import cpu_count

runner = CliRunner()
ARTICLE = {"id": "w1", "text": "قصفت طائرات حربية مدينة إدلب صباح اليوم ما أدى إلى مقتل خمسة مدنيين.",
           "published": "2018-05-01", "source": "sky"}


@pytest.mark.parametrize("command", [["extract"], ["ingest"], ["articles"], ["export"], ["gazetteer", "add"]])
def test_help_has_no_type_placeholders_on_flags_nor_braces(command):
    out = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"}).output
    assert "<bool>" not in out and "{" not in out.split("\n", 3)[1]
    if command == ["extract"]:
        assert "Usage: rasd extract [OPTIONS] PATHS..." in out


def test_workers_zero_is_one_per_core_in_extract_and_ingest(tmp_path, monkeypatch):
    import rasd.store.ingest as ingest

    forked: list[int] = []
    real = ingest.IngestPipeline.__init__

    def spy(self, *a, **kw):
        forked.append(kw.get("workers", 0))
        kw["workers"] = 0  # extract here: the test is about what was asked for
        real(self, *a, **kw)

    monkeypatch.setattr(ingest.IngestPipeline, "__init__", spy)
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    for workers in ("0", "1", "3"):
        r = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "w.db"), "-q", "--workers", workers])
        assert r.exit_code == 0, r.output
    cores = cpu_count()
    assert forked == [cores if cores > 1 else 0, 0, 3]  # 1: extract in this process, as `extract -w 1` does
    ingest_help = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "300"}).output
    extract_help = runner.invoke(app, ["extract", "--help"], env={"COLUMNS": "300"}).output
    same = "Extraction processes: 1 extracts in this process, N > 1 forks N, 0 forks one per core."
    assert same in " ".join(ingest_help.split()) and same in " ".join(extract_help.split())


def test_extract_csv_has_one_name(tmp_path):
    """`extract --format csv` and `export --format acled-csv` are one format: each command takes both names."""
    src = tmp_path / "a1.txt"
    src.write_text(ARTICLE["text"], encoding="utf-8")
    plain = runner.invoke(app, ["extract", str(src), "-q", "--format", "csv"])
    alias = runner.invoke(app, ["extract", str(src), "-q", "--format", "acled-csv"])
    assert plain.exit_code == 0 and alias.exit_code == 0, alias.output
    assert plain.stdout == alias.stdout and plain.stdout.startswith("event_id,event_id_cnty,event_date,")
