"""Events count their outlets apart from their reports, and carry ACLED's country event id.

Adds events.n_outlets (distinct outlets: source, else URL host, else unknown) and
events.event_id_cnty (SYR + 12 digits from the event's first report), both filled in
for the events already stored.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('n_outlets', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('event_id_cnty', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_n_outlets'), ['n_outlets'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_event_id_cnty'), ['event_id_cnty'], unique=False)
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    from rasd.store.merge import canonical_key
    from rasd.store.provenance import event_id_cnty, outlets

    rows = conn.execute(sa.text(
        "SELECT c.event_id, c.source, c.url, c.day, c.published, c.seq, a.content_hash, e.iso "
        "FROM claims c JOIN articles a ON a.id = c.article_id JOIN events e ON e.id = c.event_id")).all()
    groups: dict[int, list] = defaultdict(list)
    for r in rows:
        groups[r.event_id].append(SimpleNamespace(**r._mapping))
    updates = [{"_id": eid, "n": len(outlets(cs)), "cnty": event_id_cnty(min(cs, key=canonical_key), cs[0].iso)}
               for eid, cs in groups.items()]
    if updates:
        conn.execute(sa.text("UPDATE events SET n_outlets = :n, event_id_cnty = :cnty WHERE id = :_id"), updates)


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_event_id_cnty'))
        batch_op.drop_index(batch_op.f('ix_events_n_outlets'))
        batch_op.drop_column('event_id_cnty')
        batch_op.drop_column('n_outlets')
