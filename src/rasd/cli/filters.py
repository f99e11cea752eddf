"""The event filters of `rasd events`, `rasd export` and `rasd stats` (the API takes the same ones)."""
from __future__ import annotations

import typer


def _filter(date_from, date_to, bbox, admin1, event_type, sub_event_type, actor, min_fatalities, disputed,
            multi_source, q, min_confidence=None, admin2=None, inter=None):
    from rasd.store.queries import EventFilter

    inter1, inter2, interaction, multi_outlet = inter or (None, None, None, False)
    box = None
    if bbox:
        try:
            parts = [float(x) for x in bbox.split(",")]
        except ValueError:
            parts = []
        if len(parts) != 4:
            raise typer.BadParameter("four numbers: min_lon,min_lat,max_lon,max_lat", param_hint="--bbox")
        box = tuple(parts)
    return EventFilter(date_from=date_from.date() if date_from else None,
                       date_to=date_to.date() if date_to else None, bbox=box, admin1=admin1, admin2=admin2,
                       event_type=event_type, sub_event_type=sub_event_type, actor=actor,
                       min_fatalities=min_fatalities, disputed=disputed, multi_source=multi_source or None, q=q,
                       min_confidence=min_confidence, inter1=inter1, inter2=inter2, interaction=interaction,
                       multi_outlet=multi_outlet or None)


# Filter options shared by `rasd events` and `rasd export` (the API takes the same ones).
FromOpt = typer.Option(None, "--from", formats=["%Y-%m-%d"], help="Events on or after this date.")
ToOpt = typer.Option(None, "--to", formats=["%Y-%m-%d"], help="Events on or before this date.")
BboxOpt = typer.Option(None, "--bbox", help="min_lon,min_lat,max_lon,max_lat.")
Admin1Opt = typer.Option(None, "--admin1", help="Governorate in any spelling: Idlib, Idleb or إدلب.")
Admin2Opt = typer.Option(None, "--admin2", help="District in any spelling: Harem, Harim or حارم.")
TypeOpt = typer.Option(None, "--type", help="ACLED event type.")
SubTypeOpt = typer.Option(None, "--sub-type", help="ACLED sub-event type.")
ActorOpt = typer.Option(None, "--actor", help="Actor name (part of it), English or Arabic.")
MinFatOpt = typer.Option(None, "--min-fatalities", min=0, help="At least this many killed.")
DisputedOpt = typer.Option(None, "--disputed/--undisputed", help="Only events whose sources disagree (or agree).")
MultiOpt = typer.Option(False, "--multi-source", help="Only events reported by more than one source.")
QOpt = typer.Option(None, "--q", help="Words to find in names, places, notes and evidence.")
Inter1Opt = typer.Option(None, "--inter1", min=0, max=8,
                         help="ACLED interaction code of actor1: 1 state forces, 2 rebels, 3 political militias, "
                              "4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.")
Inter2Opt = typer.Option(None, "--inter2", min=0, max=8, help="ACLED interaction code of actor2 (as --inter1).")
InteractionOpt = typer.Option(None, "--interaction", min=0, max=88,
                              help="ACLED interaction: the two codes, lower first (12: state forces vs rebels).")
MultiOutletOpt = typer.Option(False, "--multi-outlet", help="Only events reported by more than one outlet.")
MinConfOpt = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                          help="Only events at least this likely to have happened (0..1, the judge's "
                               "calibrated probability; 0.8: real about 8 times in 10).")
