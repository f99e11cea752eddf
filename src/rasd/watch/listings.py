"""Reading what a source lists: feed entries, sitemap URLs, channel posts, a home page's feeds.

Each reader turns one fetched body into `Listed` items (a URL and what the listing says
about it).  Bodies come from sites Rasd does not control: XML is parsed without entities
or network access, and a body that is not what its source kind promises is a
`ListingError` (logged for that source, never a crash).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree, html as lxml_html

KINDS = ("rss", "atom", "sitemap", "page", "telegram")
FEED_TYPES = {"application/rss+xml": "rss", "application/atom+xml": "atom", "application/rdf+xml": "rss",
              "application/feed+json": "rss", "application/xml": "rss", "text/xml": "rss"}
# query parameters that only track the reader: two links differing in them are one article
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|yclid|mc_cid|mc_eid|igshid|ref|ref_src|output|amp)$", re.I)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


class ListingError(ValueError):
    """The body is not a listing of the promised kind."""


@dataclass
class Listed:
    """One item a source lists."""

    url: str  # canonical
    title: str | None = None
    published: date | None = None
    stamp: str | None = None  # the listing's version mark (updated / lastmod): a change means an edit
    text: str | None = None  # the post itself (channels), or the feed's copy of the article
    needs_page: bool = True  # whether the article page must be fetched for the text


def canonical_url(url: str) -> str:
    """The URL two listings of one article agree on: lowercase scheme and host, no default
    port, no fragment, no tracking parameters, the rest of the query in sorted order."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def sniff_kind(body: bytes, content_type: str = "") -> str:
    """rss, atom, sitemap, telegram or page, from what the body starts with."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed") or head.startswith(b"<urlset") \
            or head.startswith(b"<sitemapindex") or "xml" in content_type:
        if b"<urlset" in head or b"<sitemapindex" in head:
            return "sitemap"
        if b"<feed" in head:
            return "atom"
        return "rss"
    if b"tgme_widget_message" in body:
        return "telegram"
    return "page"


def _day(struct: object) -> date | None:
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), tz=timezone.utc).date()  # type: ignore[arg-type]
    except (OverflowError, TypeError, ValueError):
        return None


def html_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed's summary or content), paragraphs on their own lines."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"\n\s*\n+", "\n", root.text_content()).strip()


def read_feed(body: bytes, base_url: str) -> list[Listed]:
    """The entries of an RSS or Atom feed, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "no entries")()
        raise ListingError(f"not an RSS or Atom feed ({reason})")
    items: list[Listed] = []
    for entry in parsed.entries:
        link = entry.get("link") or next((x.get("href") for x in entry.get("links", []) if x.get("href")), None)
        if not link:
            continue
        content = ""
        if entry.get("content"):
            content = entry["content"][0].get("value", "")
        content = content or entry.get("summary", "")
        # dict.get: feedparser's own get maps a missing `updated` to `published`, with a warning
        published = _day(dict.get(entry, "published_parsed")) or _day(dict.get(entry, "updated_parsed"))
        stamp = dict.get(entry, "updated") or dict.get(entry, "published")
        items.append(Listed(canonical_url(urljoin(base_url, link)), entry.get("title") or None, published,
                            str(stamp)[:64] if stamp else None, html_text(content) or None))
    return items


_SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def read_sitemap(body: bytes, base_url: str) -> tuple[list[Listed], list[str]]:
    """A sitemap's pages (newest first where dated) and, for a sitemap index, its sitemaps."""
    if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz: inflated up to a bound (a small bomb stays small)
        import zlib

        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        body = inflate.decompress(body, MAX_SITEMAP_BYTES)
        if inflate.unconsumed_tail:
            raise ListingError(f"compressed sitemap inflates beyond {MAX_SITEMAP_BYTES:,} bytes")
    try:
        root = etree.fromstring(body, _SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"not a sitemap (XML error: {exc})") from None
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        return [], [urljoin(base_url, (loc.text or "").strip()) for loc in root.iter(f"{_SM}loc", "loc") if loc.text]
    if tag != "urlset":
        raise ListingError(f"not a sitemap (root element <{tag}>)")
    items = []
    for node in root:
        if not isinstance(node.tag, str) or etree.QName(node).localname != "url":
            continue
        loc = node.findtext(f"{_SM}loc") or node.findtext("loc")
        if not loc:
            continue
        lastmod = node.findtext(f"{_SM}lastmod") or node.findtext("lastmod")
        news_date = node.findtext(f"{_NEWS}news/{_NEWS}publication_date")
        title = node.findtext(f"{_NEWS}news/{_NEWS}title")
        when = _iso_day(news_date or lastmod)
        items.append(Listed(canonical_url(urljoin(base_url, loc.strip())), title, when,
                            (lastmod or news_date or "").strip()[:64] or None))
    items.sort(key=lambda i: i.published or date.min, reverse=True)
    return items, []


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


