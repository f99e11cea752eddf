"""Serve stage: HTTP API and dashboard."""
