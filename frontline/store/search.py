"""Turning what a person types into a safe FTS5 query."""

from __future__ import annotations

MAX_WORDS = 16


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression for typed `text`: every word must appear (in any order), and
    the last word matches as a prefix while the person is still typing it.

    Each word is quoted as a string, so FTS5 syntax typed by a person (`"`, `*`, `-`, `:`,
    `AND`, `NEAR(`, parentheses) is searched for as text and never raises. Chunks with no
    letter or digit (lone punctuation, emoji) are dropped; "" means "no text filter".
    """
    chunks = text.split()
    words = [c for c in chunks if any(ch.isalnum() for ch in c)][:MAX_WORDS]
    if not words:
        return ""
    parts = ['"' + word.replace('"', '""') + '"' for word in words]
    still_typing = not text[-1:].isspace() and chunks[-1] == words[-1]
    if still_typing:
        parts[-1] += "*"
    return " ".join(parts)
