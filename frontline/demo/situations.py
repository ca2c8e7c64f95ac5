"""Parse the demo situations (`data/situations/*.txt`) into compiled, checked records.

A situation is one thing that happens to customers, written as a block:

    @ pain queue_wait at=gfd ch=in_store ct=e6u3p1 sev=2-4 sw=.1 w=2
    s Only {tills} open on {day} {daypart}, queue back to {area}
    d Customers were putting baskets down and leaving. …
    q We've been stood here {mins} minutes.
    q! Every Saturday it's the same, I'll go to {competitor} next time.
    a Opened the customer service till and called {colleague} back from break.
    g A second person on the tills from 10 to 2 on Saturdays.
    r We've added a till at the weekend from {date}. Thanks for raising it.
    x The tills are already at the maximum our staffing allows on Saturdays.

Header: the kind (`pain`, `praise`, `idea`) and category code (`category/department` to
name an owning department other than the category's default), then optional settings:
`at` the store formats (g grocery, f fashion, e electronics, d diy, c call centre,
r = all retail, * = everywhere; default *); `ch` the channels, `name:weight` comma-separated
(`retail list|call-centre list` when they differ); `ct` customer types as letter+weight
(e existing, p prospect, f former, u unknown; default e5u4p1); `sev` a severity range or
`-`; `sw` the chance the customer threatened to leave; `w` how common it is; `lang`.
Lines: s summary, d details, q quote (q! a quote that is itself a switch threat),
a action taken on the spot, g suggestion, r a manager's answer once acted on, x a reason
for not acting, and `v name: value | value` a slot of this situation only, so that the
summary and the details name the same problem. Every line is a template (see `templates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from frontline.core import taxonomy
from frontline.demo.templates import Template, compile_template

KIND_CODES = {"pain": "pain_point", "praise": "praise", "idea": "idea"}
FORMAT_LETTERS = {"g": "grocery", "f": "fashion", "e": "electronics", "d": "diy",
                  "c": "call_centre"}
TYPE_LETTERS = {"e": "existing", "p": "prospect", "f": "former", "u": "unknown"}
_DEFAULT_SEVERITY = {"pain_point": (2, 3), "praise": None, "idea": None}


@dataclass(frozen=True)
class Situation:
    """One parsed block. Channel and customer-type weights are cumulative (for bisect)."""

    kind: str
    category: str
    department: str
    formats: frozenset[str]
    channels_retail: tuple[tuple[str, ...], tuple[float, ...]]
    channels_calls: tuple[tuple[str, ...], tuple[float, ...]]
    customer_types: tuple[tuple[str, ...], tuple[float, ...]]
    severity: tuple[int, int] | None
    switch: float
    weight: float
    language: str
    summaries: tuple[Template, ...]
    details: tuple[Template, ...]
    quotes: tuple[Template, ...]
    threat_quotes: tuple[Template, ...]
    actions: tuple[Template, ...]
    suggestions: tuple[Template, ...]
    responses: tuple[Template, ...]
    refusals: tuple[Template, ...]
    vocab: dict[str, tuple[Template, ...]]  # slots of this situation only ("v" lines)
    source: str  # the first summary line, to name the block in error messages


def _weights(spec: str, valid: frozenset[str], what: str, where: str
             ) -> tuple[tuple[str, ...], tuple[float, ...]]:
    names: list[str] = []
    weights: list[float] = []
    for item in spec.split(","):
        name, _, weight = item.partition(":")
        if name not in valid:
            raise ValueError(f"demo situation {where!r}: unknown {what} {name!r}")
        names.append(name)
        weights.append(float(weight or 1))
    return tuple(names), tuple(accumulate(weights))


def _types(spec: str, where: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    names: list[str] = []
    weights: list[float] = []
    i = 0
    while i < len(spec):
        letter = spec[i]
        j = i + 1
        while j < len(spec) and (spec[j].isdigit() or spec[j] == "."):
            j += 1
        if letter not in TYPE_LETTERS:
            raise ValueError(f"demo situation {where!r}: unknown customer type {letter!r}")
        names.append(TYPE_LETTERS[letter])
        weights.append(float(spec[i + 1:j] or 1))
        i = j
    return tuple(names), tuple(accumulate(weights))


def parse(text: str) -> list[Situation]:
    """Parse every block in `text`; raise ValueError naming the block at fault."""
    situations: list[Situation] = []
    blocks = [b for b in ("\n" + text).split("\n@ ")[1:] if b.strip()]
    channels = taxonomy.codes(taxonomy.CHANNELS)
    categories = taxonomy.codes(taxonomy.CATEGORIES)
    departments = taxonomy.codes(taxonomy.DEPARTMENTS)
    for block in blocks:
        lines = [ln.strip() for ln in block.strip().removeprefix("@ ").splitlines()
                 if not ln.lstrip().startswith("#")]
        header, body = lines[0].split(), [ln for ln in lines[1:] if ln]
        where = next((ln for ln in body if ln.startswith("s ")), lines[0])
        kind = KIND_CODES[header[0]]
        category, _, department = header[1].partition("/")
        if category not in categories:
            raise ValueError(f"demo situation {where!r}: unknown category {category!r}")
        department = department or taxonomy.department_of(category) or ""
        if department not in departments:
            raise ValueError(f"demo situation {where!r}: unknown department {department!r}")
        opts = dict(item.split("=", 1) for item in header[2:])
        at = opts.get("at", "*").replace("r", "gfed").replace("*", "gfedc")
        ch = opts["ch"]
        retail_ch, _, calls_ch = ch.partition("|")
        sev = opts.get("sev")
        severity: tuple[int, int] | None
        if sev is None:
            severity = _DEFAULT_SEVERITY[kind]
        elif sev == "-":
            severity = None
        else:
            low, _, high = sev.partition("-")
            severity = (int(low), int(high or low))
        lines_of: dict[str, list[Template]] = {k: [] for k in ("s", "d", "q", "q!", "a", "g",
                                                               "r", "x")}
        vocab: dict[str, tuple[Template, ...]] = {}
        for ln in body:
            tag, _, rest = ln.partition(" ")
            if tag == "v":
                name, _, values = rest.partition(":")
                vocab[name.strip()] = tuple(compile_template(v.strip())
                                            for v in values.split(" | ") if v.strip())
                continue
            if tag not in lines_of:
                raise ValueError(f"demo situation {where!r}: unknown line tag {tag!r}")
            lines_of[tag].append(compile_template(rest.strip()))
        if not lines_of["s"]:
            raise ValueError(f"demo situation {where!r}: no summary line")
        situations.append(Situation(
            kind=kind,
            category=category,
            department=department,
            formats=frozenset(FORMAT_LETTERS[c] for c in at),
            channels_retail=_weights(retail_ch, channels, "channel", where),
            channels_calls=_weights(calls_ch or retail_ch, channels, "channel", where),
            customer_types=_types(opts.get("ct", "e5u4p1"), where),
            severity=severity,
            switch=float(opts.get("sw", 0)),
            weight=float(opts.get("w", 1)),
            language=opts.get("lang", "en"),
            summaries=tuple(lines_of["s"]),
            details=tuple(lines_of["d"]),
            quotes=tuple(lines_of["q"]),
            threat_quotes=tuple(lines_of["q!"]),
            actions=tuple(lines_of["a"]),
            suggestions=tuple(lines_of["g"]),
            responses=tuple(lines_of["r"]),
            refusals=tuple(lines_of["x"]),
            vocab=vocab,
            source=where,
        ))
    return situations
