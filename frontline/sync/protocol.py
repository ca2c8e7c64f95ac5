"""The sync protocol: wire types shared by the desktop and the central server.

Plain `TypedDict`s of JSON values and a `SyncProtocol` interface. Both the desktop's
HTTP client (`frontline.sync.client`) and an in-process adapter around the server
implement `SyncProtocol`, so the sync engine runs against either (as Anki's does).
No pydantic and no server imports here: the desktop imports this without the
server extras. The full protocol, with examples, is in `docs/sync-protocol.md`.

HTTP mapping (see the docs for details):

    POST /v1/enrol       EnrolRequest     -> EnrolResponse       (no token)
    POST /v1/sign-in     SignInRequest    -> SignInResponse      (device token optional)
    POST /v1/sign-out    {}               -> {}                  (user token)
    GET  /v1/me                           -> WhoAmI
    POST /v1/push        PushRequest      -> PushResponse        (device and/or user token)
    GET  /v1/pull?cursor=C&limit=N        -> PullResponse
    GET  /v1/reference                    -> ReferenceData
    GET  /v1/observations/{id}/history    -> list[AuditEntry]

Every request carries `X-Frontline-Protocol: <PROTOCOL_VERSION>`; a client older than
the server supports gets HTTP 426 `{"error": "update_required", ...}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Literal, NotRequired, Protocol, TypedDict

from frontline.core.vocabulary import NEW_REVIEW_STATE

__all__ = ["NEW_REVIEW_STATE"]  # part of the protocol; defined in core.vocabulary

#: The version this code speaks. Bump on any incompatible wire change.
PROTOCOL_VERSION = 1

PROTOCOL_HEADER = "X-Frontline-Protocol"
#: The enrolled PC's token. The signed-in person's token goes in `Authorization: Bearer`.
DEVICE_TOKEN_HEADER = "X-Frontline-Device"
#: Sent on a push as `short` by a client that takes `accepted` instead of the full
#: `observation` in the result of a newly created observation (see `AcceptedWire`). A
#: server that does not know the header answers in full, which every client understands.
PUSH_RESULTS_HEADER = "X-Frontline-Push-Results"
PUSH_RESULTS_SHORT = "short"
REQUEST_ID_HEADER = "X-Request-ID"


class Op(StrEnum):
    """What a mutation does."""

    OBSERVATION_UPSERT = "observation.upsert"
    OBSERVATION_WITHDRAW = "observation.withdraw"
    REVIEW_UPDATE = "review.update"
    REVIEW_MERGE = "review.merge"
    REVIEW_UNMERGE = "review.unmerge"


class ResultStatus(StrEnum):
    """The server's answer to one mutation."""

    APPLIED = "applied"
    # a replay: nothing changed, `original_status` says what it was
    ALREADY_APPLIED = "already_applied"
    REJECTED = "rejected"  # never applicable as sent: quarantine it and show `reason`
    CONFLICT = "conflict"  # the server's state won: `observation` is that state


class ErrorCode(StrEnum):
    """`error` codes of a non-2xx JSON answer `{"error": code, "message": text}`."""

    UPDATE_REQUIRED = "update_required"  # 426
    INVALID_REQUEST = "invalid_request"  # 400 / 422
    UNAUTHORIZED = "unauthorized"  # 401: token missing, unknown, expired or revoked
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    TOO_LARGE = "too_large"  # 413
    THROTTLED = "throttled"  # 429 + Retry-After
    BUSY = "busy"  # 503 + Retry-After
    INTERNAL = "internal"  # 500: a server bug


# --- observations ---------------------------------------------------------------------


class ObservationWire(TypedDict):
    """An observation as the server sends it (field names of `frontline.core.model.Observation`
    plus `rev`, the observation's revision, and the escalation fields)."""

    id: str
    observed_at: str
    kind: str
    summary: str
    details: str
    customer_words: str
    action_taken: str
    suggestion: str
    channel: str
    customer_type: str
    customer_segment: str
    category: str | None
    department: str | None
    severity: int | None
    switch_risk: bool
    store_id: str
    team_id: str | None
    author_id: str | None
    anonymous: bool
    device_id: str | None
    status: str
    assignee_department: str | None
    response: str
    responded_at: str | None
    duplicate_of: str | None
    wont_act_reason: str
    escalated: bool
    escalation_note: str
    # how many people raised it: the original and its merged duplicates, each person once
    # (the same number on every member of the family); 1 when nothing is merged
    raised_by: int
    received_at: str
    updated_at: str
    rev: int


