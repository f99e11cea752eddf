"""The output contract (event fields, JSON schema) and its writers (JSONL, CSV, GeoJSON)."""
