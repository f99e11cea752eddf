"""A news site on 127.0.0.1 for the watch tests and benchmark: feeds, a sitemap, a home
page announcing its feeds, Arabic article pages, a Telegram-preview channel, robots.txt,
and the ways real sites misbehave (slow, 500, a redirect loop, garbage).

Articles are short reports written for the tests from a few templates (town, governorate,
numbers and day vary), in the register of Syrian conflict news, so that the real pipeline
extracts events from them.  The server counts every request and every body it sends.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOWNS = [("معرة النعمان", "إدلب"), ("سراقب", "إدلب"), ("خان شيخون", "إدلب"), ("أريحا", "إدلب"),
         ("جسر الشغور", "إدلب"), ("كفرنبل", "إدلب"), ("سرمين", "إدلب"), ("بنش", "إدلب"),
         ("الباب", "حلب"), ("منبج", "حلب"), ("تل رفعت", "حلب"), ("الأتارب", "حلب"), ("عندان", "حلب"),
         ("الميادين", "دير الزور"), ("البوكمال", "دير الزور"), ("هجين", "دير الزور"), ("الشحيل", "دير الزور"),
         ("مورك", "حماة"), ("اللطامنة", "حماة"), ("كفرزيتا", "حماة"), ("تدمر", "حمص"), ("القريتين", "حمص"),
         ("الرستن", "حمص"), ("تلبيسة", "حمص")]

TEMPLATES = [
    ("قصف مدفعي على {town}",
     "قصفت قوات النظام السوري بالمدفعية الثقيلة مدينة {town} في ريف {gov}، ما أدى إلى مقتل {n} مدنيين "
     "وإصابة آخرين بجروح، بحسب ما أفاد الدفاع المدني."),
    ("غارات جوية على {town}",
     "شنت طائرات حربية روسية غارات جوية على مدينة {town} في ريف {gov}، ما أسفر عن مقتل {n} أشخاص "
     "بينهم أطفال، وفق مصادر محلية."),
    ("اشتباكات في محيط {town}",
     "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة المسلحة على أطراف مدينة {town} في ريف {gov}، "
     "وقتل خلالها {n} عناصر من قوات النظام."),
    ("انفجار سيارة مفخخة في {town}",
     "انفجرت سيارة مفخخة في مدينة {town} بريف {gov}، ما أدى إلى مقتل {n} مدنيين وإصابة العشرات، "
     "ولم تتبن أي جهة التفجير."),
]
BACKGROUND = "وتشهد المنطقة تصعيدا عسكريا منذ أسابيع وسط مخاوف من موجة نزوح جديدة."
FIRST_DAY = date(2024, 3, 1)
GROUPS = ("rss", "atom", "sitemap", "telegram")


@dataclass
class Story:
    slug: str
    title: str
    body: str
    day: date
    group: str  # which listing carries it (the sitemap lists every page)
    edited: int = 0

    @property
    def path(self) -> str:
        return f"/news/{self.slug}.html"


def story(i: int, group: str | None = None, town: tuple[str, str] | None = None, n: int | None = None,
          template: int | None = None, day: date | None = None) -> Story:
    """The i-th article of the site (every argument has a default that varies with i)."""
    t, g = town or TOWNS[i % len(TOWNS)]
    title, text = TEMPLATES[template if template is not None else i % len(TEMPLATES)]
    count = n if n is not None else 2 + (i * 7) % 11
    when = day or FIRST_DAY + timedelta(days=i)
    body = text.format(town=t, gov=g, n=count) + " " + BACKGROUND
    return Story(f"report-{i:03d}", title.format(town=t), body, when, group or GROUPS[i % len(GROUPS)])


def article_page(s: Story) -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(s.title)}</title>
<meta property="og:title" content="{escape(s.title)}"><meta property="og:site_name" content="موقع الاختبار">
<meta property="article:published_time" content="{s.day.isoformat()}T09:00:00+03:00"></head>
<body><nav><a href="/">الرئيسية</a> | <a href="/syria">سوريا</a></nav><article><h1>{escape(s.title)}</h1>
<p>{escape(s.body)}</p></article><footer>جميع الحقوق محفوظة لموقع الاختبار</footer></body></html>"""


