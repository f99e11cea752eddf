"""Keeping the store's merged events equal to one canonical clustering, whatever the ingestion order.

The canonical clustering of a set of claims: take them in `canonical_key` order (day,
publication date, article content hash, position in the article); each joins the event
it fits best, every earlier claim of which it matches (complete linkage, `compare`),
ties going to the event founded first, else it founds an event.  This depends on the
set of claims alone, so forwards, backwards, shuffled or with two writers, the same
articles give the same events.

Re-running that pass over the whole store for every article would be quadratic.  It
is not needed: a claim's choice depends only on the events holding claims it matches.
So when claims are added or deleted, the choice can change only for a later claim that
matches a member of an event that changed (or is a member of it).  `_Remerge` re-decides
exactly those claims, in canonical order, from the changed claims forward, and follows
a change only while choices keep changing: usually it stops at the claims just added.
The result is the one the full pass would give (tests/store/test_merge_order.py).
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, Iterable

from sqlalchemy import Connection, bindparam, delete, insert, select, text, update

from rasd.store.merge import (_CANDIDATES, DEFAULT_WINDOW, Match, Window, _bbox, _copy_single, _MATCH_COLUMNS,
                              canonical_key, candidates, compare, refresh)
from rasd.store.models import ArticleRow, ClaimRow, EventRow

_CLAIMS, _EVENTS, _ARTICLES = ClaimRow.__table__, EventRow.__table__, ArticleRow.__table__
CLAIM_COLUMNS = tuple(c.key for c in _CLAIMS.columns if c.key != "id")
EVENT_COLUMNS = tuple(c.key for c in _EVENTS.columns if c.key != "id")
_INSERT_CLAIMS = insert(_CLAIMS)
_INSERT_EVENTS = insert(_EVENTS).returning(_EVENTS.c.id, sort_by_parameter_order=True)
_UPDATE_EVENT = update(_EVENTS).where(_EVENTS.c.id == bindparam("_id"))
_UPDATE_CLAIM = update(_CLAIMS).where(_CLAIMS.c.id == bindparam("_id")).values(
    event_id=bindparam("_event"), merge_reason=bindparam("_reason", type_=_CLAIMS.c.merge_reason.type))
_JOIN = _CLAIMS.join(_ARTICLES, _ARTICLES.c.id == _CLAIMS.c.article_id)
# the light rows matching reads, for every claim of some events / of one article
_EVENT_MATCH = (select(*_MATCH_COLUMNS).select_from(_JOIN)
                .where(_CLAIMS.c.event_id.in_(bindparam("ids", expanding=True))))
_ARTICLE_MATCH = select(*_MATCH_COLUMNS).select_from(_JOIN).where(_CLAIMS.c.article_id == bindparam("article_id"))
# the whole rows refresh reads
_FULL = (select(_CLAIMS, _ARTICLES.c.content_hash).select_from(_JOIN)
         .where(_CLAIMS.c.id.in_(bindparam("ids", expanding=True))))
_HASH = select(_ARTICLES.c.content_hash).where(_ARTICLES.c.id == bindparam("id"))
_TAKE_WRITE_LOCK = text("UPDATE events SET id = id WHERE 0")
_CHUNK = 500  # ids per IN (...) list


def claim_values(c: Any) -> dict[str, Any]:
    """The INSERT parameters of a claim (a namespace holding the claim columns)."""
    return {k: getattr(c, k, None) for k in CLAIM_COLUMNS}


def _event_values(ev: Any) -> dict[str, Any]:
    return {k: getattr(ev, k) for k in EVENT_COLUMNS}


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _plus_days(d: date, days: int) -> date:
    """`d` plus `days`, or the last date there is (no OverflowError near 9999-12-31)."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max