def telegram_preview_url(url: str) -> str:
    """t.me/NAME (or t.me/s/NAME) as the web preview page that lists the channel's posts."""
    parts = urlsplit(url if "://" in url else "https://" + url)
    path = parts.path.strip("/")
    if parts.hostname in ("t.me", "telegram.me") and not path.startswith("s/"):
        path = "s/" + path.split("/")[0]
    return urlunsplit((parts.scheme or "https", parts.netloc, "/" + path, "", ""))


def read_telegram(body: bytes, base_url: str) -> list[Listed]:
    """The posts of a public channel's preview page (t.me/s/NAME), each with its own URL."""
    root = lxml_html.document_fromstring(body)
    items = []
    for msg in root.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " tgme_widget_message ")]'
                          '[@data-post]'):
        post = msg.get("data-post", "").strip("/")
        texts = msg.xpath('.//div[contains(concat(" ", normalize-space(@class), " "), " tgme_widget_message_text ")]')
        if not post or not texts:
            continue  # a photo or a poll without words: nothing to read
        for br in texts[0].iter("br"):
            br.tail = "\n" + (br.tail or "")
        text = texts[0].text_content().strip()
        stamp = msg.xpath(".//time/@datetime")
        edited = bool(msg.xpath('.//*[contains(@class, "tgme_widget_message_meta")][contains(., "edited")]'))
        when = _iso_day(stamp[0]) if stamp else None
        # the post's own address is its date link (t.me/NAME/ID); derived from data-post without one
        link = msg.xpath('.//a[contains(@class, "tgme_widget_message_date")]/@href')
        post_url = urljoin(base_url, link[0]) if link else f"https://t.me/{post}"
        items.append(Listed(canonical_url(post_url), None, when,
                            ((stamp[0] if stamp else "") + (" edited" if edited else ""))[:64] or None,
                            text, needs_page=False))
    return items


def discover_feeds(body: bytes, base_url: str) -> list[tuple[str, str]]:
    """Feeds a home page announces (`<link rel="alternate" type="application/rss+xml">`, Atom,
    a `rel="sitemap"` link; trafilatura's feed finder for links in the page): (url, kind)."""
    try:
        root = lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return []
    found: dict[str, str] = {}
    for link in root.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        mime = (link.get("type") or "").split(";")[0].strip().lower()
        href = canonical_url(urljoin(base_url, link.get("href")))
        if "alternate" in rel and mime in FEED_TYPES:
            found.setdefault(href, "atom" if "atom" in mime else "rss")
        elif "sitemap" in rel:
            found.setdefault(href, "sitemap")
    if not found:
        try:
            from trafilatura.feeds import FeedParameters, determine_feed

            parts = urlsplit(base_url)
            params = FeedParameters(base_url, parts.netloc, base_url)
            for url in determine_feed(body.decode("utf-8", "replace"), params):
                found.setdefault(canonical_url(url), "atom" if "atom" in url.lower() else "rss")
        except Exception:  # trafilatura's heuristics are a bonus, not a requirement
            pass
    return list(found.items())


def page_links(body: bytes, base_url: str, limit: int = 100) -> list[Listed]:
    """A home page without feeds: its links to pages on the same site that look like articles
    (a path of two segments or more, not a tag, category or author page)."""
    root = lxml_html.document_fromstring(body)
    host = urlsplit(base_url).netloc
    seen: dict[str, Listed] = {}
    for a in root.xpath("//a[@href]"):
        url = canonical_url(urljoin(base_url, a.get("href")))
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if parts.netloc != host or len(segments) < 2 or re.search(r"/(tag|category|author|page)/", parts.path):
            continue
        seen.setdefault(url, Listed(url, a.text_content().strip() or None))
        if len(seen) >= limit:
            break
    return list(seen.values())
