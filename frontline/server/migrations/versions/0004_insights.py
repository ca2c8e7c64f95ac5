"""Insights: indexes for counts over a date range of an organisation or a store.

On PostgreSQL both carry the grouped columns (INCLUDE), so that the insights queries are
index-only scans; SQLite ignores INCLUDE and gets the plain two-column indexes.

Revision ID: 0004_insights
Revises: 0003_merge
Create Date: 2026-11-23 22:00:00
"""

from alembic import op

revision = '0004_insights'
down_revision = '0003_merge'
branch_labels = None
depends_on = None

# a copy, not an import: a migration must not change when tables.py does
INCLUDE = ["store_id", "kind", "category", "department", "status", "switch_risk",
           "responded_at", "channel", "customer_type"]


def upgrade() -> None:
    op.create_index('ix_observations_insights', 'observations', ['org_id', 'observed_at'],
                    unique=False, postgresql_include=INCLUDE)
    op.create_index('ix_observations_store_observed', 'observations', ['store_id', 'observed_at'],
                    unique=False, postgresql_include=['org_id', *INCLUDE])


def downgrade() -> None:
    op.drop_index('ix_observations_store_observed', table_name='observations')
    op.drop_index('ix_observations_insights', table_name='observations')
