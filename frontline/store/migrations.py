"""The schema of the local file, created and changed only by numbered migrations.

Each migration runs in its own transaction and is recorded in `_sqlite_migrations`.
Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from frontline.store.db import write_transaction

MIGRATIONS = Migrations("frontline")

@MIGRATIONS(name="0001_initial")
def initial(db: Database) -> None:
    """Observations with local sync columns, the outbox, drafts, reference data, sync state,
    and the full-text index."""
    db.executescript(
        """
        CREATE TABLE observations (
            rowid INTEGER PRIMARY KEY,  -- stable: the UI caches rowids; VACUUM keeps them
            id TEXT NOT NULL UNIQUE,
            observed_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            summary TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '',
            customer_words TEXT NOT NULL DEFAULT '',
            action_taken TEXT NOT NULL DEFAULT '',
            suggestion TEXT NOT NULL DEFAULT '',
            channel TEXT NOT NULL,
            customer_type TEXT NOT NULL,
            customer_segment TEXT NOT NULL DEFAULT '',
            category TEXT,
            department TEXT,
            severity INTEGER CHECK (severity BETWEEN 1 AND 5),
            switch_risk INTEGER NOT NULL DEFAULT 0,
            store_id TEXT,
            team_id TEXT,
            author_id TEXT,
            anonymous INTEGER NOT NULL DEFAULT 0,
            device_id TEXT,
            status TEXT NOT NULL DEFAULT 'new',
            assignee_department TEXT,
            response TEXT NOT NULL DEFAULT '',
            responded_at TEXT,
            duplicate_of TEXT,
            wont_act_reason TEXT NOT NULL DEFAULT '',
            received_at TEXT,
            updated_at TEXT NOT NULL,
            -- local only: where this row is in the sync
            sync_state TEXT NOT NULL DEFAULT 'queued'
                CHECK (sync_state IN ('queued', 'synced', 'quarantined')),
            sync_error TEXT NOT NULL DEFAULT '',
            unread INTEGER NOT NULL DEFAULT 0,
            server_version INTEGER
        );
        CREATE INDEX observations_observed_at ON observations (observed_at);
        CREATE INDEX observations_category ON observations (category, observed_at);
        CREATE INDEX observations_status ON observations (status, observed_at);
        CREATE INDEX observations_kind ON observations (kind, observed_at);
        CREATE INDEX observations_sync_state ON observations (sync_state, observed_at);
        CREATE INDEX observations_author ON observations (author_id, observed_at);

        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY,    -- push order
            id TEXT NOT NULL UNIQUE,    -- mutation id (UUIDv7): the server's idempotency key
            entity_id TEXT NOT NULL,
            op TEXT NOT NULL,           -- e.g. observation.upsert, observation.withdraw
            payload TEXT NOT NULL,      -- JSON
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            quarantined INTEGER NOT NULL DEFAULT 0,
            quarantine_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX outbox_pending ON outbox (quarantined, seq);
        CREATE INDEX outbox_entity ON outbox (entity_id);

        CREATE TABLE drafts (
            key TEXT PRIMARY KEY,
            fields TEXT NOT NULL,       -- JSON object of what was typed
            updated_at TEXT NOT NULL
        );

        CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        CREATE TABLE kinds (code TEXT PRIMARY KEY, label TEXT NOT NULL,
                            position INTEGER NOT NULL);
        CREATE TABLE channels (code TEXT PRIMARY KEY, label TEXT NOT NULL,
                               position INTEGER NOT NULL);
        CREATE TABLE customer_types (code TEXT PRIMARY KEY, label TEXT NOT NULL,
                                     position INTEGER NOT NULL);
        CREATE TABLE departments (code TEXT PRIMARY KEY, label TEXT NOT NULL,
                                  position INTEGER NOT NULL);
        CREATE TABLE categories (code TEXT PRIMARY KEY, label TEXT NOT NULL,
                                 department TEXT NOT NULL, position INTEGER NOT NULL);

        CREATE VIRTUAL TABLE observations_fts USING fts5(
            summary, details, customer_words, action_taken, suggestion,
            content='observations', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2',
            prefix='2 3'
        );
        CREATE TRIGGER observations_fts_insert AFTER INSERT ON observations BEGIN
            INSERT INTO observations_fts (rowid, summary, details, customer_words,
                                          action_taken, suggestion)
            VALUES (new.rowid, new.summary, new.details, new.customer_words,
                    new.action_taken, new.suggestion);
        END;
        CREATE TRIGGER observations_fts_delete AFTER DELETE ON observations BEGIN
            INSERT INTO observations_fts (observations_fts, rowid, summary, details,
                                          customer_words, action_taken, suggestion)
            VALUES ('delete', old.rowid, old.summary, old.details, old.customer_words,
                    old.action_taken, old.suggestion);
        END;
        -- only text changes touch the index: sync-state updates stay cheap
        CREATE TRIGGER observations_fts_update
        AFTER UPDATE OF summary, details, customer_words, action_taken, suggestion
        ON observations BEGIN
            INSERT INTO observations_fts (observations_fts, rowid, summary, details,
                                          customer_words, action_taken, suggestion)
            VALUES ('delete', old.rowid, old.summary, old.details, old.customer_words,
                    old.action_taken, old.suggestion);
            INSERT INTO observations_fts (rowid, summary, details, customer_words,
                                          action_taken, suggestion)
            VALUES (new.rowid, new.summary, new.details, new.customer_words,
                    new.action_taken, new.suggestion);
        END;
        """
    )


@MIGRATIONS(name="0002_escalation")
def escalation(db: Database) -> None:
    """A manager's flag for leadership and its note (`store.review.escalate`; pulled from the
    server too), so that leaders see escalations first."""
    db.executescript(
        """
        ALTER TABLE observations ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE observations ADD COLUMN escalation_note TEXT NOT NULL DEFAULT '';
        CREATE INDEX observations_escalated ON observations (observed_at) WHERE escalated = 1;
        """
    )


@MIGRATIONS(name="0003_raised_by")
def raised_by(db: Database) -> None:
    """How many people raised what an observation says (it and the duplicates merged into
    it, each person once), as the server counts it; pulled with every observation."""
    db.executescript(
        """
        ALTER TABLE observations ADD COLUMN raised_by INTEGER NOT NULL DEFAULT 1;
        """
    )


@MIGRATIONS(name="0004_outbox_quarantined_index")
def outbox_quarantined_index(db: Database) -> None:
    """The outbox's index on (quarantined, seq) held every queued entry, so each save wrote
    it; the queries need only the few quarantined entries (pending skips their entities,
    the status panel lists them), which a partial index holds. One b-tree less per save."""
    db.executescript(
        """
        DROP INDEX outbox_pending;
        CREATE INDEX outbox_quarantined ON outbox (quarantined, entity_id)
            WHERE quarantined = 1;
        """
    )


@MIGRATIONS(name="0005_insights_cache")
def insights_cache(db: Database) -> None:
    """The last Insights figures fetched for each filter set (`store.insights_cache`), so the
    page shows them, marked with their time, when the server cannot be reached, also after
    a restart. Server figures only: counts and customers' words, never an author."""
    db.executescript(
        """
        CREATE TABLE insights_cache (
            key TEXT PRIMARY KEY,  -- the filter set (`InsightFilters.key()`)
            user_id TEXT NOT NULL,  -- whose scope the figures are of
            doc TEXT NOT NULL,  -- the /v1/insights answer, JSON
            fetched_at TEXT NOT NULL  -- UTC
        );
        CREATE INDEX insights_cache_fetched ON insights_cache (fetched_at);
        """
    )


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; return the names applied (empty when up to date).

    The check and the migrations run under one write lock (each migration still in its own
    savepoint), so two processes opening a fresh file at once cannot both create the schema.
    """
    if not MIGRATIONS.pending(db):
        return []
    with write_transaction(db):
        pending = [m.name for m in MIGRATIONS.pending(db)]
        MIGRATIONS.apply(db)
    return pending


def newer_names(db: Database) -> list[str]:
    """Migrations recorded in `db` that this version of Frontline does not know: the file
    was written by a newer release."""
    known = set(all_names())
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def pending_names(db: Database) -> list[str]:
    """Names of the migrations not yet applied to `db`."""
    return [m.name for m in MIGRATIONS.pending(db)]


def all_names() -> list[str]:
    """Every migration, in order."""
    empty = Database(memory=True, execute_plugins=False)
    try:
        return [m.name for m in MIGRATIONS.pending(empty)]
    finally:
        empty.close()
