"""Unknown query parameters are an error, not ignored: `/events?country=Syria` filters
nothing, so it is answered 422 "unknown query parameter: country" rather than with every
event.  Checked by an app-wide dependency against the parameters each API route declares
(its own and its dependencies', e.g. the event filters); pages outside the API schema
(the dashboard, /docs) are not checked."""
from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.routing import APIRoute


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def declared(route: APIRoute) -> frozenset[str]:
    """The query parameters `route` takes, by the names a client sends (kept on the route)."""
    names = getattr(route, "_rasd_query_names", None)
    if names is None:
        names = frozenset(_query_names(route.dependant))
        route._rasd_query_names = names  # type: ignore[attr-defined]
    return names


def unknown_query_parameters(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    unknown = sorted(set(request.query_params) - declared(route))
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        raise HTTPException(422, f"unknown query parameter{s}: {', '.join(unknown)} "
                                 f"(this endpoint takes: {', '.join(sorted(declared(route))) or 'none'})")
