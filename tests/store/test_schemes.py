from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attune_app.domain.codes import SchemeError, parse_scheme, scheme_to_json_value
from attune_app.store.schemes import bundled_schemes_dir, read_scheme_file, read_scheme_folder


def test_bundled_schemes_are_valid_and_round_trip() -> None:
    schemes = read_scheme_folder(bundled_schemes_dir())
    assert len(schemes) >= 5
    for scheme in schemes:
        assert parse_scheme(scheme_to_json_value(scheme)) == scheme


def test_vig_has_six_principles_with_behaviours() -> None:
    vig = read_scheme_file(bundled_schemes_dir() / "vig_principles.json")
    principles = vig.codes_for("principle")
    assert len(principles) == 6
    parents = {code.parent for code in vig.codes_for("behaviour")}
    assert parents == {code.key for code in principles}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"name": "Bad Name", "version": 1}', "'name' must be lower-case"),
        ('{"name": "ok", "version": 0, "groups": []}', "'version' must be"),
        ('{"name": "ok", "version": 1, "title": "t", "groups": []}', "'groups' must be"),
        (
            '{"name": "ok", "version": 1, "title": "t", "groups": [{"key": "g", "label": "G",'
            ' "role": "cue", "codes": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]}]}',
            "used twice",
        ),
        (
            '{"name": "ok", "version": 1, "title": "t", "groups": [{"key": "g", "label": "G",'
            ' "role": "scale", "codes": [{"key": "a", "label": "A"}]}]}',
            "'min' < 'max'",
        ),
    ],
)
def test_bad_scheme_files_name_the_file_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    with pytest.raises(SchemeError, match=message) as caught:
        read_scheme_file(path)
    assert "broken.json" in str(caught.value)


keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@given(st.lists(keys, min_size=1, max_size=6, unique=True), st.sampled_from(["cue", "response"]))
def test_any_valid_scheme_round_trips(code_keys: list[str], role: str) -> None:
    value = {
        "name": "generated",
        "title": "Generated",
        "version": 1,
        "groups": [
            {
                "key": "g",
                "label": "G",
                "role": role,
                "codes": [{"key": k, "label": k} for k in code_keys],
            }
        ],
    }
    scheme = parse_scheme(json.loads(json.dumps(value)))
    assert parse_scheme(scheme_to_json_value(scheme)) == scheme
