"""HTML pages: main text with trafilatura, title and date from the page metadata."""
from __future__ import annotations

from datetime import date

import trafilatura


def article_from_html(html: str) -> tuple[str, dict]:
    """(main text, metadata dict with title/published/url/source where the page gives them)."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    meta: dict = {}
    # extensive=False: the date the markup declares (meta tags, <time>, the URL), not htmldate's guess
    # from the text, which reads "14 أبريل 2024" as 2024-01-01 and would hide the dateline
    md = trafilatura.extract_metadata(html, extensive=False)
    if md is not None:
        if md.title:
            meta["title"] = md.title
        if md.date:
            try:
                meta["published"] = date.fromisoformat(md.date[:10])
            except ValueError:
                pass
        if md.url:
            meta["url"] = md.url
        if md.sitename:
            meta["source"] = md.sitename
    return text, meta
