"""What managers answer ("you said, we did"), why they sometimes do not act, and the
threats to leave that customers add, from `data/responses.txt`: sections `[key]`,
`[key category]` or `[key lang]`, one template a line. A situation's own `r`/`x` lines
come first."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from random import Random

from frontline.demo.content import lines, read
from frontline.demo.situations import Situation
from frontline.demo.templates import Template, compile_template, render


@cache
def _sections() -> dict[str, tuple[Template, ...]]:
    sections: dict[str, list[Template]] = {}
    key = ""
    for line in lines(read("responses.txt")):
        if line.startswith("[") and line.endswith("]"):
            key = line[1:-1]
            sections[key] = []
        else:
            sections[key].append(compile_template(line))
    return {k: tuple(v) for k, v in sections.items()}


def section_names() -> frozenset[str]:
    return frozenset(_sections())


def templates(key: str) -> tuple[Template, ...]:
    return _sections().get(key, ())


def threats(lang: str) -> tuple[Template, ...]:
    """What customers say when they are about to leave, in `lang` (English by default)."""
    return templates("threat" if lang == "en" else f"threat {lang}") or templates("threat")


# chance that a manager writes an answer, by status
_ANSWER_RATE = {"acknowledged": 0.45, "in_progress": 0.65, "action_taken": 0.9, "closed": 0.75,
                "wont_act": 1.0, "wont_act_note": 0.5, "duplicate": 0.7}


def answers(status: str, rng: Random) -> bool:
    """Whether a manager writes an answer for an observation at `status` (drawn at random:
    not every acknowledgement gets a note)."""
    return rng.random() < _ANSWER_RATE.get(status, 0.0)


def answer(sit: Situation, status: str, lang: str, rng: Random,  # noqa: C901 — demo content, a branch per case
           lookup: Callable[[str], str]) -> str:
    """A manager's answer for an observation of `sit` that reached `status`."""
    kind = sit.kind
    suffix = "" if lang == "en" else f" {lang}"
    pool: tuple[Template, ...] = ()
    if kind == "praise" and status != "duplicate":
        pool = templates(f"did praise{suffix}") or templates("did praise")
    elif status in ("action_taken", "closed"):
        if sit.responses and rng.random() < 0.75:
            pool = sit.responses
        elif lang != "en":
            pool = templates(f"did{suffix}")
        elif kind == "idea":
            pool = templates("did idea")
        else:
            # the category's usual answers fit most situations, the generic ones all
            pool = templates(f"did {sit.category}")
            if not pool or rng.random() < (0.5 if sit.responses else 0.6):
                pool = templates("did")
    elif status == "wont_act":
        if sit.refusals and rng.random() < 0.75:
            pool = sit.refusals
        elif lang != "en":
            pool = templates(f"refuse{suffix}")
        else:
            pool = templates(f"refuse {'idea' if kind == 'idea' else sit.category}")
            if not pool or rng.random() < 0.4:
                pool = templates("refuse")
    elif status == "in_progress" and kind == "idea" and lang == "en":
        pool = templates("progress idea")
    elif status in ("acknowledged", "in_progress", "duplicate", "wont_act_note"):
        key = {"acknowledged": "ack", "in_progress": "progress"}.get(status, status)
        pool = templates(f"{key}{suffix}") or templates(key)
    if not pool:
        return ""
    return render(pool[int(rng.random() * len(pool))], rng, lookup)
