"""The domain's words, said once: field groups, status sets, roles and their powers.

The store, sync, the server and the UI import these names; none of them keeps a copy
(`tests/core/test_vocabulary.py` scans the package for literal copies). Field names are
the observation's (`frontline.core.model.Observation`) and the wire's
(`docs/sync-protocol.md`); a few belong to the review side only and live on the server
and in the PC's copy of what the server sent (`escalated`, `escalation_note`,
`raised_by`, `rev`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from frontline.core.model import TEXT_FIELDS, Status

# --- field groups ---------------------------------------------------------------------

#: What the author writes and owns until review starts (an author's edit may change them).
CONTENT_FIELDS: tuple[str, ...] = (
    "observed_at", "kind", "summary", "details", "customer_words", "action_taken", "suggestion",
    "channel", "customer_type", "customer_segment", "category", "department", "severity",
    "switch_risk", "team_id",
)
#: What a review may change (`review.update`); merging sets `duplicate_of` through
#: `review.merge` / `review.unmerge`.
REVIEW_CHANGES: frozenset[str] = frozenset({
    "status", "assignee_department", "response", "wont_act_reason", "escalated",
    "escalation_note",
})
#: What `review.update` accepts on the wire (docs/sync-protocol.md): `REVIEW_CHANGES` plus
#: a reviewer's correction of the author's `category` and `department`. This PC's review
#: commands send only `REVIEW_CHANGES`.
WIRE_REVIEW_CHANGES: frozenset[str] = REVIEW_CHANGES | {"category", "department"}
#: Owned by managers and the server: an author's edit never changes them (the review side
#: of `Observation`, plus the server's clock).
REVIEW_FIELDS: frozenset[str] = frozenset({
    "status", "assignee_department", "response", "responded_at", "duplicate_of",
    "wont_act_reason", "received_at",
})
#: Every field of an observation on the wire, in the order the server sends them.
WIRE_FIELDS: tuple[str, ...] = (
    "id", "observed_at", "kind", "summary", "details", "customer_words", "action_taken",
    "suggestion", "channel", "customer_type", "customer_segment", "category", "department",
    "severity", "switch_risk", "store_id", "team_id", "author_id", "anonymous", "device_id",
    "status", "assignee_department", "response", "responded_at", "duplicate_of",
    "wont_act_reason", "escalated", "escalation_note", "raised_by", "received_at", "updated_at",
    "rev",
)
#: Free text the author writes, with its length limit (the summary is required).
AUTHOR_TEXT_FIELDS: dict[str, int] = TEXT_FIELDS
#: Free text a reviewer writes; shown to the author (`response`, `wont_act_reason`) or to
#: leadership (`escalation_note`).
REVIEW_TEXT_FIELDS: tuple[str, ...] = ("response", "wont_act_reason", "escalation_note")
#: Every free-text field of an observation: where personal data could be typed, and what
#: retention's `strip_text` empties (the summary is replaced by `STRIPPED_SUMMARY`).
FREE_TEXT_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *REVIEW_TEXT_FIELDS)
#: What people call each free-text field (the form's labels; messages name fields so).
FREE_TEXT_LABELS: dict[str, str] = {
    "summary": "Summary", "customer_words": "What the customer said", "details": "Details",
    "action_taken": "What you did on the spot", "suggestion": "Suggestion",
    "customer_segment": "Customer segment", "response": "Answer",
    "wont_act_reason": "Reason", "escalation_note": "Escalation note",
}
#: Free text emptied by retention's `strip_text`, on the server and on the PC alike.
STRIPPED_FIELDS: tuple[str, ...] = tuple(n for n in FREE_TEXT_FIELDS if n != "summary")
#: What a stripped observation's summary says instead of what was typed.
STRIPPED_SUMMARY = "(text removed after the retention period)"
#: What retention does past the organisation's limit, on the server and on the PC: remove
#: the observation (`delete`, the default) or empty its free text (`strip_text`).
RETENTION_ACTIONS: tuple[str, ...] = ("delete", "strip_text")
#: What the organisation's PCs do when a person types customer personal data (its
#: `pii_policy`, sent in the reference data): replace it and say so (`redact`, the default),
#: or refuse to save until it is removed (`block`). The server redacts whatever it is.
PII_POLICIES: tuple[str, ...] = ("redact", "block")
#: The longest free text a reviewer may write, in characters. The PC refuses longer before
#: queueing (the server refuses it too, and a refused change would sit in quarantine).
REVIEW_TEXT_MAX: dict[str, int] = {
    "response": 2000, "wont_act_reason": 1000, "escalation_note": 4000,
}
#: The review side of an observation the server has just created: what the short push
#: result (`AcceptedWire`) leaves out because it cannot be anything else.
NEW_REVIEW_STATE: dict[str, Any] = {
    "assignee_department": None, "response": "", "responded_at": None, "duplicate_of": None,
    "wont_act_reason": "", "escalated": False, "escalation_note": "", "raised_by": 1,
}

# --- status sets ----------------------------------------------------------------------

#: Nobody has decided yet: the inbox's "Open" filter, Insights' open count, and what
#: retention never removes from a reviewer's PC.
AWAITING_DECISION: frozenset[Status] = frozenset({
    Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS})
#: Review can still move it forward (`frontline.core.review`): awaiting a decision, or
#: action taken but not yet closed.
OPEN_STATUSES: frozenset[Status] = AWAITING_DECISION | {Status.ACTION_TAKEN}
#: The end of the road: reopened only by a reviewer (closed, won't act) or an unmerge.
CLOSED_STATUSES: frozenset[Status] = frozenset({
    Status.CLOSED, Status.DUPLICATE, Status.WONT_ACT, Status.WITHDRAWN})
#: How a reviewer ends an open observation (`frontline.core.review`).
ENDINGS: frozenset[Status] = frozenset({Status.CLOSED, Status.DUPLICATE, Status.WONT_ACT})
#: Ended by a reviewer's decision, which a reviewer may take back (reopen, to in progress);
#: a duplicate is left by an unmerge instead.
REOPENABLE: frozenset[Status] = frozenset({Status.CLOSED, Status.WONT_ACT})
#: A status that is never set alone: the field that must come with it (a reason, an original).
STATUS_NEEDS: dict[Status, str] = {
    Status.WONT_ACT: "wont_act_reason", Status.DUPLICATE: "duplicate_of"}
#: A decision the author hears about ("you said, we did" and its "we won't").
DECIDED: frozenset[Status] = frozenset({Status.ACTION_TAKEN, Status.CLOSED, Status.WONT_ACT})


def codes(statuses: frozenset[Status]) -> tuple[str, ...]:
    """The status codes of a set, in review order (for SQL `IN (...)` and combo boxes)."""
    return tuple(s.value for s in Status if s in statuses)


# --- roles and their powers -----------------------------------------------------------


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    LEADER = "leader"
    ADMIN = "admin"


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


class Power(StrEnum):
    """What a role may do; the scope (store, region, organisation) is the server's."""

    CAPTURE = "capture"            # record observations, see one's own
    REVIEW = "review"              # the team inbox: status, answer, merge, escalate
    INSIGHTS = "insights"          # figures and themes for one's scope
    SEE_ESCALATED_FIRST = "see_escalated_first"  # escalations top the inbox
    ADMINISTER = "administer"      # people, stores, PCs, retention, erasure