class Site:
    """The site's content (mutable between polls) and a threading HTTP server serving it."""

    def __init__(self, slow_seconds: float = 0.0) -> None:
        self.stories: list[Story] = []
        self.hits: Counter[str] = Counter()  # requests per path
        self.bodies: Counter[str] = Counter()  # 200 responses with a body, per path
        self.not_modified: Counter[str] = Counter()  # 304s per path
        self.agents: set[str] = set()
        self.slow_seconds = slow_seconds
        self.page_delay = 0.0  # seconds each article page takes (a poll long enough to be killed in)
        self.extra: dict[str, tuple[int, str, bytes]] = {}  # path -> (status, content type, body)
        self.lock = threading.Lock()
        self.server = QuietServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, count: int, start: int | None = None) -> list[Story]:
        """Publish `count` more articles."""
        with self.lock:
            first = len(self.stories) if start is None else start
            new = [story(i) for i in range(first, first + count)]
            self.stories += new
        return new

    def edit(self, slug: str, body: str) -> None:
        with self.lock:
            s = next(s for s in self.stories if s.slug == slug)
            s.body, s.edited = body, s.edited + 1

    # ---- listings ----------------------------------------------------------------------------

    def group(self, name: str) -> list[Story]:
        return [s for s in self.stories if s.group == name]

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{escape(s.title)}</title><link>{self.url}{s.path}?utm_source=rss</link>"
            f"<guid>{self.url}{s.path}</guid><pubDate>{_http_date(s.day)}</pubDate>"
            f"<description>{escape(s.title)}</description></item>" for s in reversed(self.group("rss")))
        private = (f"<item><title>خاص</title><link>{self.url}/private/members-only.html</link>"
                   f"<description>للمشتركين فقط</description></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>موقع الاختبار</title>'
                f"<link>{self.url}/</link><description>أخبار</description>{private}{items}</channel></rss>")

    def atom(self) -> str:
        entries = "".join(
            f'<entry><title>{escape(s.title)}</title><link href="{self.url}{s.path}"/><id>{self.url}{s.path}</id>'
            f"<updated>{s.day.isoformat()}T09:{s.edited:02d}:00Z</updated><published>{s.day.isoformat()}T09:00:00Z</published>"
            f"<summary>{escape(s.title)}</summary></entry>" for s in reversed(self.group("atom")))
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>موقع الاختبار</title><id>{self.url}/</id><updated>2024-05-01T00:00:00Z</updated>"
                f"{entries}</feed>")

    def sitemap(self) -> str:
        urls = "".join(f"<url><loc>{self.url}{s.path}</loc><lastmod>{s.day.isoformat()}</lastmod></url>"
                       for s in self.stories if s.group in ("sitemap", "rss"))  # rss items listed twice
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    def telegram(self) -> str:
        posts = "".join(
            f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message '
            f'text_not_supported_wrap js-widget_message" data-post="rasdtest/{100 + k}"><div class="tgme_widget_message_bubble">'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto"><b>{escape(s.title)}</b><br/>{escape(s.body)}</div>'
            f'<div class="tgme_widget_message_footer"><div class="tgme_widget_message_info short js-message_info">'
            f'<span class="tgme_widget_message_views">1.2K</span><a class="tgme_widget_message_date" '
            f'href="https://t.me/rasdtest/{100 + k}"><time datetime="{s.day.isoformat()}T10:00:00+00:00" class="time">'
            f"10:00</time></a></div></div></div></div></div>" for k, s in enumerate(self.group("telegram")))
        return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>قناة الاختبار – Telegram</title></head>'
                f'<body><section class="tgme_channel_history js-message_history">{posts}</section></body></html>')

    def home(self) -> str:
        return (f'<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>موقع الاختبار</title>'
                f'<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.rss">'
                f'<link rel="alternate" type="application/atom+xml" title="Atom" href="{self.url}/feed.atom">'
                f'</head><body><h1>موقع الاختبار</h1></body></html>')

    def respond(self, path: str) -> tuple[int, str, bytes, dict[str, str]]:
        """(status, content type, body, extra headers) for a GET of `path`, before validators."""
        route = path.split("?")[0]
        with self.lock:
            if route in self.extra:
                status, ctype, body = self.extra[route]
                return status, ctype, body, {}
            if route == "/robots.txt":
                return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n", {}
            if route == "/":
                return 200, "text/html; charset=utf-8", self.home().encode(), {}
            if route == "/feed.rss":
                return 200, "application/rss+xml", self.rss().encode(), {}
            if route == "/feed.atom":
                return 200, "application/atom+xml", self.atom().encode(), {}
            if route == "/sitemap.xml":
                return 200, "application/xml", self.sitemap().encode(), {}
            if route == "/s/rasdtest":
                return 200, "text/html; charset=utf-8", self.telegram().encode(), {}
            if route == "/loop-a":
                return 302, "text/plain", b"", {"Location": "/loop-b"}
            if route == "/loop-b":
                return 302, "text/plain", b"", {"Location": "/loop-a"}
            if route == "/broken.rss":
                return 500, "text/plain", b"internal error", {}
            if route == "/garbage.rss":
                return 200, "application/rss+xml", bytes(range(256)) * 8, {}
            for s in self.stories:
                if s.path == route:
                    return 200, "text/html; charset=utf-8", article_page(s).encode(), {}
        return 404, "text/plain", b"not found", {}


class QuietServer(ThreadingHTTPServer):
    """A client closing its keep-alive connection is no error worth a traceback."""

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _http_date(d: date) -> str:
    return format_datetime(datetime(d.year, d.month, d.day, 9, tzinfo=timezone.utc), usegmt=True)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once (no 40 ms delayed-ACK stall)

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            route = self.path.split("?")[0]
            with site.lock:
                site.hits[route] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
            if site.slow_seconds and route != "/robots.txt":
                time.sleep(site.slow_seconds)
            if site.page_delay and route.startswith("/news/"):
                time.sleep(site.page_delay)
            status, ctype, body, headers = site.respond(self.path)
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                with site.lock:
                    site.not_modified[route] += 1
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 200:
                self.send_header("ETag", etag)
                with site.lock:
                    site.bodies[route] += 1
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler
