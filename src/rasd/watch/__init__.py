"""Rasd watches: sources polled on a schedule, new articles ingested as `rasd ingest` does,
alerts on the merged events, an Atom feed out.

- `sources`: the sources table (add with feed discovery, list, remove, schedule)
- `fetch`: polite HTTP (robots.txt, rate and concurrency per host, conditional GET, limits)
- `listings`: feeds, sitemaps, Telegram channel previews, a home page's feed links
- `poll`: one round over the due sources, durable across a kill at any moment
- `intake`: storing what a poll read, the item marked read with its article
- `alerts`: standing queries on merged events, delivered by webhook, e-mail or file
- `atom`: the Atom feed of events the API serves
- `config`: the config file (etiquette, SMTP, dashboard URL)
"""
