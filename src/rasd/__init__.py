"""Rasd (رصد): Arabic conflict news to a structured, geolocated ACLED-style event dataset."""

__version__ = "0.1.0"