class ObservationContent(TypedDict, total=False):
    """What an author sends in `observation.upsert`. `id`, `observed_at`, `kind` and
    `summary` are required; review-side fields of `Observation.to_dict()` may be sent
    and are ignored (the server owns them)."""

    id: str
    observed_at: str
    kind: str
    summary: str
    details: str
    customer_words: str
    action_taken: str
    suggestion: str
    channel: str
    customer_type: str
    customer_segment: str
    category: str | None
    department: str | None
    severity: int | None
    switch_risk: bool
    store_id: str | None
    team_id: str | None
    author_id: str | None
    anonymous: bool
    device_id: str | None


class ReviewChanges(TypedDict, total=False):
    """The review fields a manager may change; send only those that changed. Merging is
    `review.merge` / `review.unmerge`: `status` here never enters or leaves `duplicate`."""

    status: str
    assignee_department: str | None
    response: str
    category: str | None
    department: str | None
    wont_act_reason: str
    escalated: bool
    escalation_note: str


class UpsertMutation(TypedDict):
    id: str  # the mutation id (UUIDv7), the idempotency key
    op: Literal["observation.upsert"]
    observation: ObservationContent


class WithdrawMutation(TypedDict):
    id: str
    op: Literal["observation.withdraw"]
    observation_id: str


class ReviewMutation(TypedDict):
    id: str
    op: Literal["review.update"]
    observation_id: str
    base_rev: int  # the `rev` of the observation the manager was looking at
    changes: ReviewChanges


class MergeMutation(TypedDict):
    """Mark `observation_id` as a duplicate of `into` (or of the original `into` is itself a
    duplicate of). The server keeps what it was, for unmerge; gives it the original's answer;
    and counts the people who raised the family again (`raised_by`)."""

    id: str
    op: Literal["review.merge"]
    observation_id: str
    base_rev: int
    into: str


class UnmergeMutation(TypedDict):
    """Undo a merge: the observation stands alone again with the status (and answer) it had
    before, and the family it left is counted again."""

    id: str
    op: Literal["review.unmerge"]
    observation_id: str
    base_rev: int


Mutation = UpsertMutation | WithdrawMutation | ReviewMutation | MergeMutation | UnmergeMutation




class AcceptedWire(TypedDict):
    """What the server decided about an observation it has just created from an
    `observation.upsert` (the short result, asked for with `PUSH_RESULTS_HEADER`). The
    server's state is the observation as the client sent it, with these fields, the
    content fields in `changed` (texts cleaned, `observed_at` normalised, when they
    differ from what was sent) and the review side of `NEW_REVIEW_STATE`."""

    id: str
    rev: int
    received_at: str
    updated_at: str
    store_id: str
    author_id: str | None  # None when anonymous
    device_id: str | None  # None when anonymous: never named to anyone
    status: str
    changed: NotRequired[dict[str, Any]]


class MutationResult(TypedDict):
    mutation_id: str | None
    status: str  # a ResultStatus value
    reason: NotRequired[str]  # rejected / conflict: words for the person
    observation: NotRequired[ObservationWire]  # applied / conflict: the server's state
    accepted: NotRequired[AcceptedWire]  # applied, short results: instead of `observation`
    original_status: NotRequired[str]  # already_applied: what the first attempt got


class PushRequest(TypedDict):
    protocol: int
    mutations: list[Mutation]


class PushResponse(TypedDict):
    protocol: int
    results: list[MutationResult]  # one per mutation, in the order sent


class PullResponse(TypedDict):
    protocol: int
    cursor: str  # opaque; store it with the changes it covers, send it back next time
    has_more: bool  # pull again at once with the new cursor
    observations: list[ObservationWire]  # changed since the cursor, in scope
    reference_version: int  # refetch /v1/reference when this differs from the one you hold
    server_time: str
    # ids of observations deleted on the server (retention) since the cursor: the client
    # deletes them too. Optional: a server that never deletes may leave it out.
    removed: NotRequired[list[str]]
    # the cursor is not one this server issued (it was restored from a backup): this page
    # starts from the beginning. Optional: older servers leave it out.
    reset: NotRequired[bool]


