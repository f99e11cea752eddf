"""Alerts on merged events, delivered to real local receivers: a webhook, an SMTP server, a file."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store.models import AlertDeliveryRow, EventRow
from rasd.watch.alerts import add_alert, collect, deliver, parse_near
from rasd.watch.config import Settings, SmtpSettings
from rasd.watch.poll import Poller
from rasd.watch.sources import add_sources, list_sources, now
from tests.watch.conftest import quick_etiquette
from tests.watch.receivers import Mailbox, Webhook
from tests.watch.site import story


@pytest.fixture
def hook():
    h = Webhook()
    yield h
    h.close()


@pytest.fixture
def mailbox():
    m = Mailbox()
    yield m
    m.close()


def _poll(store, fetcher, pipeline) -> None:
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    with store.session() as s:
        poller.poll(list_sources(s))
    poller.close()


def test_poll_sends_a_matching_event_once_by_webhook_and_email(site, tmp_path, hook, mailbox, monkeypatch, pipeline):
    monkeypatch.setattr("rasd.cli.watch._PIPELINES", [pipeline])  # the command's own, built once for the session
    other = Webhook()
    config = tmp_path / "config.toml"
    config.write_text(f'[watch]\nrate = 500.0\nretries = 0\n[smtp]\nhost = "127.0.0.1"\nport = {mailbox.port}\n'
                      f'sender = "rasd@example.org"\n[alerts]\ndashboard_url = "http://rasd.example.org/"\npause = 0.05\n')
    monkeypatch.setenv("RASD_CONFIG", str(config))
    db = f"sqlite:///{tmp_path / 'alerts.db'}"
    site.stories = [story(1, group="atom", town=("سراقب", "إدلب"), n=7, template=1)]
    cli = CliRunner()

    def rasd(*args: str) -> str:
        result = cli.invoke(app, [*args, "--db", db])
        assert result.exit_code == 0, result.output
        return result.output

    rasd("sources", "add", site.url + "/feed.atom", "--name", "موقع الاختبار")
    rasd("alerts", "add", "idlib-deaths", "--admin1", "Idlib", "--min-fatalities", "5", "--type",
         "Explosions/Remote violence", "--webhook", hook.url, "--email", "desk@example.org")
    rasd("alerts", "add", "homs", "--admin1", "Homs", "--webhook", other.url)
    out = rasd("poll", "--all")
    assert "1 new" in out and "Alerts: 2 message(s) sent" in out
    try:
        assert other.posts == []  # no event in Homs: nothing sent
    finally:
        other.close()
    [post] = hook.posts
    assert post["alert"] == "idlib-deaths" and post["change"] == "new"
    assert post["event"]["admin1"] == "Idleb" and post["event"]["fatalities"] == 7
    assert post["event"]["sub_event_type"] == "Air/drone strike"
    assert any("غارات جوية على مدينة سراقب" in t for t in post["evidence"])
    assert post["sources"][0]["url"] == site.url + "/news/report-001.html"
    assert post["link"] == f"http://rasd.example.org/#event={post['event']['event_id']}"
    [mail] = mailbox.messages
    assert mail["To"] == "desk@example.org" and "idlib-deaths" in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "غارات جوية على مدينة سراقب" in body and post["link"] in body

    # the next poll finds nothing new: nothing is sent again
    rasd("poll", "--all")
    assert len(hook.posts) == 1 and len(mailbox.messages) == 1
    # a revised death toll is a material update: sent once more, as an update
    site.edit("report-001", site.stories[0].body.replace("مقتل 7 أشخاص", "مقتل 12 أشخاص"))
    rasd("poll", "--all")
    assert [p["change"] for p in hook.posts] == ["new", "updated"] and hook.posts[1]["event"]["fatalities"] == 12
    log = rasd("alerts", "log", "idlib-deaths")
    assert log.count("sent, 1 attempt(s)") == 4  # two events versions, two channels
    assert "idlib-deaths" in rasd("alerts", "list")
    show = rasd("sources", "show", site.url + "/feed.atom")
    assert "items read 1, articles stored 2" in show
    assert "موقع الاختبار" in rasd("sources", "list")
    rasd("sources", "remove", "موقع الاختبار")
    assert site.url not in rasd("sources", "list")
    rasd("alerts", "remove", "homs")
    assert "homs" not in rasd("alerts", "list")


def _settings(**alerts) -> Settings:
    return Settings(quick_etiquette(), SmtpSettings(), "http://dash", **alerts)


def _store_site(site, store, fetcher, pipeline, stories) -> None:
    site.stories = stories
    add_sources(store, site.url + "/feed.atom", kind="atom")
    _poll(store, fetcher, pipeline)


def test_a_failing_webhook_is_retried_and_logged(site, store, fetcher, pipeline):
    hook = Webhook(fail_first=4)
    try:
        with store.session() as s, s.begin():
            add_alert(s, "all", {}, [{"kind": "webhook", "to": hook.url}], None)
        _store_site(site, store, fetcher, pipeline, [story(2, group="atom")])
        collect(store, "http://dash")
        # three tries in this round, all refused: recorded, kept for later with a backoff
        report = deliver(store, _settings(), tries=3, pause=0.01, log=lambda line: None)
        assert report.failed == 1 and hook.posts == []
        with store.session() as s:
            [d] = s.scalars(select(AlertDeliveryRow))
            assert d.status == "failed" and d.attempts == 3 and "HTTP 500" in d.last_error
            assert d.next_try_at > now()
            retry_at = d.next_try_at
        assert deliver(store, _settings(), tries=3, pause=0.01).sent == 0  # not due yet
        report = deliver(store, _settings(), at=retry_at, tries=3, pause=0.01)
        assert report.sent == 1 and len(hook.posts) == 1 and hook.refused == 4
        with store.session() as s:
            [d] = s.scalars(select(AlertDeliveryRow))
            assert d.status == "sent" and d.attempts == 5
            assert [h["ok"] for h in d.history] == [False, False, False, False, True]
            assert all("HTTP 500" in h["error"] for h in d.history[:4])
    finally:
        hook.close()


def test_a_digest_sends_one_message_for_several_events(site, sqlite_store, fetcher, pipeline, hook, tmp_path):
    store = sqlite_store
    out = tmp_path / "alerts.jsonl"
    with store.session() as s, s.begin():
        add_alert(s, "hourly", {"admin1": "Idlib"}, [{"kind": "webhook", "to": hook.url},
                                                    {"kind": "file", "to": str(out)}], "hourly")
    idlib = [story(i, group="atom") for i in range(8)]  # towns 0..7 are in Idlib
    _store_site(site, store, fetcher, pipeline, idlib + [story(8, group="atom")])  # 8: al-Bab, Aleppo
    assert collect(store, "http://dash") == 2 * 8
    assert deliver(store, _settings()).sent == 0  # the hour has not passed
    report = deliver(store, _settings(), at=now() + timedelta(hours=1, minutes=1))
    assert report.sent == 2 and report.events == 16
    [post] = hook.posts
    assert post["digest"] == "hourly" and len(post["events"]) == 8
    assert {e["event"]["admin1"] for e in post["events"]} == {"Idleb"}
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert len(json.loads(line)["events"]) == 8
    assert deliver(store, _settings(), at=now() + timedelta(hours=3)).sent == 0  # each event once


def test_near_a_place_keeps_the_events_within_the_distance(site, sqlite_store, fetcher, pipeline, hook):
    store = sqlite_store
    near = parse_near("سراقب:15")
    with store.session() as s, s.begin():
        add_alert(s, "saraqib", {"near": near.__dict__}, [{"kind": "webhook", "to": hook.url}], None)
    # Saraqib, Sarmin (~8 km) and Binnish (~13 km) are near; Jisr al-Shughur and Manbij are not
    _store_site(site, store, fetcher, pipeline, [story(i, group="atom") for i in (1, 4, 6, 7, 9)])
    collect(store, "http://dash")
    deliver(store, _settings())
    with store.session() as s:
        placed = {e.id: e.location for e in s.scalars(select(EventRow))}
    got = sorted(placed[int(p["event"]["event_id"])] for p in hook.posts)
    assert got == ["Binnish", "Saraqib", "Sarmin"]
