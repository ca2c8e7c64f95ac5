"""Issue 12 on the PC: customer personal data never reaches the local file, whichever path
writes free text (a save, an author's edit, an import, a manager's answer, a won't-act
reason, an escalation note, a draft). After each path the file's bytes, its write-ahead log
and the outbox are searched for the data as typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from frontline.core.errors import ValidationError
from frontline.core.model import Observation
from frontline.store import drafts, io, outbox, remote, review
from frontline.store.db import Store
from frontline.store.observations import get_observation, save_observation
from frontline.store.privacy import (
    EmptyAfterRedactionError,
    Found,
    PersonalDataError,
    enforce,
)
from frontline.store.reference import privacy_policy
from tests.helpers.store import make
from tests.privacy_data import (
    AUTHOR_REDACTED,
    AUTHOR_TEXTS,
    CARD,
    EMAIL,
    IBAN,
    NAME,
    PHONE,
    REVIEW_TEXTS,
    file_bytes,
    leaks,
)


def set_reference(db: Database, *, policy: str | None = None,
                  users: list[dict[str, Any]] | None = None,
                  stores: list[dict[str, Any]] | None = None) -> None:
    organisation: dict[str, Any] = {"id": "org", "name": "Org", "retention_days": None}
    if policy is not None:
        organisation["pii_policy"] = policy
    remote.apply_reference(db, {"reference_version": 3, "organisation": organisation,
                                "regions": [], "stores": stores or [], "teams": [],
                                "users": users or [], "taxonomy": {}})


def nothing_leaked(store: Store, db: Database) -> None:
    """Neither the file nor its WAL nor any queued payload holds the data as typed."""
    assert leaks(file_bytes(store.path.parent)) == []
    payloads = [e.payload_json for e in outbox.pending(db, limit=10_000)]
    assert leaks(json.dumps(payloads)) == []


def pulled(db: Database, obs: Observation) -> Observation:
    """`obs` as the server sent it (reviewable: it has a server version)."""
    data = {**obs.to_dict(), "rev": 1, "received_at": obs.observed_at, "store_id": "store-a"}
    remote.apply_pull_page(db, {"observations": [data], "cursor": f"v1:{obs.id}",
                                "removed": []}, user_id="manager-1")
    return obs


# --- the policy --------------------------------------------------------------------------


def test_the_policy_is_redact_until_the_organisation_says_block(db: Database) -> None:
    assert privacy_policy(db) == "redact"  # before the first sync
    set_reference(db)  # an older server that does not send it
    assert privacy_policy(db) == "redact"
    set_reference(db, policy="shred")  # unknown
    assert privacy_policy(db) == "redact"
    set_reference(db, policy="block")
    assert privacy_policy(db) == "block"


def test_enforce_names_each_field_and_kind_and_blocks_under_block() -> None:
    texts = {"summary": f"Call {PHONE}", "details": f"mail {EMAIL}", "suggestion": "Fine"}
    enforced = enforce(texts, policy="redact")
    assert enforced.fields == {"summary": "Call [phone]", "details": "mail [email]",
                               "suggestion": "Fine"}
    assert enforced.found == [Found("summary", "PHONE"), Found("details", "EMAIL")]
    with pytest.raises(PersonalDataError) as caught:
        enforce(texts, policy="block")
    assert caught.value.found == enforced.found
    assert "a phone number in Summary, an email address in Details" in str(caught.value)


def test_a_summary_that_is_only_personal_data_is_refused_with_what_to_write() -> None:
    with pytest.raises(EmptyAfterRedactionError) as caught:
        enforce({"summary": PHONE})
    assert [e.field for e in caught.value.errors] == ["summary"]
    assert str(caught.value) == ("The summary would be empty once the phone number is "
                                 "removed: say what the customer experienced.")


# --- saving, editing -----------------------------------------------------------------------


def test_a_saved_observation_keeps_placeholders_in_every_free_text_field_and_queues_them(
        store: Store, db: Database) -> None:
    saved = save_observation(db, make(**AUTHOR_TEXTS))
    stored = get_observation(db, saved.id)
    assert stored is not None
    for name, expected in AUTHOR_REDACTED.items():
        assert getattr(stored.observation, name) == expected, name
        assert getattr(saved, name) == expected, name
    [entry] = outbox.pending(db)
    assert {n: entry.payload[n] for n in AUTHOR_REDACTED} == AUTHOR_REDACTED
    nothing_leaked(store, db)


def test_an_authors_edit_with_personal_data_is_stored_redacted(store: Store,
                                                               db: Database) -> None:
    first = save_observation(db, make("Till 3 froze twice"))
    save_observation(db, make(id=first.id, **AUTHOR_TEXTS))
    stored = get_observation(db, first.id)
    assert stored is not None and stored.observation.details == AUTHOR_REDACTED["details"]
    nothing_leaked(store, db)


def test_under_block_a_save_is_refused_naming_field_and_kind_and_nothing_is_stored(
        store: Store, db: Database) -> None:
    set_reference(db, policy="block")
    obs = make("Refund refused", details=f"Paid with card {CARD}")
    with pytest.raises(PersonalDataError) as caught:
        save_observation(db, obs)
    assert caught.value.found == [Found("details", "CARD")]
    assert "a card number in Details" in str(caught.value)
    assert get_observation(db, obs.id) is None and outbox.pending(db) == []
    nothing_leaked(store, db)


def test_a_save_whose_summary_is_only_personal_data_stores_nothing(store: Store,
                                                                   db: Database) -> None:
    obs = make(EMAIL)
    with pytest.raises(ValidationError, match="summary would be empty once the email"):
        save_observation(db, obs)
    assert get_observation(db, obs.id) is None
    nothing_leaked(store, db)


def test_staff_names_and_the_stores_public_number_are_not_redacted(db: Database) -> None:
    set_reference(db, users=[{"id": "u1", "username": "jsmith", "display_name": "John Smith",
                              "role": "employee", "store_id": "s", "team_id": None,
                              "region_id": None, "disabled": False}],
                  stores=[{"id": "s", "code": "S1", "name": "High St", "region_id": None,
                           "disabled": False, "phone": "+44 20 7946 0000"}])
    saved = save_observation(db, make("Served by John Smith, customer kept waiting",
                                      details="Told her to call the store on 020 7946 0000"))
    assert saved.summary == "Served by John Smith, customer kept waiting"
    assert saved.details == "Told her to call the store on 020 7946 0000"


# --- import --------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["kind", "summary", *[
            n for n in AUTHOR_TEXTS if n != "summary"]])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_an_import_stores_rows_redacted_and_counts_them(store: Store, db: Database,
                                                        tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [
        {"kind": "pain_point", **AUTHOR_TEXTS},
        {"kind": "idea", "summary": "Self-checkout needs a bag shelf"},
    ])
    report = io.import_file(db, path)
    assert (report.imported, report.redacted, report.errors) == (2, 1, [])
    rows = db.execute("SELECT details, customer_segment FROM observations ORDER BY rowid"
                      ).fetchall()
    assert rows[0] == (AUTHOR_REDACTED["details"], AUTHOR_REDACTED["customer_segment"])
    nothing_leaked(store, db)


def test_a_redacted_row_imported_again_with_its_id_changes_nothing(db: Database,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    row = {"id": "01930000-0000-7000-8000-000000000001", "kind": "idea",
           "observed_at": "2026-11-23T10:00:00Z", **AUTHOR_TEXTS}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert io.import_file(db, path).redacted == 1
    again = io.import_file(db, path)
    assert (again.imported, again.unchanged) == (0, 1)


def test_under_block_an_import_reports_each_row_with_its_line_and_the_rest_land(
        store: Store, db: Database, tmp_path: Path) -> None:
    set_reference(db, policy="block")
    path = write_csv(tmp_path / "in.csv", [
        {"kind": "idea", "summary": "Self-checkout needs a bag shelf"},
        {"kind": "pain_point", "summary": "Refund refused", "details": f"IBAN {IBAN}"},
        {"kind": "praise", "summary": "Loved the new bakery"},
    ])
    report = io.import_file(db, path)
    assert report.imported == 2
    [(line, message)] = report.errors
    assert line == 3 and "a bank account number (IBAN) in Details" in message
    nothing_leaked(store, db)


# --- a manager's review ---------------------------------------------------------------------


@pytest.mark.parametrize("command, field", [
    (lambda db, i: review.respond(db, i, REVIEW_TEXTS["response"]), "response"),
    (lambda db, i: review.wont_act(db, i, REVIEW_TEXTS["wont_act_reason"]), "wont_act_reason"),
    (lambda db, i: review.escalate(db, i, REVIEW_TEXTS["escalation_note"]), "escalation_note"),
], ids=["answer", "wont_act_reason", "escalation_note"])
def test_a_managers_answer_reason_or_escalation_note_is_stored_and_queued_redacted(
        store: Store, db: Database, command: Any, field: str) -> None:
    obs = pulled(db, make("Queue at the bakery counter"))
    command(db, obs.id)
    [stored] = db.execute(f"SELECT {field} FROM observations WHERE id = ?", [obs.id]).fetchall()
    assert "[" in stored[0] and leaks(stored[0]) == []
    [entry] = outbox.pending(db)
    assert entry.payload["changes"][field] == stored[0]
    nothing_leaked(store, db)


def test_under_block_a_managers_answer_with_personal_data_is_refused(store: Store,
                                                                    db: Database) -> None:
    set_reference(db, policy="block")
    obs = pulled(db, make("Queue at the bakery counter"))
    with pytest.raises(PersonalDataError, match="a phone number in Answer"):
        review.respond(db, obs.id, f"Call {PHONE}")
    with pytest.raises(PersonalDataError, match="a customer's name in Escalation note"):
        review.escalate(db, obs.id, f"Refund stuck for {NAME}")
    assert outbox.pending(db) == []
    nothing_leaked(store, db)


def test_a_wont_act_reason_that_is_only_personal_data_is_refused(db: Database) -> None:
    obs = pulled(db, make("Queue at the bakery counter"))
    with pytest.raises(ValidationError, match="reason would be empty"):
        review.wont_act(db, obs.id, EMAIL)


# --- drafts --------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", ["redact", "block"])
def test_a_draft_is_written_redacted_whatever_the_policy(store: Store, db: Database,
                                                         policy: str) -> None:
    set_reference(db, policy=policy)
    drafts.save_draft(db, "capture", {"kind": "pain_point", **AUTHOR_TEXTS,
                                      "summary": PHONE})
    held = drafts.load_draft(db, "capture")
    assert held is not None
    assert held["summary"] == "[phone]"  # unfinished: kept, with its placeholder
    assert held["details"] == AUTHOR_REDACTED["details"]
    nothing_leaked(store, db)