POWERS: dict[Role, frozenset[Power]] = {
    Role.EMPLOYEE: frozenset({Power.CAPTURE}),
    Role.MANAGER: frozenset({Power.CAPTURE, Power.REVIEW, Power.INSIGHTS}),
    Role.LEADER: frozenset({Power.CAPTURE, Power.REVIEW, Power.INSIGHTS,
                            Power.SEE_ESCALATED_FIRST}),
    Role.ADMIN: frozenset({Power.CAPTURE, Power.REVIEW, Power.INSIGHTS,
                           Power.SEE_ESCALATED_FIRST, Power.ADMINISTER}),
}
#: Roles that review (the inbox, Insights).
REVIEWER_ROLES: frozenset[str] = frozenset(r.value for r, p in POWERS.items() if Power.REVIEW in p)
#: Roles bound to one store (a store must be set when the person is created).
STORE_ROLES: frozenset[str] = frozenset({Role.EMPLOYEE.value, Role.MANAGER.value})


def may(role: str | None, power: Power) -> bool:
    """Whether `role` (a code, or None for nobody signed in) has `power`."""
    try:
        return role is not None and power in POWERS[Role(role)]
    except ValueError:
        return False


# --- the audit trail ------------------------------------------------------------------

#: Every action an audit entry may record (`GET /v1/observations/{id}/history`): what
#: authors do, what reviewers do, what the server does on its own (`text_removed`: retention's
#: `strip_text`). The server writes no other; the history's response model allows these.
AUDIT_ACTIONS: tuple[str, ...] = ("created", "edited", "withdrawn", "reviewed", "merged",
                                  "unmerged", "answered", "conflict", "text_removed",
                                  "exported")
