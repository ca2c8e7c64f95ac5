"""Fuzzing the push (issue #19): random mutations of a valid batch's middle item (wrong
types, huge numbers, odd Unicode, nulls, missing and extra fields, nested junk, times at
the edges) never make a 5xx, never fail the batch, and the valid items around it land.
Bounded: about 200 examples each, well under a minute. (JSON has no Infinity or NaN: a body
with them is not JSON, a 400 for the request, so they are not drawn.)"""

from __future__ import annotations

import copy
import json
from typing import Any

import pydantic
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline.core.ids import new_id
from frontline.server.db import Database
from frontline.server.schemas import Mutation
from frontline.server.settings import Settings
from tests.helpers.server import World, device_headers, enrol, observation, sign_in, upsert

EDGE_TIMES = ["9999-12-31T23:59:59.999-01:00", "0001-01-01T00:00:00.000+01:00",
              "9999-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "2000-01-01T00:00:00.000Z",
              "1999-12-31T23:59:59.999Z", "2026-02-30T10:00:00Z", "2026-11-23T24:00:00Z",
              "2026-11-23T10:00:00+24:00", "+275760-09-13T00:00:00Z", "2026-11-23",
              "2026-11-23T10:00:00", "T", "", "\u0662\u0660\u0662\u0666-11-23T10:00:00Z"]
ODD_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60) | st.sampled_from([
    "\x1b[2J\x1b]0;owned\x07", "=HYPERLINK(\"http://x\")", "../../etc/passwd", "\u202e\u2066",
    "e\u0301" * 20, "\U0001f600" * 50, "'; DROP TABLE observations; --", "\x00", "\ud800",
    "\u00b2", "\uff11", "0190f000-0000-7000-8000-000000000000", "x" * 50_000])
SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**18)
           | st.floats(allow_nan=False, allow_infinity=False) | ODD_TEXT
           | st.sampled_from(EDGE_TIMES))
JUNK = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(ODD_TEXT, inner, max_size=3), max_leaves=8)
OPS = ["observation.upsert", "observation.withdraw", "review.update", "review.merge",
       "review.unmerge"]


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            out += paths(inner, (*prefix, key))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> Any:
    """`base` with one to three random changes."""
    item: Any = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        if not isinstance(item, dict):
            break
        where = draw(st.sampled_from(paths(item)))
        action = draw(st.sampled_from(["replace", "delete", "add", "time", "op"]))
        if not where:
            item = draw(JUNK) if action == "replace" else item
            continue
        *parents, last = where
        holder = item
        for key in parents:
            holder = holder[key]
        if action == "replace":
            holder[last] = draw(JUNK)
        elif action == "delete":
            del holder[last]
        elif action == "add" and isinstance(holder, dict):
            holder[draw(ODD_TEXT)] = draw(JUNK)
        elif action == "time":
            holder[last] = draw(st.sampled_from(EDGE_TIMES))
        else:
            item["op"] = draw(st.sampled_from(OPS))
    return item


def valid_item(author: str) -> dict[str, Any]:
    return upsert(observation(author_id=author, severity=3, details="Till 3",
                              customer_words="Too slow", category=None))


@settings(max_examples=200, deadline=None)
@given(mutated(valid_item("0190f000-0000-7000-8000-000000000000")))
def test_the_protocol_models_only_ever_refuse_with_a_validation_error(item: Any) -> None:
    try:
        pydantic.TypeAdapter(Mutation).validate_python(item)
    except pydantic.ValidationError:
        pass


@pytest.fixture
def fuzz_target(client: TestClient, db: Database, settings: Settings,
                world: World) -> tuple[TestClient, dict[str, str], str]:
    pc = device_headers(enrol(client, db, settings, world.store_a))
    sign_in(client, "emp_a")
    return client, pc, world.users["emp_a"]


def test_a_mangled_item_never_fails_the_batch(
        fuzz_target: tuple[TestClient, dict[str, str], str]) -> None:
    client, pc, author = fuzz_target
    tried: list[int] = []

    @settings(max_examples=200, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def check(data: st.DataObject) -> None:
        base = valid_item(author)
        if data.draw(st.booleans()):  # other shapes too
            base = data.draw(st.sampled_from([
                {"id": new_id(), "op": "observation.withdraw", "observation_id": new_id()},
                {"id": new_id(), "op": "review.update", "observation_id": new_id(),
                 "base_rev": 1, "changes": {"status": "acknowledged", "response": "Thanks"}},
                {"id": new_id(), "op": "review.merge", "observation_id": new_id(),
                 "base_rev": 1, "into": new_id()},
            ]))
        bad = data.draw(mutated(base))
        first, last = valid_item(author), valid_item(author)
        body = json.dumps({"mutations": [first, bad, last]})
        response = client.post("/v1/push", content=body.encode(),
                               headers={**pc, "Content-Type": "application/json"})
        tried.append(response.status_code)
        assert response.status_code < 500, response.text
        assert response.status_code == 200, response.text  # the body is a valid batch
        results = response.json()["results"]
        assert len(results) == 3
        assert results[0]["status"] == "applied", results[0]
        assert results[2]["status"] == "applied", results[2]

    check()
    assert len(tried) >= 100