def _lock(conn: Connection) -> None:
    """One merging writer at a time, reading what the last one committed: a re-merge read
    from a stale view would undo another writer's.  SQLite: a write that changes nothing
    takes the write lock (the driver opens the transaction at the first write, so reads
    before it would see an older state).  PostgreSQL: a transaction-scoped advisory lock."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7243)"))
    elif conn.dialect.name == "sqlite":
        conn.execute(_TAKE_WRITE_LOCK)


class _Remerge:
    """Re-decide, in canonical order, the claims whose choice a change may have changed.

    Labels name clusters: a stored event id, or a negative number for an event not yet
    written.  `label` is the current choice of every claim read so far (stored choices
    for claims not re-decided), `members` the claims of each label.
    """

    def __init__(self, conn: Connection, window: Window) -> None:
        self.conn, self.window = conn, window
        self.rows: dict[int, Any] = {}
        self.key: dict[int, tuple] = {}
        self.label: dict[int, int | None] = {}
        self.members: dict[int, set[int]] = defaultdict(set)
        self.loaded: set[int] = set()  # stored events whose claims are all in `rows`
        self.fresh: dict[int, Any] = {}  # claims not stored yet (negative ids)
        self.near: dict[int, dict[int, Match]] = {}  # claim id -> the claims it matches
        self.pairs: dict[tuple[int, int], Match | None] = {}  # compare() is symmetric but for its wording
        self.reason: dict[int, dict[str, Any]] = {}
        self.touched: set[int] = set()  # labels whose members changed
        self.queue: list[tuple[tuple, int]] = []
        self.queued: set[int] = set()
        self.new_label = 0

    # --- reading ---

    def _add(self, row: Any) -> None:
        if row.id in self.rows:
            return  # keep the current choice, not the stored one
        self.rows[row.id], self.key[row.id] = row, canonical_key(row)
        self.label[row.id] = row.event_id
        if row.event_id is not None:
            self.members[row.event_id].add(row.id)

    def _load(self, labels: Iterable[int | None]) -> None:
        missing = {x for x in labels if x is not None and x >= 0 and x not in self.loaded}
        for ids in _chunks(missing):
            for row in self.conn.execute(_EVENT_MATCH, {"ids": ids}):
                self._add(row)
        self.loaded |= missing

    def neighbours(self, cid: int) -> dict[int, Match]:
        """The claims `cid` matches (stored ones through the window query, plus the fresh ones)."""
        if cid in self.near:
            return self.near[cid]
        c = self.rows[cid]
        found = candidates(self.conn, c, self.window)
        for event_id, rows in found.items():
            if event_id not in self.loaded:  # the query returns every claim of each event
                for row in rows:
                    self._add(row)
                self.loaded.add(event_id)
        out: dict[int, Match] = {}
        for rows in found.values():
            for row in rows:
                if row.id != cid and (m := self._match(cid, row.id)) is not None:
                    out[row.id] = m
        for fid in self.fresh:
            if fid != cid and (m := self._match(cid, fid)) is not None:
                out[fid] = m
        self.near[cid] = out
        return out

    def _match(self, a: int, b: int) -> Match | None:
        key = (a, b) if a < b else (b, a)
        if key not in self.pairs:
            self.pairs[key] = compare(self.rows[a], self.rows[b], self.window)
        return self.pairs[key]

    # --- deciding ---

    def push(self, cid: int) -> None:
        if cid not in self.queued:
            self.queued.add(cid)
            heapq.heappush(self.queue, (self.key[cid], cid))

    def changed(self, label: int | None, at: tuple, *, gained: int | None = None, lost: int | None = None) -> None:
        """`label` gained or lost a claim at key `at`: the later claims whose choice that can
        change must choose again.  Those are its later members, and the later claims that can
        reach it now (match every earlier member), among
        - when it gained claim c: the later claims that match c (for any other claim the event
          was out of reach before, or is now, and that changes no choice);
        - when it lost a claim: the later claims that match one of its members."""
        if label is None:
            return
        self.touched.add(label)
        self._load([label])
        group = sorted(self.members[label])
        for m in group:
            if self.key[m] > at:
                self.push(m)
        if gained is not None:
            later = list(self.neighbours(gained))
        elif all(m in self.near for m in group):
            later = [n for m in group for n in self.near[m]]
        else:
            later = self._matching(group, at)
        for n in later:
            if self.key[n] > at and n not in self.queued and self._in_reach(label, n):
                self.push(n)

    def _in_reach(self, label: int, n: int) -> bool:
        """Whether claim `n` could join `label` now (it matches every earlier member).  If not,
        the change cannot move `n`: the event was out of its reach before too, or `n` was not
        in it (its members are pushed anyway) and a lost option changes no other choice."""
        earlier = [m for m in self.members[label] if self.key[m] < self.key[n]]
        return bool(earlier) and all(self._match(m, n) is not None for m in earlier)

    def _matching(self, group: list[int], at: tuple) -> list[int]:
        """The claims after key `at` that match a claim of `group` (one event): one window
        query around the whole group rather than one per claim."""
        if not group:
            return []
        rows = [self.rows[m] for m in group]
        first = rows[0]
        if first.event_type is None or any(r.day is None or (r.time_precision or 1) > 1 for r in rows):
            return []  # an undated or vaguely dated claim matches nothing
        boxes = [_bbox(r, self.window) for r in rows]
        box = (min(b[0] for b in boxes), max(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes))
        params: dict[str, Any] = {"event_type": first.event_type, "article_id": -1, "lo": at[0],
                                  "hi": _plus_days(max(r.day for r in rows), self.window.days),
                                  "lat0": box[0], "lat1": box[1], "lon0": box[2], "lon1": box[3]}
        found: set[int] = set()
        for admin1 in sorted({r.admin1 for r in rows}, key=lambda a: a or ""):
            for row in self.conn.execute(_CANDIDATES, dict(params, admin1=admin1)):
                if row.event_id not in self.loaded:
                    self._add(row)
                found.add(row.id)
            self.loaded |= {self.rows[i].event_id for i in found if self.rows[i].event_id is not None}
        found |= set(self.fresh)
        out = []
        for n in sorted(found):
            if n in group or self.key[n] <= at:
                continue
            if any(self._match(m, n) is not None for m in group):
                out.append(n)
        return out

    def decide(self, cid: int) -> None:
        k, near = self.key[cid], self.neighbours(cid)
        labels = {self.label[n] for n in near if self.key[n] < k} - {None}
        self._load(labels)
        best: tuple[float, tuple, int, int] | None = None  # score, founder's key, label, closest claim
        for lab in labels:
            earlier = sorted((m for m in self.members[lab] if self.key[m] < k), key=self.key.__getitem__)
            if not earlier or any(m not in near for m in earlier):
                continue  # complete linkage: it must match every earlier claim of the event
            score = sum(near[m].score for m in earlier) / len(earlier)
            closest = max(earlier, key=lambda m: near[m].score)  # the first of equals (sorted by key)
            cand = (score, self.key[earlier[0]], lab, closest)
            if best is None or score > best[0] or (score == best[0] and cand[1] < best[1]):
                best = cand
        old = self.label[cid]
        if best is None:
            self.reason[cid] = {"founded": True}
            if old is None or any(self.key[m] < k for m in self.members[old] if m != cid):
                self.new_label -= 1
                new: int = self.new_label
            else:
                new = old  # it founded this event before and founds it again
        else:
            _, _, new, closest = best
            m = compare(self.rows[cid], self.rows[closest], self.window)  # worded from this claim's side
            assert m is not None
            self.reason[cid] = dict(m.reason, matched=self.rows[closest].event_key,
                                    checked=sum(1 for x in self.members[new] if self.key[x] < k))
        if new != old:
            if old is not None:
                self.members[old].discard(cid)
            self.members[new].add(cid)
            self.label[cid] = new
            self.changed(old, k, lost=cid)
            self.changed(new, k, gained=cid)

    def run(self) -> None:
        while self.queue:
            _, cid = heapq.heappop(self.queue)
            self.decide(cid)

    # --- writing ---

    def write(self) -> set[int]:
        """Write the new choices, insert the new events, refresh the changed ones, drop the
        emptied ones.  Returns the ids of the events touched."""
        labels = sorted(self.touched)
        self._load(labels)
        stored_ids = {m for lab in labels for m in self.members[lab] if m >= 0}
        full: dict[int, Any] = {}
        for ids in _chunks(stored_ids):
            for r in self.conn.execute(_FULL, {"ids": ids}):
                full[r.id] = SimpleNamespace(**r._mapping)
        full.update(self.fresh)
        groups = {lab: [full[m] for m in sorted(self.members[lab], key=self.key.__getitem__)]
                  for lab in labels if self.members[lab]}
        fields: dict[int, dict[str, Any]] = {}
        for lab, claims in groups.items():
            ev = SimpleNamespace(claims=claims, search_text="")
            if len(claims) == 1:
                _copy_single(ev, claims[0])
            else:
                refresh(ev)
            fields[lab] = _event_values(ev)
        event_id = {lab: lab for lab in groups if lab >= 0}
        new = [lab for lab in groups if lab < 0]
        if new:
            for lab, eid in zip(new, self.conn.execute(_INSERT_EVENTS, [fields[lab] for lab in new]).scalars()):
                event_id[lab] = eid
        updates = [{"_id": cid, "_event": event_id.get(self.label[cid], self.label[cid]), "_reason": reason}  # type: ignore[arg-type]
                   for cid, reason in sorted(self.reason.items()) if cid >= 0]
        if updates:
            self.conn.execute(_UPDATE_CLAIM, updates)
        if self.fresh:
            rows = []
            for cid, c in sorted(self.fresh.items(), key=lambda kv: kv[1].seq):
                c.event_id, c.merge_reason = event_id[self.label[cid]], self.reason[cid]  # type: ignore[index]
                rows.append(claim_values(c))
            self.conn.execute(_INSERT_CLAIMS, rows)
        old = [dict(fields[lab], _id=lab) for lab in groups if lab >= 0]
        if old:
            self.conn.execute(_UPDATE_EVENT, old)
        empty = [lab for lab in labels if lab >= 0 and not self.members[lab]]
        if empty:
            self.conn.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(empty)))
        return set(event_id.values()) | set(empty)


def attach(conn: Connection, claims: list[Any], window: Window = DEFAULT_WINDOW) -> set[int]:
    """Store the claims of one article (namespaces holding the claim columns, not stored yet)
    and re-merge what they change, so the events are those of the canonical clustering.
    Returns the ids of the events touched."""
    if not claims:
        return set()
    _lock(conn)
    work = _Remerge(conn, window)
    digest = getattr(claims[0], "content_hash", None)
    if digest is None:
        digest = conn.execute(_HASH, {"id": claims[0].article_id}).scalar()
    for i, c in enumerate(claims, 1):
        c.id, c.event_id, c.content_hash = -i, None, getattr(c, "content_hash", None) or digest
        work.fresh[c.id] = c
        work.rows[c.id], work.key[c.id], work.label[c.id] = c, canonical_key(c), None
    for cid in work.fresh:
        work.push(cid)
    work.run()
    return work.write()


def detach(conn: Connection, article_id: int, window: Window = DEFAULT_WINDOW) -> set[int]:
    """Delete the claims of an article and re-merge what that changes (the events they were in,
    and the later claims that matched those events).  Returns the ids of the events touched."""
    _lock(conn)
    gone = conn.execute(_ARTICLE_MATCH, {"article_id": article_id}).all()
    conn.execute(delete(_CLAIMS).where(_CLAIMS.c.article_id == article_id))
    if not gone:
        return set()
    work = _Remerge(conn, window)
    work._load({r.event_id for r in gone})
    for r in gone:  # known (for their keys and neighbours) but in no event
        work.rows[r.id], work.key[r.id], work.label[r.id] = r, canonical_key(r), None
    for r in sorted(gone, key=canonical_key):
        work.changed(r.event_id, canonical_key(r), lost=r.id)
    work.run()
    return work.write()
