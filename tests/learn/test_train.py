"""The shipped model is what `rasd train` makes of the project's labelled data."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.learn.data import data_digest
from rasd.learn.judge import shipped_model_path

TRAIN = Path(__file__).resolve().parents[2] / ".." / "shared" / "train"
needs_data = pytest.mark.skipif(not (TRAIN / "sentences.jsonl").exists(), reason="../shared/train not available")


def card() -> dict:
    return json.loads(shipped_model_path().read_text(encoding="utf-8"))["card"]


def test_the_model_and_its_card_ship_in_the_package():
    models = shipped_model_path().parent
    assert shipped_model_path().stat().st_size < 20 * 1024 * 1024
    side = json.loads((models / "event_judge.card.json").read_text(encoding="utf-8"))
    assert side == card()
    c = card()
    assert set(c["libraries"]) >= {"python", "scikit-learn", "numpy"}
    assert c["training_data"]["articles"] == 240
    assert c["cv"]["ece_candidates"] <= 0.05  # calibrated on held-out folds
    # the judge is measured beside the rules, the same way
    assert c["cv"]["judge_emitted"]["precision"] > c["cv"]["rules_emitted"]["precision"]
    assert c["cv"]["judge_emitted"]["f1"] > c["cv"]["rules_emitted"]["f1"]
    assert (models / "event_judge.reliability.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_data
def test_the_card_names_the_data_it_was_trained_on():
    assert card()["training_data"]["sha256"] == data_digest(TRAIN)


@needs_data
def test_rasd_train_reproduces_the_shipped_model():
    run = subprocess.run([sys.executable, "-m", "rasd", "train", "--check", "--data", str(TRAIN)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    # both models: the event judge and the role model
    assert "the shipped models are what this data gives" in run.stderr
    # the report shows the judge and the rules alone, and the reasons table
    for words in ("event judge, emitted events", "rules alone, emitted events", "threat_future",
                  "expected calibration error", "Emitted events against", "judge + role model"):
        assert words in run.stdout


def test_training_data_missing_is_one_clear_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "rasd", "train", "--data", str(tmp_path), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert str(tmp_path) in run.stderr and "sentences.jsonl" in run.stderr
