"""HTML pages: main text with trafilatura, title and date from the page metadata."""
from __future__ import annotations

from datetime import date

import trafilatura


def article_from_html(html: str) -> tuple[str, dict]:
    """(main text, metadata dict with title/published/url/source where the page gives them)."""
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    meta: dict = {}
    md = trafilatura.extract_metadata(html)
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
