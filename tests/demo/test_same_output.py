"""The demo data does not change by accident: hashes of what `generate` and `demo_org`
return, pinned when the demo content moved from Python strings to data files
(frontline/core/demo → frontline/demo, issue #11). A deliberate change to the content or
the generator changes them: run this file, check the new figures are wanted, update them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime

from frontline.core.model import Observation
from frontline.demo import demo_org, generate

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


def digest(rows: Iterable[Observation]) -> str:
    h = hashlib.sha256()
    for obs in rows:
        h.update(json.dumps(dataclasses.asdict(obs), sort_keys=True, ensure_ascii=False).encode())
        h.update(b"\n")
    return h.hexdigest()


def test_600_observations_of_seed_7_are_the_pinned_ones() -> None:
    assert digest(generate(600, seed=7, now=NOW)) == \
        "232ba2eb283f11bf3f6f8f08dd7118e7debf480770deb00f7a9763ac490950d2"


def test_20000_observations_of_seed_3_are_the_pinned_ones() -> None:
    # enough to draw nearly every situation, answer and vocabulary line
    assert digest(generate(20_000, seed=3, now=NOW)) == \
        "068caa7da009b2af886d67040e8435c03ae20f8385d1f3c244f14a583821bff0"


def test_observations_of_some_stores_are_the_pinned_ones() -> None:
    # two stores whose language is not English: the local-language texts are drawn too
    assert digest(generate(2000, seed=11, now=NOW, store_codes=["S021", "S092"])) == \
        "a8f870651e1b428a60594c5d784ecadfe6e6eaef68ce2572ccedfc7a789c4b77"


def test_the_demo_organisation_is_the_pinned_one() -> None:
    org = demo_org()
    as_json = json.dumps(dataclasses.asdict(org), sort_keys=True, default=sorted)
    assert hashlib.sha256(as_json.encode()).hexdigest() == \
        "1d0e7f5c22a9ae235b2f3ff704c59cb5b88426bf51f6b9228e62b5453fd2ae24"
    accounts = json.dumps(org.accounts(), sort_keys=True)
    assert hashlib.sha256(accounts.encode()).hexdigest() == \
        "f4ddc16e6558471ed5fcb3b6bdd449bd474a2c3983544dcfbf16ffca3adc2b29"
