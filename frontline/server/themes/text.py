"""Text preparation for theme discovery: placeholders out, words in, language guessed.

A note becomes a list of lower-case words (letters only). Redaction placeholders such as
`[phone]` are dropped first: they say nothing about the theme. Matching against the
lexicon uses *folded* words (no accents, `ß` → `ss`, `ł` → `l`), so a word typed without
its accents still matches; stemming uses the word as typed, which the Snowball stemmers
expect. The language is the one whose function words the note uses most: cheap, and
enough to pick a stemmer and a stop-word list for notes of a sentence or two.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import snowballstemmer

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "nl", "pl")
_SNOWBALL = {"en": "english", "de": "german", "fr": "french", "es": "spanish", "nl": "dutch",
             "pl": "polish"}
_PLACEHOLDER = re.compile(r"\[[a-z_]+\]")
_WORD = re.compile(r"[^\W\d_]+")
_FOLD_EXTRA = str.maketrans({"ß": "ss", "ł": "l", "ä": "ae", "ö": "oe", "ü": "ue", "ø": "o",
                             "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "’": "'"})
# Letters that only some of our languages use: a tie-breaker for notes without function words.
_MARKS: dict[str, str] = {"de": "äöüß", "fr": "çèêëàâîïôûùœ", "es": "ñ¿¡áíóú",
                          "nl": "ĳ", "pl": "ąćęłńśźż"}


@dataclass(frozen=True)
class Prepared:
    """One note ready for features: its language and its words (None: nothing usable)."""

    language: str | None
    words: tuple[str, ...]
    folded: tuple[str, ...] = ()


@lru_cache(maxsize=262144)
def fold(word: str) -> str:
    """`word` without accents or case: `Größe` → `groesse`, `płatność` → `platnosc`.

    Umlauts become two letters, as Germans write them without the key (`Schränke` is
    `schraenke`, never `schranke`, the barrier).
    """
    lowered = word.lower().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") for c in word)


@lru_cache(maxsize=1)
def _languages_of_stop_words() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for language, words in stop_words().items():
        for word in words:
            out[word] = (*out.get(word, ()), language)
    return out


_MARK_LANGUAGE = {c: lang for lang, marks in _MARKS.items() for c in marks}


@lru_cache(maxsize=1)
def stop_words() -> dict[str, frozenset[str]]:
    """Each language's function words, folded."""
    text = resources.files("frontline.server.themes").joinpath("data/stopwords.tsv").read_text(
        encoding="utf-8")
    out: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, words = line.split("\t", 1)
        out[language] = frozenset(fold(w) for w in words.split())
    return out


def words_of(text: str) -> list[str]:
    """The Latin-script words of `text`, lower case, placeholders removed."""
    cleaned = _PLACEHOLDER.sub(" ", text.lower())
    return [w for w in _WORD.findall(cleaned) if _is_latin(w)]


@lru_cache(maxsize=262144)
def _votes(word: str) -> tuple[tuple[str, float], ...]:
    """What one word says about its language: function word of, letters used by."""
    votes = [(lang, 1.0) for lang in _languages_of_stop_words().get(fold(word), ())]
    votes += [(_MARK_LANGUAGE[c], 0.6) for c in word if c in _MARK_LANGUAGE]
    if "ij" in word:
        votes.append(("nl", 0.3))
    return tuple(votes)


def identify(words: list[str] | tuple[str, ...]) -> str:
    """The language of a note from its function words, then its letters.

    English when nothing decides.
    """
    scores = dict.fromkeys(LANGUAGES, 0.0)
    for word in words:
        for lang, weight in _votes(word):
            scores[lang] += weight
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"


def prepare(text: str | None) -> Prepared:
    """A note's language and words; `Prepared(None, ())` for empty, emoji-only or non-Latin text."""
    words = words_of(text or "")
    if not words:
        return Prepared(None, ())
    return Prepared(identify(words), tuple(words), tuple(fold(w) for w in words))


@lru_cache(maxsize=8)
def _stemmer(language: str) -> snowballstemmer.BaseStemmer:
    return snowballstemmer.stemmer(_SNOWBALL.get(language, "english"))


@lru_cache(maxsize=262144)
def stem(word: str, language: str) -> str:
    """The Snowball stem of `word`, folded (so `Größe` and `grosse` meet)."""
    return fold(_stemmer(language).stemWord(word))
