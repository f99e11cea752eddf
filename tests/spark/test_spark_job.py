"""The Spark job gives what `rasd extract` gives, skips bad records, and partitions by month."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasd.output.contract import FIELDS, event_schema
from tests.spark.conftest import MASTER

NODATE = {"id": "nodate", "text": "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، "
                                  "ما أدى إلى مقتل ثلاثة مدنيين."}
MONTH_DIR = re.compile(r"^event_month=(\d{4}-\d{2}|__unknown__)$")


def local_extract(path: Path, out: Path) -> tuple[list[dict], str]:
    """Events of the single-process `rasd extract --format jsonl`, and its summary (stderr)."""
    r = subprocess.run([sys.executable, "-m", "rasd", "extract", str(path), "--format", "jsonl", "-o", str(out)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()], r.stderr


def read_output(out: Path) -> list[dict]:
    """The job's Parquet output as contract records (event_month checked, then dropped)."""
    import pyarrow.dataset as ds

    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    assert table.column_names == FIELDS + ["event_month"]
    records = []
    for row in table.to_pylist():  # Parquet lists of structs come back as lists of dicts
        month = row.pop("event_month")
        assert month == (row["event_date"][:7] if row["event_date"] else "__unknown__"), row["event_id"]
        records.append(row)
    return records


def by_id(records: list[dict]) -> list[dict]:
    ids = [r["event_id"] for r in records]
    assert len(ids) == len(set(ids)), "duplicate event ids"
    return sorted(records, key=lambda r: r["event_id"])


def month_dirs(out: Path) -> set[str]:
    dirs = {p.name for p in out.iterdir() if p.is_dir()}
    assert dirs and all(MONTH_DIR.match(d) for d in dirs), dirs
    for d in dirs:
        assert list((out / d).glob("*.parquet")), d
    return dirs


def assert_same_events(local: list[dict], spark: list[dict]) -> None:
    local, spark = by_id(local), by_id(spark)
    missing = {r["event_id"] for r in local} - {r["event_id"] for r in spark}
    extra = {r["event_id"] for r in spark} - {r["event_id"] for r in local}
    assert not missing and not extra, (sorted(missing)[:10], sorted(extra)[:10])
    diffs = []
    for a, b in zip(local, spark):
        if a != b:
            diffs.append((a["event_id"], {k: (a[k], b[k]) for k in FIELDS if a[k] != b[k]}))
    assert not diffs, f"{len(diffs)} event(s) differ, e.g. {diffs[:3]}"
    # the same types too: numbers come back as the very double JSON printed (a whole
    # number JSON wrote as 1 is 1.0: representation only), everything else as written
    numbers = {k for k, p in event_schema()["properties"].items() if "number" in p["type"]}
    for a, b in zip(local, spark):
        for k in FIELDS:
            if a[k] is None:
                continue
            if k in numbers:
                assert isinstance(b[k], float) and float(a[k]) == b[k], (a["event_id"], k, a[k], b[k])
            else:
                assert type(a[k]) is type(b[k]), (a["event_id"], k, a[k], b[k])


def test_dev_corpus_same_events_as_rasd_extract(spark, dev_corpus: Path, tmp_path: Path) -> None:
    from rasd.spark.job import run_job

    local, _ = local_extract(dev_corpus, tmp_path / "local.jsonl")
    out = tmp_path / "events"
    start = time.perf_counter()
    summary = run_job(spark, str(dev_corpus), str(out))
    seconds = time.perf_counter() - start
    print(f"\nspark {MASTER} on {dev_corpus.name}: {summary.line()} (wall {seconds:.1f} s)")
    assert spark.sparkContext.master == MASTER
    assert (summary.articles, summary.skipped_total, summary.events) == (1193, 0, len(local))
    assert_same_events(local, read_output(out))
    assert month_dirs(out) == {f"event_month={r['event_date'][:7]}" for r in local if r["event_date"]}


