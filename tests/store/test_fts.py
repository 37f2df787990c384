from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attune_app.store.fts import fts_query
from attune_app.store.library import Library
from attune_app.store.queries import search, tags_for_clip

AWKWARD = ['"', "AND(", "*", 'a"b', "NEAR(a b)", "^x", "x:y", "-", "(", '""', "\x00", "a\x00b"]


def test_awkward_user_text_never_breaks_search(library: Library) -> None:
    for text in AWKWARD:
        assert search(library.db, text) == []
        assert tags_for_clip(library.db, 1, text=text) == []


def test_control_characters_are_dropped_from_terms() -> None:
    assert fts_query("smi\x00les \x07") == '"smiles"*'


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_text_is_a_valid_query(library: Library, text: str) -> None:
    search(library.db, text)
    tags_for_clip(library.db, 1, text=text)


def test_search_finds_a_note_with_punctuation(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", create=True, auto_backup=False) as library:
        with library.transaction() as db:
            db.execute("INSERT INTO comments (text, created_at) VALUES (?, '2026')", ["AND( she*"])
        assert [hit.kind for hit in search(library.db, "AND( she*")] == ["comment"]
