"""The shipped EAF 3.0 schema is exactly the file its README says it is (provenance,
checksum), and it is the one every exported EAF is checked against."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from attune_app.interchange.eaf_schema import eaf_schema_path

EAF_DIR = Path(__file__).resolve().parents[2] / "resources" / "eaf"


def _readme_sha256() -> str:
    found = re.findall(r"^SHA-256: `([0-9a-f]{64})`", (EAF_DIR / "README.md").read_text(), re.M)
    assert len(found) == 1, "the README states one SHA-256 line"
    return str(found[0])


def test_the_schema_file_is_the_one_its_readme_describes() -> None:
    data = (EAF_DIR / "EAFv3.0.xsd").read_bytes()
    assert hashlib.sha256(data).hexdigest() == _readme_sha256()
    assert f"({len(data):,} bytes;" in (EAF_DIR / "README.md").read_text()


def test_exports_are_checked_against_that_file() -> None:
    assert eaf_schema_path() == EAF_DIR / "EAFv3.0.xsd"