class AuditEntry(TypedDict):
    """One change in `GET /v1/observations/{id}/history` (oldest first)."""

    at: str
    action: str  # created | edited | withdrawn | reviewed | conflict
    rev: int
    actor_user_id: str | None  # None for the author of an anonymous observation
    actor_role: str | None
    device_id: str | None
    changes: dict[str, list[Any]]  # {field: [old, new]}


# --- accounts and reference data ------------------------------------------------------


class EnrolRequest(TypedDict):
    protocol: int
    code: str
    device_name: str


class EnrolResponse(TypedDict):
    device_id: str
    device_token: str  # keep it in the OS keychain; shown only once
    org_id: str
    store_id: str
    expires_at: str


class SignInRequest(TypedDict):
    protocol: int
    username: str
    password: str


class UserWire(TypedDict):
    id: str
    username: str
    display_name: str
    role: str  # employee | manager | leader | admin
    store_id: str | None
    team_id: str | None
    region_id: str | None
    disabled: bool
    pin_hash: NotRequired[str | None]  # argon2; only to enrolled devices of the user's store


class SignInResponse(TypedDict):
    user_token: str  # keep it in the OS keychain
    expires_at: str
    user: UserWire


class WhoAmI(TypedDict):
    org_id: str
    user: UserWire | None
    device_id: str | None
    store_id: str | None


class ChoiceWire(TypedDict):
    code: str
    label: str


class CategoryWire(TypedDict):
    code: str
    label: str
    department: str


class Taxonomy(TypedDict):
    kinds: list[ChoiceWire]
    channels: list[ChoiceWire]
    customer_types: list[ChoiceWire]
    departments: list[ChoiceWire]
    categories: list[CategoryWire]


class OrganisationWire(TypedDict):
    id: str
    name: str
    retention_days: int | None  # observations older than this (by observed_at) are removed
    # delete | strip_text; older servers leave it out (then: delete)
    retention_action: NotRequired[str]
    # a PC removes its synced observations unchanged for this many days (None: keeps them)
    local_keep_days: NotRequired[int | None]
    # what the PC does when a person types customer personal data: redact (replace it and
    # say so) | block (refuse to save until it is removed); older servers leave it out
    # (then: redact). The server redacts whatever the policy (PII_POLICIES in vocabulary)
    pii_policy: NotRequired[str]


class RegionWire(TypedDict):
    id: str
    name: str
    disabled: bool


class StoreWire(TypedDict):
    id: str
    code: str
    name: str
    region_id: str | None
    disabled: bool


class TeamWire(TypedDict):
    id: str
    store_id: str
    name: str
    disabled: bool


class ReferenceData(TypedDict):
    protocol: int
    reference_version: int
    organisation: OrganisationWire
    regions: list[RegionWire]
    stores: list[StoreWire]
    teams: list[TeamWire]
    users: list[UserWire]  # of the caller's store (with PIN hashes for an enrolled device)
    taxonomy: Taxonomy


class SyncProtocol(Protocol):
    """What the sync engine needs from a server. Implementations carry the tokens.

    Failures raise `frontline.core.errors.SyncError(kind, message, retry_after=...)`
    with `kind` one of the `ErrorCode` values (plus `network` for the HTTP client).
    """

    def enrol(self, code: str, device_name: str) -> EnrolResponse:
        """Exchange a one-time enrolment code for a device token."""
        ...

    def sign_in(self, username: str, password: str) -> SignInResponse:
        """Sign a person in; returns a user token."""
        ...

    def push(self, mutations: Sequence[Mutation]) -> PushResponse:
        """Send a batch of mutations; one result per mutation, in order."""
        ...

    def pull(self, cursor: str | None, limit: int = 500) -> PullResponse:
        """Changes since `cursor` (None: from the start), one page."""
        ...

    def reference(self) -> ReferenceData:
        """Stores, teams, users (with PIN hashes for a device), taxonomy, retention."""
        ...


def error_body(code: str, message: str) -> dict[str, Any]:
    """The JSON body of every error answer."""
    return {"error": code, "message": message}
