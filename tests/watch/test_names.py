"""How sources are named: canonical item URLs, intervals, channel addresses, kinds."""
from __future__ import annotations

import pytest

from rasd.watch.listings import canonical_url, html_text, sniff_kind, telegram_preview_url
from rasd.watch.sources import format_every, parse_every


def test_two_links_to_one_article_are_one_url():
    a = canonical_url("HTTPS://Example.ORG:443/news/1?utm_source=rss&b=2&a=1#comments")
    assert a == canonical_url("https://example.org/news/1?a=1&b=2&fbclid=xyz") == "https://example.org/news/1?a=1&b=2"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert canonical_url("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080/x"


def test_intervals():
    assert [parse_every(v) for v in ("15m", "2h", "1d", "90s", "1h30m", "10")] == [900, 7200, 86400, 90, 5400, 600]
    assert [format_every(s) for s in (900, 7200, 86400, 90)] == ["15m", "2h", "1d", "90s"]
    for bad in ("soon", "15x", "m", "1h and more"):
        with pytest.raises(ValueError):
            parse_every(bad)


def test_a_channel_is_read_from_its_preview_page():
    for given in ("t.me/enabbaladi", "https://t.me/enabbaladi", "https://t.me/s/enabbaladi", "https://t.me/enabbaladi/123"):
        assert telegram_preview_url(given) == "https://t.me/s/enabbaladi"


def test_kinds_and_feed_text():
    assert sniff_kind(b'<?xml version="1.0"?><rss version="2.0">') == "rss"
    assert sniff_kind(b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">') == "atom"
    assert sniff_kind(b'<?xml version="1.0"?><urlset>') == "sitemap"
    assert sniff_kind(b'<html><div class="tgme_widget_message"></div>') == "telegram"
    assert sniff_kind(b"<!DOCTYPE html><html>") == "page"
    assert html_text("<p>قصف <b>عنيف</b></p><p>ثانية<br>ثالثة</p>") == "قصف عنيف\nثانية\nثالثة"
