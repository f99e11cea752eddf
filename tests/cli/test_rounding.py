"""Confidences print to 3 decimals in every output (0.95, not 0.9500000000000001)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from rasd.cli import app

TEXT = ("قصفت طائرات حربية مدينة إدلب صباح اليوم ما أدى إلى مقتل خمسة مدنيين. "
        "واندلعت اشتباكات عنيفة في مدينة دوما بين قوات النظام وفصائل المعارضة.")


def _places(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def test_extract_and_explain_round_confidences(tmp_path):
    src = tmp_path / "a1.txt"
    src.write_text(TEXT, encoding="utf-8")
    why = tmp_path / "why.jsonl"
    r = CliRunner().invoke(app, ["extract", str(src), "-q", "--explain", str(why), "--keep-unplaced"])
    assert r.exit_code == 0, r.output
    events = [json.loads(x) for x in r.stdout.splitlines()]
    decisions = [json.loads(x) for x in why.read_text(encoding="utf-8").splitlines()]
    assert events and decisions
    assert all(_places(e["confidence"]) <= 3 for e in events)
    assert all(_places(d["confidence"]) <= 3 for d in decisions if isinstance(d.get("confidence"), float))
