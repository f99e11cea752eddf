"""Store stage: SQLAlchemy database of articles and events, merged across sources."""
