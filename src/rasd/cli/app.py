"""The typer application every command module registers on."""
from __future__ import annotations

import typer
import typer.core

app = typer.Typer(
    name="rasd",
    help="Rasd (رصد): Arabic conflict news to a geolocated ACLED-style event dataset, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _plain_help() -> None:
    """Help as people read it: recent typer versions print a flag's type (`--quiet <bool>`,
    though a flag takes no value) and wrap required arguments in braces (`rasd extract
    {paths}...`).  A flag shows no type here, and arguments are written as click always
    wrote them: `PATHS...`, `[NAME]` when optional."""
    option, argument = typer.core.TyperOption, typer.core.TyperArgument
    if hasattr(option, "display_type_rich"):
        shown = option.display_type_rich

        def display_type_rich(self, ctx):  # type: ignore[no-untyped-def]
            return None if self.is_flag and self.metavar is None else shown(self, ctx)

        option.display_type_rich = display_type_rich  # type: ignore[method-assign]
    if hasattr(argument, "_usage_display_name"):
        def _usage_display_name(self) -> str:  # type: ignore[no-untyped-def]
            name = self.metavar or (self.name or "").upper()
            name = name if self.required else f"[{name}]"
            return name + ("..." if self.nargs != 1 else "")

        argument._usage_display_name = _usage_display_name  # type: ignore[method-assign]


_plain_help()
