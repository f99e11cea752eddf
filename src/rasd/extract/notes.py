"""The English `notes` line and the `tags` string of an event, generated from its fields."""
from __future__ import annotations

from rasd.doc import Event

# What actor1 did, by sub-event type (actor2 follows when there is one).
_VERBS = {
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Armed clash": "clashed with",
    "Chemical weapon": "used chemical weapons against",
    "Air/drone strike": "carried out air/drone strikes on",
    "Suicide bomb": "carried out a suicide bombing against",
    "Shelling/artillery/missile attack": "shelled",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Grenade": "threw a grenade at",
    "Sexual violence": "committed sexual violence against",
    "Attack": "attacked",
    "Abduction/forced disappearance": "abducted",
    "Excessive force against protesters": "used excessive force against",
    "Protest with intervention": "intervened in a protest by",
    "Peaceful protest": "held a protest",
    "Violent demonstration": "rioted",
    "Mob violence": "engaged in mob violence against",
    "Agreement": "reached an agreement with",
    "Arrests": "arrested",
    "Change to group/activity": "changed its activity",
    "Disrupted weapons use": "disrupted a weapon of",
    "Headquarters or base established": "established a base",
    "Looting/property destruction": "looted or destroyed property of",
    "Non-violent transfer of territory": "handed over or withdrew from territory to",
    "Other": "was involved in an incident with",
}


def event_notes(ev: Event) -> str:
    """One English sentence (or two) summarising the event."""
    when = f"On {ev.event_date}" if ev.event_date and ev.time_precision == 1 else (
        f"Around {ev.event_date}" if ev.event_date else "On an unstated date")
    who = ev.actor1 or "An unidentified actor"
    verb = _VERBS.get(ev.sub_event_type or "", "was involved in an event with")
    whom = f" {ev.actor2}" if ev.actor2 else ""
    if not ev.actor2 and verb.endswith((" with", " on", " against", " of", " from", " to", " at", " by")):
        verb = verb.rsplit(" ", 1)[0]
        whom = ""
    where = ""
    if ev.location:
        where = f" in {ev.location}" + (f" ({ev.admin1})" if ev.admin1 and ev.admin1 != ev.location else "")
    elif ev.location_ar:
        where = f" in {ev.location_ar}"
    text = f"{when}, {who} {verb}{whom}{where}."
    toll = []
    if ev.fatalities:
        toll.append(f"{ev.fatalities} killed")
    elif ev.fatalities == 0 and "fatalities=unclear" not in ev.tags:
        toll.append("no fatalities reported")
    if ev.injured:
        toll.append(f"{ev.injured} injured")
    if toll:
        text += " " + ", ".join(toll).capitalize() + "."
    if "fatalities=unclear" in ev.tags:
        text += " Killed and wounded are reported together; the death toll is unknown."
    return text


def event_tags(cameo: str, plover: str, qualifiers: list[str]) -> str:
    """`cameo=<code>; plover=<category>` then qualifiers, '; '-separated."""
    return "; ".join([f"cameo={cameo}", f"plover={plover}", *qualifiers])