def test_output_types_follow_the_contract(spark, tmp_path: Path, dev_corpus: Path) -> None:
    """The Parquet schema is the explicit one derived from the JSON schema, not inferred."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rasd.spark.job import run_job

    src = tmp_path / "few.jsonl"
    src.write_text("".join(dev_corpus.read_text(encoding="utf-8").splitlines(True)[:20]), encoding="utf-8")
    run_job(spark, str(src), str(tmp_path / "out"))
    schema = pq.read_schema(next((tmp_path / "out").rglob("*.parquet")))
    expect = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64()}
    for name, prop in event_schema()["properties"].items():
        kinds = [prop["type"]] if isinstance(prop["type"], str) else prop["type"]
        field = schema.field(name)
        assert field.nullable == ("null" in kinds), name
        kind = next(k for k in kinds if k != "null")
        if kind == "array":
            assert field.type == pa.list_(pa.field("element", pa.struct(
                [pa.field("text", pa.string(), False), pa.field("start", pa.int64(), False),
                 pa.field("end", pa.int64(), False)]), False)), field.type
        else:
            assert field.type == expect[kind], (name, field.type)


def broken_input(dev_corpus: Path, path: Path) -> Path:
    """Five real articles, the bad records `rasd extract` skips, and an article with no date."""
    good = dev_corpus.read_text(encoding="utf-8").splitlines()[:5]
    lines = [good[0], good[1],
             '{"id": "broken", "text": "قصفت قوات النظام',  # cut off: not valid JSON
             json.dumps({"id": "notext", "title": "عنوان بلا نص"}, ensure_ascii=False),
             "",
             json.dumps({"id": "english", "text": "Shelling hit the town of Kafranbel this morning, killing three."}),
             good[2], good[3], json.dumps(NODATE, ensure_ascii=False), good[4]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_records_are_skipped_and_counted(spark, dev_corpus: Path, tmp_path: Path) -> None:
    from rasd.spark.job import run_job

    src = broken_input(dev_corpus, tmp_path / "broken.jsonl")
    local, local_summary = local_extract(src, tmp_path / "local.jsonl")
    assert "Read 6 article(s), skipped 3" in local_summary
    out = tmp_path / "events"
    summary = run_job(spark, str(src), str(out), partitions=3)
    assert summary.articles == 6
    assert dict(summary.skipped) == {"not valid JSON": 1, 'no "text" field': 1, "no Arabic text": 1}
    assert any(e.startswith(f"{src}:3: not valid JSON") for e in summary.examples), summary.examples
    assert summary.line().startswith("Read 6 article(s), skipped 3 (")
    assert f"wrote {summary.events} event(s) to {out}" in summary.line()
    assert_same_events(local, read_output(out))
    dirs = month_dirs(out)
    assert "event_month=__unknown__" in dirs  # the article with no date
    assert any(d != "event_month=__unknown__" for d in dirs)


def test_parquet_input_gives_the_same_events(spark, dev_corpus: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rasd.spark.job import run_job

    lines = dev_corpus.read_text(encoding="utf-8").splitlines()[:30]
    jsonl = tmp_path / "few.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([json.loads(x) for x in lines]), tmp_path / "few.parquet")
    run_job(spark, str(jsonl), str(tmp_path / "from-jsonl"))
    summary = run_job(spark, str(tmp_path / "few.parquet"), str(tmp_path / "from-parquet"))
    assert summary.articles == 30
    assert by_id(read_output(tmp_path / "from-parquet")) == by_id(read_output(tmp_path / "from-jsonl"))


def test_cli_and_submit_entry_point(spark, dev_corpus: Path, tmp_path: Path) -> None:
    """`rasd spark extract` and submit.py, in this process: they reuse the active session."""
    from typer.testing import CliRunner

    from rasd.cli import app
    from rasd.spark import submit

    src = broken_input(dev_corpus, tmp_path / "broken.jsonl")
    out = tmp_path / "events"
    r = CliRunner().invoke(app, ["spark", "extract", str(src), str(out), "--master", MASTER, "--partitions", "2"])
    assert r.exit_code == 0, r.output
    assert re.search(r"Read 6 article\(s\), skipped 3 \(.*\), wrote \d+ event\(s\) to " + re.escape(str(out)), r.output)
    assert f"skipped {src}:3: not valid JSON" in r.output
    assert spark.sparkContext._jsc is not None  # the CLI did not stop a session it did not start

    # an existing output is refused (usage error) unless --overwrite
    r = CliRunner().invoke(app, ["spark", "extract", str(src), str(out)])
    assert r.exit_code == 2 and "already exists" in r.output
    assert submit.main([str(src), str(out), "--overwrite", "-q"]) == 0
    # nothing readable: exit 1, as `rasd extract`
    assert submit.main([str(tmp_path / "missing.jsonl"), str(tmp_path / "none")]) == 1
    # a name that does not say the format
    (tmp_path / "articles.dat").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    assert submit.main([str(tmp_path / "articles.dat"), str(tmp_path / "dat")]) == 2
    assert submit.main([str(tmp_path / "articles.dat"), str(tmp_path / "dat"), "--format", "jsonl", "-q"]) == 0


def test_extraction_error_is_counted_not_fatal(monkeypatch) -> None:
    """An article whose pipeline raises is skipped and counted; the partition goes on."""
    from rasd.pipeline import full_pipeline
    from rasd.spark import worker

    real = full_pipeline()

    class Boom(type(real)):
        """The real pipeline, except that one article breaks it."""

        def __call__(self, article):
            if article.article_id == "boom":
                raise RuntimeError("kaboom")
            return super().__call__(article)

    class Acc:
        def __init__(self):
            self.values = []

        def add(self, v):
            self.values.append(v)

    monkeypatch.setattr(worker, "_pipeline", Boom(real.stages))
    records = [json.dumps(NODATE, ensure_ascii=False).encode(), json.dumps(dict(NODATE, id="boom")).encode(),
               b"{not json", b"   "]
    counts, examples = Acc(), Acc()
    rows = list(worker.extract_partition(zip(records, range(len(records))), where="in.jsonl", stem="in",
                                         counts=counts, examples=examples))
    assert len(rows) == 1 and rows[0][0] == "nodate-1" and rows[0][-1] == "__unknown__"
    assert counts.values == [{"articles": 1, "events": 1, "skipped: extraction error": 1,
                              "skipped: not valid JSON": 1}]
    assert examples.values[0][1] == "in.jsonl:3: not valid JSON: Expecting property name enclosed in double " \
                                    "quotes (column 2)"
    assert "extraction error: RuntimeError: kaboom" in examples.values[0][0]


def test_format_detection_and_stem() -> None:
    from rasd.spark.read import detect_format, input_stem

    assert detect_format("hdfs://nn/news/2018.jsonl") == "jsonl"
    assert detect_format("s3a://bucket/news/archive.ndjson.gz") == "jsonl"
    assert detect_format("file:///data/articles.parquet/") == "parquet"
    assert detect_format("hdfs://nn/news/") is None
    assert input_stem("hdfs://nn/news/ant-dev-1193.jsonl") == "ant-dev-1193"
    assert input_stem("archive.jsonl.gz") == "archive"


@pytest.mark.parametrize("date,month", [("2018-11-12", "2018-11"), (None, "__unknown__")])
def test_event_month(date, month) -> None:
    from rasd.spark.schema import event_month

    assert event_month(date) == month


def test_conf_pairs() -> None:
    from rasd.spark.command import parse_conf

    assert parse_conf(["spark.driver.memory=8g", "spark.x=a=b"]) == {"spark.driver.memory": "8g", "spark.x": "a=b"}
    with pytest.raises(ValueError):
        parse_conf(["spark.driver.memory"])
