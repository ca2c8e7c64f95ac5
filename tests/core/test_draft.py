"""The capture form's draft without Qt: what the form holds maps to an observation in one
place, validates, and goes to the drafts table and back unchanged."""

from __future__ import annotations

import dataclasses
import json

from frontline.core.draft import Draft
from frontline.core.model import Observation


def typed() -> Draft:
    return Draft(id="0190-draft", kind="pain_point", summary="  Till 4 froze again ",
                 customer_words="Third time!", channel="in_store", customer_type="existing",
                 category="self_checkout", department="it", severity=4, switch_risk=True)


def test_an_empty_draft_is_empty_and_blank_space_is_not_text() -> None:
    assert Draft().is_empty
    assert Draft(summary="   ", details="\n").is_empty
    assert not Draft(details="x").is_empty
    editing = Observation.new(kind="idea", summary="An idea")
    assert not Draft(editing=editing).is_empty  # an edit is kept even before a keystroke


def test_a_new_draft_becomes_a_cleaned_observation_with_the_person_as_author() -> None:
    obs = typed().to_observation(author_id="person-1")
    assert (obs.id, obs.kind, obs.summary, obs.severity) == ("0190-draft", "pain_point",
                                                             "Till 4 froze again", 4)
    assert obs.author_id == "person-1" and obs.switch_risk and obs.status == "new"
    anonymous = dataclasses.replace(typed(), anonymous=True).to_observation(author_id="p-1")
    assert anonymous.author_id is None


def test_unchosen_lists_fall_back_to_other_and_unknown() -> None:
    obs = Draft(kind="idea", summary="Open earlier").to_observation()
    assert (obs.channel, obs.customer_type, obs.category) == ("other", "unknown", None)


def test_validate_names_each_field_to_fix() -> None:
    assert typed().validate() == []
    fields = {e.field for e in Draft(kind="pain_point", summary=" ").validate()}
    assert "summary" in fields
    too_long = dataclasses.replace(typed(), summary="x" * 1000).validate()
    assert [e.field for e in too_long] == ["summary"]


def test_an_edit_keeps_the_author_and_review_fields_and_changes_the_content() -> None:
    stored = Observation.new(kind="pain_point", summary="Old words", author_id="a-1",
                             category="self_checkout", department="store_ops")
    draft = Draft.from_observation(stored)
    assert draft.editing == stored and draft.id == stored.id
    assert draft.department_overridden  # store_ops is not self-checkout's own department
    edited = dataclasses.replace(draft, summary="New words").to_observation(author_id="b-2")
    assert (edited.id, edited.author_id, edited.summary) == (stored.id, "a-1", "New words")


def test_the_drafts_table_round_trip_is_plain_json_and_lossless() -> None:
    for draft in (Draft(), typed(), Draft.from_observation(
            Observation.new(kind="praise", summary="Lovely staff", severity=None))):
        stored = json.loads(json.dumps(draft.to_dict()))
        assert Draft.from_dict(stored) == draft


def test_a_draft_written_by_an_older_form_still_loads() -> None:
    """The drafts table holds what `CaptureForm.fields()` wrote before `Draft` existed."""
    old = {"summary": "Till froze", "customer_words": "", "details": "", "action_taken": "",
           "suggestion": "", "id": "0190-old", "kind": "pain_point", "channel": "phone",
           "customer_type": None, "category": None, "department": None,
           "department_overridden": False, "severity": 2, "switch_risk": False,
           "anonymous": True, "editing": None}
    draft = Draft.from_dict(old)
    assert (draft.id, draft.channel, draft.severity, draft.anonymous) == ("0190-old", "phone",
                                                                          2, True)
    assert draft.to_dict() == old
