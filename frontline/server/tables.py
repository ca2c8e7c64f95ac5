"""The server's tables, in SQLAlchemy Core. The schema changes only through the
Alembic migrations in `migrations/versions/`; a test checks the two agree.

Times are stored as text in the one form `frontline.core.ids.format_time` writes
(`2026-11-23T18:20:04.911Z`): it sorts correctly and reads the same on SQLite and
PostgreSQL. Ids are client- or server-made UUIDv7 strings.

`version` columns hold the organisation's change version at the write that last
touched the row (see `docs/sync-protocol.md`, "Cursors").
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

ID = String(36)
TIME = String(32)

organisations = Table(
    "organisations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    # bumped inside every write transaction of the organisation: the pull cursor
    Column("version", BigInteger, nullable=False, server_default="0"),
    # bumped when stores, teams, users or settings change: clients refetch reference data
    Column("reference_version", BigInteger, nullable=False, server_default="0"),
    Column("retention_days", Integer, nullable=True),
    Column("created_at", TIME, nullable=False),
    # what happens to an observation older than retention_days: delete | strip_text
    Column("retention_action", String(20), nullable=True),
    # how long a PC keeps a synced observation that has stopped changing (frontline.server.retention)
    Column("local_keep_days", Integer, nullable=True),
    # what the organisation's PCs do when a text holds personal data: redact | block
    # (the server redacts whatever it is: frontline.server.privacy)
    Column("pii_policy", String(20), nullable=False, server_default="redact"),
)

regions = Table(
    "regions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
)

stores = Table(
    "stores",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("region_id", ID, ForeignKey("regions.id"), nullable=True, index=True),
    Column("code", String(40), nullable=False),
    Column("name", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("org_id", "code", name="uq_stores_org_code"),
)

teams = Table(
    "teams",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("store_id", ID, ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="0"),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("username", String(120), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    # employee | manager | leader | admin
    Column("role", String(20), nullable=False),
    Column("store_id", ID, ForeignKey("stores.id"), nullable=True, index=True),
    Column("team_id", ID, ForeignKey("teams.id"), nullable=True),
    Column("region_id", ID, ForeignKey("regions.id"), nullable=True),
    Column("password_hash", Text, nullable=True),
    Column("pin_hash", Text, nullable=True),
    Column("disabled", Boolean, nullable=False, server_default="0"),
    Column("created_at", TIME, nullable=False),
    # e-mail (frontline.server.outbound): where alerts and digests go; each can be refused
    Column("email", String(254), nullable=True),
    Column("alerts_off", Boolean, nullable=False, server_default="0"),
    Column("digest_off", Boolean, nullable=False, server_default="0"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("store_id", ID, ForeignKey("stores.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", TIME, nullable=False),
    Column("expires_at", TIME, nullable=False),
    Column("revoked_at", TIME, nullable=True),
    Column("last_seen_at", TIME, nullable=True),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("store_id", ID, ForeignKey("stores.id"), nullable=False, index=True),
    Column("created_by", ID, ForeignKey("users.id"), nullable=True),
    Column("created_at", TIME, nullable=False),
    Column("expires_at", TIME, nullable=False),
    Column("used_at", TIME, nullable=True),
    Column("device_id", ID, ForeignKey("devices.id"), nullable=True),
)

user_tokens = Table(
    "user_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", TIME, nullable=False),
    Column("expires_at", TIME, nullable=False),
    Column("revoked_at", TIME, nullable=True),
)

# Failed sign-ins per account and client address, shared by every server process.
login_failures = Table(
    "login_failures",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", TIME, nullable=False),
)

#: columns the insights indexes carry on PostgreSQL, so that its GROUP BYs never read the table
INSIGHTS_INCLUDE = ["store_id", "kind", "category", "department", "status", "switch_risk",
                    "responded_at", "channel", "customer_type"]

observations = Table(
    "observations",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("version", BigInteger, nullable=False),
    # per-observation revision, +1 on every change; review changes name the rev they saw
    Column("rev", Integer, nullable=False),
    Column("observed_at", TIME, nullable=False),
    Column("received_at", TIME, nullable=False),
    Column("updated_at", TIME, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("summary", Text, nullable=False),
    Column("details", Text, nullable=False, server_default=""),
    Column("customer_words", Text, nullable=False, server_default=""),
    Column("action_taken", Text, nullable=False, server_default=""),
    Column("suggestion", Text, nullable=False, server_default=""),
    Column("channel", String(20), nullable=False),
    Column("customer_type", String(20), nullable=False),
    Column("customer_segment", String(80), nullable=False, server_default=""),
    Column("category", String(60), nullable=True),
    Column("department", String(60), nullable=True),
    Column("severity", Integer, nullable=True),
    Column("switch_risk", Boolean, nullable=False, server_default="0"),
    Column("store_id", ID, ForeignKey("stores.id"), nullable=False),
    Column("team_id", ID, ForeignKey("teams.id"), nullable=True),
    # NULL when anonymous: the author of an anonymous observation is never stored
    Column("author_id", ID, ForeignKey("users.id"), nullable=True, index=True),
    Column("anonymous", Boolean, nullable=False, server_default="0"),
    Column("device_id", ID, ForeignKey("devices.id"), nullable=True),
    # review side
    Column("status", String(20), nullable=False),
    Column("assignee_department", String(60), nullable=True),
    Column("response", Text, nullable=False, server_default=""),
    Column("responded_at", TIME, nullable=True),
    Column("duplicate_of", ID, nullable=True),
    Column("wont_act_reason", Text, nullable=False, server_default=""),
    Column("escalated", Boolean, nullable=False, server_default="0"),
    Column("escalation_note", Text, nullable=False, server_default=""),
    # merging: how many people raised what this observation's family says (the original
    # and every duplicate merged into it, each named author once, each anonymous one
    # once), kept on every member; and what a duplicate was before its merge
    # ({"status", "response", "responded_at"}), which unmerge restores
    Column("raised_by", Integer, nullable=False, server_default="1"),
    Column("before_merge", JSON, nullable=True),
    Index("ix_observations_org_version", "org_id", "version", "id"),
    Index("ix_observations_duplicate_of", "duplicate_of"),
    Index("ix_observations_store_version", "store_id", "version"),
    # insights (frontline.server.insights): a date range of the organisation or of one
    # store, with every grouped column in the index (PostgreSQL: index-only scans)
    Index("ix_observations_insights", "org_id", "observed_at",
          postgresql_include=INSIGHTS_INCLUDE),
    Index("ix_observations_store_observed", "store_id", "observed_at",
          postgresql_include=["org_id", *INSIGHTS_INCLUDE]),
)

# Append-only: one row per change to an observation (never updated or deleted).
audit = Table(
    "audit",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("observation_id", ID, nullable=False, index=True),
    Column("rev", Integer, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("at", TIME, nullable=False),
    # NULL for the author of an anonymous observation
    Column("actor_user_id", ID, nullable=True),
    Column("actor_role", String(20), nullable=True),
    Column("device_id", ID, nullable=True),
    # created | edited | withdrawn | reviewed | merged | unmerged | answered | conflict
    Column("action", String(20), nullable=False),
    Column("mutation_id", String(64), nullable=True),
    # {field: [old, new]} for changes; for a conflict, the change that was not applied
    Column("changes", JSON, nullable=False),
    # what the server redacted from the texts of this change, {field: {kind: count}}
    # (counts only, never the text); NULL when nothing
    Column("redactions", JSON, nullable=True),
)

# Every mutation that changed something (or was answered with a conflict), with the
# answer it got, so that a replay gets the same answer and changes nothing.
applied_mutations = Table(
    "applied_mutations",
    metadata,
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("mutation_id", String(64), nullable=False),
    Column("device_id", ID, nullable=True),
    Column("op", String(40), nullable=False),
    Column("applied_at", TIME, nullable=False),
    Column("result", JSON, nullable=False),
    PrimaryKeyConstraint("org_id", "mutation_id", name="pk_applied_mutations"),
)


# Observations removed from the server (retention or erasure): the change feed carries
# their ids in a pull's `removed`, so that every PC deletes its copy. No content is kept.
removed_observations = Table(
    "removed_observations",
    metadata,
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("observation_id", ID, nullable=False),
    Column("store_id", ID, nullable=True),
    Column("version", BigInteger, nullable=False),
    Column("removed_at", TIME, nullable=False),
    # retention | erasure
    Column("reason", String(20), nullable=False),
    PrimaryKeyConstraint("org_id", "observation_id", name="pk_removed_observations"),
    Index("ix_removed_observations_org_version", "org_id", "version", "observation_id"),
)


# Themes found in the organisation's observation texts by `frontline-server themes run`
# (frontline.server.themes.store): the latest run only, each run replaces the last. No
# observation text is kept here: a label is a theme's three most characteristic words.
discovered_themes = Table(
    "discovered_themes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("terms", JSON, nullable=False),
    Column("language", String(8), nullable=False),
    Column("size", Integer, nullable=False),
    Column("computed_at", TIME, nullable=False),
)

# Which discovered theme each observation is in (observations in no theme have no row).
observation_themes = Table(
    "observation_themes",
    metadata,
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("observation_id", ID, nullable=False),
    Column("theme_id", ID, ForeignKey("discovered_themes.id"), nullable=False),
    PrimaryKeyConstraint("org_id", "observation_id", name="pk_observation_themes"),
    Index("ix_observation_themes_theme", "theme_id"),
)


# --- outbound (frontline.server.outbound): webhooks, alerts, digests ---------------------

# Endpoints an admin registered. The secret signs each delivery, so it is kept as given.
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False, index=True),
    Column("url", String(2000), nullable=False),
    Column("secret", String(200), nullable=False),
    # event names (frontline.server.outbound.events.EVENTS); stores/departments: None = all
    Column("events", JSON, nullable=False),
    Column("stores", JSON, nullable=True),
    Column("departments", JSON, nullable=True),
    Column("include_text", Boolean, nullable=False, server_default="0"),
    Column("created_at", TIME, nullable=False),
    Column("removed_at", TIME, nullable=True),
)

# The durable outbox: one row per webhook delivery or e-mail, written in the transaction
# of the change that causes it; a worker sends it at least once (frontline.server.outbound).
outbox = Table(
    "outbox",
    metadata,
    Column("id", ID, primary_key=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    # webhook | mail
    Column("channel", String(10), nullable=False),
    # the webhook's id, or the recipient's user id
    Column("target", ID, nullable=False),
    # the event's name (webhooks) or the mail's kind (alert, digest)
    Column("event", String(40), nullable=False),
    # a webhook's JSON body, or the whole e-mail message; emptied once sent or failed
    Column("payload", Text, nullable=False),
    # pending | sent | failed
    Column("status", String(10), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", TIME, nullable=False),
    Column("next_attempt_at", TIME, nullable=False),
    # a worker's lease on the row (SQLite; PostgreSQL also locks with SKIP LOCKED)
    Column("claimed_until", TIME, nullable=True),
    Column("sent_at", TIME, nullable=True),
    Column("last_error", String(300), nullable=False, server_default=""),
    Index("ix_outbox_due", "status", "next_attempt_at"),
    Index("ix_outbox_target", "target", "created_at"),
)

# Observations that call for an alert (switch risk, severity 5), in arrival order; each
# manager's `alert_marks` row says how far their e-mails have covered.
alerts = Table(
    "alerts",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("store_id", ID, nullable=False, index=True),
    Column("observation_id", ID, nullable=False),
    Column("created_at", TIME, nullable=False),
)

alert_marks = Table(
    "alert_marks",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
    Column("last_sent_at", TIME, nullable=True),
)

# One row per digest period made (the primary key keeps two processes from making it twice).
digest_runs = Table(
    "digest_runs",
    metadata,
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("period", String(40), nullable=False),
    Column("made_at", TIME, nullable=False),
    Column("messages", Integer, nullable=False),
    PrimaryKeyConstraint("org_id", "period", name="pk_digest_runs"),
)
