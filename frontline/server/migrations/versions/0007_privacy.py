"""Personal data on the server: the organisation's `pii_policy` (what its PCs do when a
text holds personal data: redact with a notice, or block until it is removed), and how many
of each kind the server redacted in a change (`audit.redactions`, counts only).

Revision ID: 0007_privacy
Revises: 0006_discovered_themes
Create Date: 2026-12-07 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_privacy'
down_revision = '0006_discovered_themes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pii_policy', sa.String(length=20), nullable=False,
                                      server_default='redact'))
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redactions', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_column('redactions')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('pii_policy')
