"""The typer application every command module registers on."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="rasd",
    help="Rasd (رصد): Arabic conflict news to a geolocated ACLED-style event dataset, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
