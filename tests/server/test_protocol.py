"""The shared wire types: importable without the server, and in step with the server's
pydantic models that validate and document the same shapes."""

from __future__ import annotations

import subprocess
import sys
from typing import get_type_hints

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from frontline.server import schemas
from frontline.sync import protocol


def test_the_protocol_module_imports_without_server_libraries() -> None:
    code = ("import sys, frontline.sync.protocol; "
            "heavy = {'pydantic', 'fastapi', 'sqlalchemy', 'frontline.server', 'PySide6'} "
            "& set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


PAIRS: list[tuple[type, type[BaseModel]]] = [
    (protocol.ObservationWire, schemas.ObservationOut),
    (protocol.ReviewChanges, schemas.ReviewChanges),
    (protocol.UpsertMutation, schemas.UpsertMutation),
    (protocol.WithdrawMutation, schemas.WithdrawMutation),
    (protocol.ReviewMutation, schemas.ReviewMutation),
    (protocol.MutationResult, schemas.MutationResult),
    (protocol.PushRequest, schemas.PushRequest),
    (protocol.PushResponse, schemas.PushResponse),
    (protocol.PullResponse, schemas.PullResponse),
    (protocol.EnrolRequest, schemas.EnrolRequest),
    (protocol.EnrolResponse, schemas.EnrolResponse),
    (protocol.SignInRequest, schemas.SignInRequest),
    (protocol.SignInResponse, schemas.SignInResponse),
    (protocol.UserWire, schemas.UserOut),
    (protocol.WhoAmI, schemas.WhoAmI),
    (protocol.ReferenceData, schemas.ReferenceData),
    (protocol.Taxonomy, schemas.TaxonomyOut),
    (protocol.StoreWire, schemas.StoreOut),
    (protocol.TeamWire, schemas.TeamOut),
    (protocol.RegionWire, schemas.RegionOut),
    (protocol.OrganisationWire, schemas.OrganisationOut),
    (protocol.AuditEntry, schemas.AuditEntry),
]


@pytest.mark.parametrize(("wire", "model"), PAIRS, ids=[w.__name__ for w, _ in PAIRS])
def test_wire_types_and_server_models_have_the_same_fields(wire: type,
                                                           model: type[BaseModel]) -> None:
    assert set(get_type_hints(wire)) == set(model.model_fields)


def test_observation_content_covers_what_the_server_accepts() -> None:
    accepted = set(schemas.ObservationIn.model_fields)
    assert set(get_type_hints(protocol.ObservationContent)) <= accepted


def test_the_observation_wire_has_every_domain_field() -> None:
    from dataclasses import fields

    from frontline.core.model import Observation

    assert {f.name for f in fields(Observation)} <= set(get_type_hints(protocol.ObservationWire))


def test_the_openapi_schema_documents_request_bodies(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/push", "/v1/enrol", "/v1/sign-in", "/v1/enrolment-codes"):
        body = spec["paths"][path]["post"]["requestBody"]
        ref = body["content"]["application/json"]["schema"]["$ref"]
        assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"]


def test_nul_characters_are_refused_before_they_reach_the_database(client: TestClient) -> None:
    response = client.post("/v1/sign-in", content=b'{"username": "a\\u0000b", "password": "x"}',
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]
