"""A tiny template language for demo texts, compiled once and rendered fast.

    {name}        a named slot, bound once per observation (the same item in the summary,
                  the details and the manager's answer); `name2` is a second, different
                  value from the same list as `name`
    {a|b|c}       one of the alternatives, chosen afresh at each use; they may nest
    {|, again}    an optional piece (an empty alternative)

A compiled template is a tuple of parts: a `str`, a `Slot`, or an `Alt` holding compiled
alternatives. Rendering a template without slots or alternatives returns the string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from random import Random


@dataclass(frozen=True, slots=True)
class Slot:
    """A named slot: its value is looked up once per observation."""

    name: str


@dataclass(frozen=True, slots=True)
class Alt:
    """Alternatives: one is rendered, chosen at random."""

    options: tuple[tuple[str | Slot | Alt, ...], ...]


Template = tuple[str | Slot | Alt, ...]

_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


def compile_template(text: str) -> Template:
    """Compile `text`; raise ValueError on unbalanced braces (a typo in the demo content)."""
    parts, end = _parse(text, 0, top=True)
    if end != len(text):
        raise ValueError(f"unbalanced '}}' in demo template: {text!r}")
    return parts


def _parse(text: str, pos: int, *, top: bool) -> tuple[Template, int]:
    """Parse from `pos` until the end (top level) or an unmatched `|` or `}`."""
    parts: list[str | Slot | Alt] = []
    literal: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if ch == "{":
            if literal:
                parts.append("".join(literal))
                literal = []
            close = text.find("}", pos)
            inner = text[pos + 1:close] if close > 0 else ""
            if close > 0 and _NAME.match(inner):
                parts.append(Slot(inner))
                pos = close + 1
                continue
            options: list[Template] = []
            pos += 1
            while True:
                option, pos = _parse(text, pos, top=False)
                options.append(option)
                if pos >= len(text):
                    raise ValueError(f"unclosed '{{' in demo template: {text!r}")
                if text[pos] == "}":
                    pos += 1
                    break
                pos += 1  # skip "|"
            parts.append(Alt(tuple(options)))
        elif not top and ch in "|}":
            break
        else:
            literal.append(ch)
            pos += 1
    if literal:
        parts.append("".join(literal))
    return tuple(parts), pos


def slots_of(template: Template) -> set[str]:
    """Every slot name used anywhere in `template` (to check the content at import)."""
    names: set[str] = set()
    for part in template:
        if isinstance(part, Slot):
            names.add(part.name)
        elif isinstance(part, Alt):
            for option in part.options:
                names |= slots_of(option)
    return names


def render(template: Template, rng: Random, lookup: Callable[[str], str]) -> str:
    """Render a compiled template; `lookup(name)` gives a slot's (bound) value."""
    if len(template) == 1 and type(template[0]) is str:
        return template[0]
    return tidy(_render(template, rng, lookup))


def render_fragment(template: Template, rng: Random, lookup: Callable[[str], str]) -> str:
    """Render a slot value: like `render`, but it keeps its case (it lands mid-sentence)."""
    if len(template) == 1 and type(template[0]) is str:
        return template[0]
    text = _render(template, rng, lookup)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip()


def _render(template: Template, rng: Random, lookup: Callable[[str], str]) -> str:
    out: list[str] = []
    for part in template:
        kind = type(part)
        if kind is str:
            out.append(part)  # type: ignore[arg-type]
        elif kind is Slot:
            out.append(lookup(part.name))  # type: ignore[union-attr]
        else:
            options = part.options  # type: ignore[union-attr]
            out.append(_render(options[int(rng.random() * len(options))], rng, lookup))
    return "".join(out)


def tidy(text: str) -> str:
    """Mend what optional pieces leave behind: doubled spaces, a space before punctuation,
    a lower-case letter starting the text or a sentence."""
    if "  " in text:
        while "  " in text:
            text = text.replace("  ", " ")
    if " ," in text or " ." in text:
        text = text.replace(" ,", ",").replace(" .", ".")
    text = text.strip()
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    if ". " in text or "! " in text or "? " in text:
        text = _SENTENCE_START.sub(lambda m: m.group(0).upper(), text)
    return text


# a lower-case letter starting a sentence, left by a slot such as {competitor}
_SENTENCE_START = re.compile(r"(?<=[.!?] )[a-z]")
