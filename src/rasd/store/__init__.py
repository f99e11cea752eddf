"""Store stage: SQLAlchemy database of articles and events, merged across sources.

`open_store()` opens (and migrates) the database; `IngestPipeline` extracts and stores
articles one transaction each; `merge` holds the cross-source matching rules, `cluster`
keeps the merged events independent of ingestion order, and
`queries` the filters that the CLI, the exports and the API share.
"""
from rasd.store.database import Store, database_url, open_store
from rasd.store.queries import EventFilter

__all__ = ["Store", "open_store", "database_url", "EventFilter"]
