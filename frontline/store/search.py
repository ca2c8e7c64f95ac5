"""Turning what a person types into a safe FTS5 query."""

from __future__ import annotations

import unicodedata

MAX_WORDS = 16


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression for typed `text`: every word must appear (in any order), and
    the last word matches as a prefix while the person is still typing it.

    Each word is quoted as a string, so FTS5 syntax typed by a person (`"`, `*`, `-`, `:`,
    `AND`, `NEAR(`, parentheses) is searched for as text and never raises. Chunks with no
    letter or digit (lone punctuation, emoji) are dropped, and so is a last word of one
    letter still being typed; "" means "no text filter".
    """
    chunks = text.split()
    words = [c for c in chunks if any(ch.isalnum() for ch in c)][:MAX_WORDS]
    if not words:
        return ""
    parts = ['"' + word.replace('"', '""') + '"' for word in words]
    still_typing = not text[-1:].isspace() and chunks[-1] == words[-1]
    if still_typing:
        if sum(ch.isalnum() for ch in words[-1]) < 2 and not _wide(words[-1]):
            # One letter typed so far matches nearly every row and costs a full index walk:
            # the search starts with the second letter.
            parts.pop()
        else:
            parts[-1] += "*"
    return " ".join(parts)


def _wide(word: str) -> bool:
    """True for scripts where one character is a word (Chinese, Japanese)."""
    return any(unicodedata.east_asian_width(ch) == "W" for ch in word)
