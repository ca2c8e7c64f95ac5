"""Theme discovery (`frontline-server themes discover`): the file contract, the quality
bar on the dev set, and notes about one incident in three languages meeting."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from frontline.server.cli import main
from frontline.server.themes.cluster import LEFTOVER, discover
from tests.themes_scoring import load, score

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "tests" / "data" / "themes" / "dev" / "notes.jsonl"


def _discover(tmp_path: Path, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                      encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "data"), "themes", "discover",
                 "--jsonl", str(source), "--out", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_input_id_is_written_once_in_order_without_a_database(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {"id": n["id"], "text": n["text"]} for n in load(DEV)][:120]
    rows += [{"id": "empty", "text": ""}, {"id": "blank", "text": "   "},
             {"id": "emoji", "text": "😡😡👍"}, {"id": "digits", "text": "12345 !!"},
             {"id": "cyrillic", "text": "Очередь на кассе слишком длинная"},
             {"id": "greek", "text": "Πολύ μεγάλη ουρά στο ταμείο"},
             {"id": "placeholder", "text": "[phone] [email]"},
             {"id": 7, "text": None}, {"id": "no-text"}]
    out = _discover(tmp_path, rows)
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    assert all(set(r) == {"id", "theme"} for r in out)
    by_id = {r["id"]: r["theme"] for r in out}
    for unusable in ("empty", "blank", "emoji", "digits", "cyrillic", "greek", "placeholder",
                     7, "no-text"):
        assert by_id[unusable] is None, unusable
    assert all(isinstance(by_id[r["id"]], str) for r in rows[:120])
    assert not (tmp_path / "data").exists()  # no database, no data folder


def test_zero_lines_give_an_empty_output(tmp_path: Path) -> None:
    assert _discover(tmp_path, []) == []
    assert discover([]).labels == [] and discover([None, ""]).labels == [None, None]


def test_the_console_script_runs_and_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": 1, "text": "Queue at the tills"}\nnot json\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "frontline.server.cli", "themes", "discover",
                           "--jsonl", str(source), "--out", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 1 and "in.jsonl:2: not JSON" in done.stderr
    source.write_text('{"id": 1, "text": "Queue at the tills"}\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "frontline.server.cli", "themes", "discover",
                           "--jsonl", str(source), "--out", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [1]


def test_the_dev_set_meets_the_quality_bar() -> None:
    notes = load(DEV)
    labels = discover([str(n["text"]) for n in notes]).labels
    result = score({str(n["id"]): str(n["theme"]) for n in notes},
                   {str(n["id"]): label for n, label in zip(notes, labels, strict=True)})
    assert result.nmi >= 0.40, result.line()
    assert result.found >= len(result.incidents) / 2, result.line()


@pytest.mark.parametrize("incident", [
    ("Freezer near the dairy is dripping water again, the floor is soaking wet",
     "Die Gefriertruhe tropft, überall Wasser auf dem Boden",
     "La congeladora gotea y el suelo está mojado, cuidado"),
    ("The coin got stuck in the new trolley's lock and he never got it back",
     "Munt zit vast in het slot van de nieuwe winkelwagen",
     "Moneta zablokowała się w nowym wózku, klient jej nie odzyskał"),
])
def test_one_incident_in_three_languages_lands_in_one_theme(
        incident: tuple[str, str, str]) -> None:
    notes = load(DEV)
    labels = discover([str(n["text"]) for n in notes] + list(incident)).labels
    new = labels[len(notes):]
    assert new[0] == new[1] == new[2] and new[0] not in (None, LEFTOVER), new


def test_the_result_is_deterministic() -> None:
    texts = [str(n["text"]) for n in load(DEV)]
    first = discover(texts)
    assert discover(texts).labels == first.labels
    assert Counter(first.labels).most_common(1)[0][1] < len(texts) / 4  # not one blob


@pytest.mark.parametrize(("text", "language", "concepts"), [
    ("Die Parkhausschranke hat zweimal abgebucht", "de", {"parking", "barrier", "double",
                                                           "charge"}),
    ("Der Papiertütenhenkel ist abgerissen", "de", {"bag", "handle", "tear"}),
    ("de parkeergarageslagboom", None, {"parking", "barrier"}),
    ("Die Kundenkarte", "de", {"loyalty"}),
    ("Die Kühlschränke sind warm", "de", {"cold"}),
    ("Mot de passe oublié dans l'appli", "fr", {"login", "reset", "app"}),
    ("Płatność telefonem nie przechodzi od aktualizacji", "pl",
     {"pay", "phone", "declined", "update"}),
    ("El cliente pagó con Apple Pay y la caja lo rechazó", "es",
     {"customer", "pay", "wallet", "till", "declined"}),
])
def test_words_of_six_languages_meet_in_concepts(text: str, language: str | None,
                                                 concepts: set[str]) -> None:
    from frontline.server.themes.features import CONCEPT, features
    from frontline.server.themes.text import prepare

    note = prepare(text)
    if language is not None:
        assert note.language == language
    found = {f[len(CONCEPT):] for f in features(note) if f.startswith(CONCEPT)}
    assert concepts <= found, found


def test_the_summary_names_each_theme_and_a_typical_note(tmp_path: Path) -> None:
    notes = load(DEV)
    source, out, summary = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "s.json"
    source.write_text("".join(json.dumps({"id": n["id"], "text": n["text"]}, ensure_ascii=False)
                              + "\n" for n in notes), encoding="utf-8")
    assert main(["themes", "discover", "--jsonl", str(source), "--out", str(out),
                 "--summary", str(summary)]) == 0
    themes = json.loads(summary.read_text(encoding="utf-8"))
    labels = Counter(json.loads(line)["theme"] for line in out.read_text().splitlines())
    assert {th["theme"]: th["size"] for th in themes} == {
        label: n for label, n in labels.items() if label not in (None, LEFTOVER)}
    texts = {n["id"]: n["text"] for n in notes}
    assert all(texts[th["typical"]["id"]] == th["typical"]["text"] for th in themes)
    assert all(len(th["terms"]) == 3 and th["language"] in ("en", "de", "fr", "es", "nl", "pl")
               for th in themes)
