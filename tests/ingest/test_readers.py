"""Ingestion of every input kind, and every kind of bad input, on real files."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from rasd.doc import Article
from rasd.ingest import Problem, read_paths
from rasd.ingest.readers import read_stdin

AR = "قصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


def items(*paths) -> list:
    return list(read_paths([str(p) for p in paths]))


def only_problem(found: list) -> Problem:
    assert len(found) == 1 and isinstance(found[0], Problem), found
    return found[0]


def test_txt_article_id_is_stem_and_dateline_gives_date(tmp_path: Path) -> None:
    f = tmp_path / "my-report.txt"
    f.write_text("عنوان الخبر\nالأحد 11 تشرين الثاني 2018\n" + AR, encoding="utf-8")
    (a,) = items(f)
    assert isinstance(a, Article)
    assert a.article_id == "my-report"
    assert a.published == date(2018, 11, 11) and a.published_from == "dateline"
    assert a.text.endswith(AR)


def test_numeric_and_gregorian_datelines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("نشر في 2018/11/12\n" + AR, encoding="utf-8")
    (tmp_path / "b.txt").write_text("12 نوفمبر 2018\n" + AR, encoding="utf-8")
    (tmp_path / "c.txt").write_text(AR, encoding="utf-8")
    a, b, c = items(tmp_path)
    assert a.published == date(2018, 11, 12)
    assert b.published == date(2018, 11, 12)
    assert c.published is None and c.published_from is None


def test_jsonl_fields_and_extra_metadata(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    rows = [
        {"id": "x1", "title": "عنوان", "text": AR, "published": "2018-06-10", "source": "skynews",
         "url": "https://example.org/1", "section": "middle-east"},
        {"text": AR},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    a, b = items(f)
    assert (a.article_id, a.title, a.source, a.url) == ("x1", "عنوان", "skynews", "https://example.org/1")
    assert a.published == date(2018, 6, 10) and a.published_from == "metadata"
    assert a.metadata == {"section": "middle-east"}
    assert b.article_id == "batch:2"  # no id: file stem and line number


def test_html_page_main_text_title_and_date(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(
        '<html lang="ar"><head><meta charset="utf-8"><title>خبر</title>'
        '<meta property="og:title" content="غارات على إدلب">'
        '<meta property="article:published_time" content="2018-09-20T10:00:00Z"></head>'
        f"<body><nav>الرئيسية | سوريا</nav><article><p>{AR}</p><p>{AR.replace('ثلاثة', 'أربعة')}</p></article></body></html>",
        encoding="utf-8",
    )
    (a,) = items(f)
    assert isinstance(a, Article), a
    assert a.title == "غارات على إدلب"
    assert a.published == date(2018, 9, 20)
    assert "قصفت قوات النظام" in a.text and "الرئيسية" not in a.text


def test_directory_is_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "one.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "two.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "notes.md").write_text(AR, encoding="utf-8")  # not an input extension
    ids = sorted(a.article_id for a in items(tmp_path))
    assert ids == ["one", "two"]


def test_stdin_plain_text_and_jsonl() -> None:
    (a,) = read_stdin(io.BytesIO(AR.encode()))
    assert a.article_id == "stdin" and a.text == AR
    line = json.dumps({"id": "s1", "text": AR}, ensure_ascii=False).encode()
    (b,) = read_stdin(io.BytesIO(line + b"\n"))
    assert b.article_id == "s1"


def test_cp1256_file_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "old-site.txt"
    f.write_bytes(AR.encode("cp1256"))
    (a,) = items(f)
    assert isinstance(a, Article) and a.text == AR
    assert a.metadata["encoding"] == "cp1256"


# --- bad input: one clear problem naming the file, the rest of the batch goes on ---

def test_empty_file(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    p = only_problem(items(f))
    assert p.path == str(f) and "empty" in p.message


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(bytes(range(256)) * 40)
    assert "binary" in only_problem(items(f)).message


def test_invalid_utf8_that_is_not_cp1256_arabic(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Ceci n'est pas de l'arabe: é è à ç".encode("latin-1"))
    msg = only_problem(items(f)).message
    assert "UTF-8" in msg and "windows-1256" in msg


def test_file_with_no_arabic(tmp_path: Path) -> None:
    f = tmp_path / "english.txt"
    f.write_text("Clashes were reported near Idlib on Sunday.", encoding="utf-8")
    assert "no Arabic" in only_problem(items(f)).message


def test_missing_path(tmp_path: Path) -> None:
    p = only_problem(items(tmp_path / "nowhere.txt"))
    assert p.path.endswith("nowhere.txt") and "no such file" in p.message


def test_malformed_jsonl_line_is_skipped_with_its_number(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    good = json.dumps({"id": "ok", "text": AR}, ensure_ascii=False)
    f.write_text("\n".join([good, '{"id": "broken", "text": "قصف', '["a", "list"]', '{"id": "notext"}', good.replace('"ok"', '"ok2"')]) + "\n", encoding="utf-8")
    found = items(f)
    assert [a.article_id for a in found if isinstance(a, Article)] == ["ok", "ok2"]
    problems = {p.line: p.message for p in found if isinstance(p, Problem)}
    assert set(problems) == {2, 3, 4}
    assert "not valid JSON" in problems[2] and "JSON object" in problems[3] and '"text"' in problems[4]
    assert all(str(p).startswith(f"{f}:") for p in found if isinstance(p, Problem))


def test_html_page_with_no_article_text(tmp_path: Path) -> None:
    f = tmp_path / "menu.html"
    f.write_text("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", encoding="utf-8")
    msg = only_problem(items(f)).message
    assert "no article text" in msg or "empty" in msg


def test_50mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        block = (AR + "\n").encode() * 1000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(block)
    p = only_problem(items(f))
    assert "too large" in p.message and "MB" in p.message


def test_bad_inputs_do_not_cost_good_ones(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-good.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "c-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    found = items(tmp_path, tmp_path / "missing.txt")
    assert [a.article_id for a in found if isinstance(a, Article)] == ["b-good"]
    assert len([p for p in found if isinstance(p, Problem)]) == 3


def test_files_sharing_a_stem_get_ids_qualified_by_their_folders(tmp_path: Path) -> None:
    # saved pages of one site: every day's page is index.html
    for day in ("14", "15"):
        page = tmp_path / "site" / "2019" / "05" / day / "index.txt"
        page.parent.mkdir(parents=True)
        page.write_text(f"قصفت طائرات حربية بلدة سراقب في ريف إدلب يوم {day} أيار.", encoding="utf-8")
    (tmp_path / "site" / "about.txt").write_text("قصفت طائرات حربية بلدة سراقب في ريف إدلب.", encoding="utf-8")
    ids = [a.article_id for a in read_paths([str(tmp_path / "site")]) if isinstance(a, Article)]
    assert sorted(ids) == ["14/index", "15/index", "about"]
    # the same file named twice is one id, not two
    one = str(tmp_path / "site" / "about.txt")
    assert [a.article_id for a in read_paths([one, one]) if isinstance(a, Article)] == ["about", "about"]
