"""`rasd eval` finds the project's scorer from the checkout, whatever the current directory."""
from __future__ import annotations

import os
import subprocess
import sys

ARTICLE = "قصفت طائرات حربية مدينة إدلب صباح اليوم ما أدى إلى مقتل خمسة مدنيين في حي سكني."


def test_eval_from_another_directory_finds_the_scorer(shared, tmp_path):
    (tmp_path / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article": "a1", "id": "g1", "key": true, "event_type": "Explosions/Remote violence", '
                    '"locations": [{"name": "Idlib", "lat": 35.93, "lon": 36.63}]}\n', encoding="utf-8")
    elsewhere = tmp_path / "deep" / "down"
    elsewhere.mkdir(parents=True)
    r = subprocess.run([sys.executable, "-m", "rasd", "eval", "--gold", str(gold), str(tmp_path / "a1.txt")],
                       cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert "scorer not found" not in r.stderr and r.returncode == 0, r.stderr


def test_a_missing_scorer_says_where_it_looked(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "rasd", "eval", "--gold", str(gold), "--scorer",
                        str(tmp_path / "nope.py"), str(gold)], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, COLUMNS="300"))
    assert r.returncode == 2 and f"looked at: {tmp_path / 'nope.py'}" in " ".join(r.stderr.split())
