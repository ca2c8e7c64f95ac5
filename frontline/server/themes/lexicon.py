"""The multilingual concept lexicon: words of six languages mapped to shared concept ids.

This is what lets notes about one problem meet across languages: `Tüte`, `sac`, `bolsa`,
`tas` and `torba` all become the concept `bag`. The lexicon (`data/concepts.tsv`) is
general retail and customer-service vocabulary; a word ending in `*` there is a prefix,
which covers inflections (Polish `torby`, `torbę`) and the first part of compounds. A
German or Dutch compound that matches nothing whole (`Papiertüte`, `parkeergarage`) is
split where both halves, or at least the head, are in the lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from frontline.server.themes.text import LANGUAGES, fold

_MIN_PREFIX = 3
_COMPOUND_LANGUAGES = frozenset({"de", "nl"})
_LINKS = ("", "s", "n", "en", "e", "es")


@dataclass
class _Vocabulary:
    exact: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    first_words: dict[str, str] = field(default_factory=dict)  # concept → word, for labels
    first_stubs: dict[str, str] = field(default_factory=dict)  # … when it has only prefixes


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Concept lookup per language, with English as every language's second language."""

    vocabularies: dict[str, _Vocabulary]

    def concept_word(self, concept: str, language: str) -> str:
        """A readable word for `concept` in `language` (for theme labels)."""
        for lang in (language, "en"):
            vocabulary = self.vocabularies[lang]
            word = vocabulary.first_words.get(concept) or vocabulary.first_stubs.get(concept)
            if word:
                return word
        return concept

    def phrase_starts(self, language: str) -> frozenset[str]:
        """The words that start a phrase of `language` or of English."""
        return _phrase_starts(self, language)

    def phrase_at(self, folded: list[str], i: int, language: str) -> tuple[str, int] | None:
        """The concept of a multi-word phrase starting at word `i`, and its length."""
        candidates = self.vocabularies[language].phrases.get(folded[i])
        english = self.vocabularies["en"].phrases.get(folded[i])
        if candidates is None and english is None:
            return None
        for words, concept in (candidates or []) + (english or []):
            if tuple(folded[i:i + len(words)]) == words:
                return concept, len(words)
        return None

    def lookup(self, word: str, language: str) -> tuple[str, ...]:
        """The concepts of one folded word: whole word, longest prefix, then compound parts."""
        return _cached(word, language)


def _match(vocabulary: _Vocabulary, word: str, min_prefix: int = _MIN_PREFIX) -> str | None:
    return _match_length(vocabulary, word, min_prefix)[0]


def _match_length(vocabulary: _Vocabulary, word: str,
                  min_prefix: int = _MIN_PREFIX) -> tuple[str | None, int]:
    """The concept of `word` (whole, else longest prefix) and how many letters matched."""
    concept = vocabulary.exact.get(word)
    if concept is not None:
        return concept, len(word)
    for end in range(len(word), min_prefix - 1, -1):
        concept = vocabulary.prefixes.get(word[:end])
        if concept is not None:
            return concept, end
    return None, 0


def _split(vocabulary: _Vocabulary, word: str, after: int = 0) -> tuple[str, ...]:
    """Concepts of a compound: the longest head in the lexicon, and its modifier if known.

    The head starts at or after letter `after` (a known prefix is not cut through).
    """
    for cut in range(max(3, after), len(word) - 3):
        head = word[cut:]
        head_concept = vocabulary.exact.get(head) or _match_prefix_only(vocabulary, head)
        if head_concept is None:
            continue
        modifier = word[:cut]
        for link in _LINKS:
            if link and not modifier.endswith(link):
                continue
            stem = modifier[: len(modifier) - len(link)] if link else modifier
            if len(stem) >= _MIN_PREFIX:
                mod_concept = _match(vocabulary, stem)
                if mod_concept is not None:
                    return (mod_concept, head_concept) if mod_concept != head_concept else (
                        head_concept,)
        if len(head) >= 4:
            return (head_concept,)
    return ()


def _match_prefix_only(vocabulary: _Vocabulary, word: str) -> str | None:
    for end in range(len(word), _MIN_PREFIX, -1):
        concept = vocabulary.prefixes.get(word[:end])
        if concept is not None:
            return concept
    return None


@lru_cache(maxsize=16)
def _phrase_starts(lexicon: Lexicon, language: str) -> frozenset[str]:
    return frozenset(lexicon.vocabularies[language].phrases) | frozenset(
        lexicon.vocabularies["en"].phrases)


@lru_cache(maxsize=262144)
def _cached(word: str, language: str) -> tuple[str, ...]:
    """Lookup order: the note's language (a compound of two known parts first), English,
    a compound's head, then the other languages (a misread note, a borrowed word)."""
    vocabularies = load().vocabularies
    own, matched = _match_length(vocabularies[language], word)
    if own is not None and language in _COMPOUND_LANGUAGES and len(word) - matched >= 4:
        # a known first part and more after it (`Parkhaus|schranke`): a compound of two?
        parts = _split(vocabularies[language], word, after=matched)
        if len(parts) == 2:
            return parts
    if own is not None:
        return (own,)
    concept = _match(vocabularies["en"], word)
    if concept is not None:
        return (concept,)
    return _elsewhere(vocabularies, word, language)


def _elsewhere(vocabularies: dict[str, _Vocabulary], word: str,
               language: str) -> tuple[str, ...]:
    """Concepts of a word its own language and English do not know."""
    if language in _COMPOUND_LANGUAGES and len(word) >= 7:
        parts = _split(vocabularies[language], word)
        if parts:
            return parts
    if language not in _COMPOUND_LANGUAGES and len(word) >= 8:
        for lang in _COMPOUND_LANGUAGES:  # a lone compound read as another language
            parts = _split(vocabularies[lang], word)
            if len(parts) == 2:
                return parts
    if len(word) >= 5:
        for lang in LANGUAGES:
            if lang not in (language, "en"):
                concept = _match(vocabularies[lang], word, min_prefix=5)
                if concept is not None:
                    return (concept,)
    return ()


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The packaged lexicon (read once)."""
    text = resources.files("frontline.server.themes").joinpath("data/concepts.tsv").read_text(
        encoding="utf-8")
    vocabularies = {lang: _Vocabulary() for lang in LANGUAGES}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            concept, language, terms = line.split("\t")
        except ValueError as error:
            raise ValueError(
                f"concepts.tsv line {number}: expected 3 tab-separated fields") from error
        vocabulary = vocabularies[language]
        for raw in terms.split(","):
            term = fold(raw.strip()).replace("-", " ")
            if not term:
                continue
            if raw.strip().endswith("*"):
                vocabulary.first_stubs.setdefault(concept, raw.strip().rstrip("*"))
            else:
                vocabulary.first_words.setdefault(concept, raw.strip())
            if " " in term or "'" in term:
                words = tuple(w.rstrip("*") for w in term.replace("'", " ").split() if w)
                vocabulary.phrases.setdefault(words[0], []).append((words, concept))
                vocabulary.phrases[words[0]].sort(key=lambda p: -len(p[0]))
            elif term.endswith("*"):
                vocabulary.prefixes.setdefault(term[:-1], concept)
            else:
                vocabulary.exact.setdefault(term, concept)
    return Lexicon(vocabularies)
