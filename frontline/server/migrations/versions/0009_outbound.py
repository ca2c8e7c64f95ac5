"""Outbound: webhooks, the durable outbox, alerts, digests; people's e-mail and opt-outs.

Revision ID: 0009_outbound
Revises: 0007_privacy
Create Date: 2026-12-07 13:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009_outbound'
down_revision = '0007_privacy'
branch_labels = None
depends_on = None

ID = sa.String(length=36)
TIME = sa.String(length=32)
SEQ = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch.add_column(sa.Column('alerts_off', sa.Boolean(), server_default='0', nullable=False))
        batch.add_column(sa.Column('digest_off', sa.Boolean(), server_default='0', nullable=False))
    op.create_table('webhooks',
    sa.Column('id', ID, nullable=False),
    sa.Column('org_id', ID, nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('stores', sa.JSON(), nullable=True),
    sa.Column('departments', sa.JSON(), nullable=True),
    sa.Column('include_text', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('removed_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_webhooks_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhooks'))
    )
    op.create_index(op.f('ix_webhooks_org_id'), 'webhooks', ['org_id'], unique=False)
    op.create_table('outbox',
    sa.Column('id', ID, nullable=False),
    sa.Column('org_id', ID, nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('target', ID, nullable=False),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.Column('next_attempt_at', TIME, nullable=False),
    sa.Column('claimed_until', TIME, nullable=True),
    sa.Column('sent_at', TIME, nullable=True),
    sa.Column('last_error', sa.String(length=300), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_outbox_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    op.create_index('ix_outbox_due', 'outbox', ['status', 'next_attempt_at'], unique=False)
    op.create_index('ix_outbox_target', 'outbox', ['target', 'created_at'], unique=False)
    op.create_table('alerts',
    sa.Column('seq', SEQ, autoincrement=True, nullable=False),
    sa.Column('org_id', ID, nullable=False),
    sa.Column('store_id', ID, nullable=False),
    sa.Column('observation_id', ID, nullable=False),
    sa.Column('created_at', TIME, nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_alerts_org_id_organisations')),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_alerts'))
    )
    op.create_index(op.f('ix_alerts_store_id'), 'alerts', ['store_id'], unique=False)
    op.create_table('alert_marks',
    sa.Column('user_id', ID, nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_sent_at', TIME, nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_alert_marks_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_alert_marks'))
    )
    op.create_table('digest_runs',
    sa.Column('org_id', ID, nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('made_at', TIME, nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_digest_runs_org_id_organisations')),
    sa.PrimaryKeyConstraint('org_id', 'period', name='pk_digest_runs')
    )


def downgrade() -> None:
    op.drop_table('digest_runs')
    op.drop_table('alert_marks')
    op.drop_index(op.f('ix_alerts_store_id'), table_name='alerts')
    op.drop_table('alerts')
    op.drop_index('ix_outbox_target', table_name='outbox')
    op.drop_index('ix_outbox_due', table_name='outbox')
    op.drop_table('outbox')
    op.drop_index(op.f('ix_webhooks_org_id'), table_name='webhooks')
    op.drop_table('webhooks')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('digest_off')
        batch.drop_column('alerts_off')
        batch.drop_column('email')
