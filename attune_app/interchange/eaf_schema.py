"""The official EAF 3.0 schema (shipped in `resources/eaf/`, see its README) and checks of the
files Attune writes against it, with lxml, and against pympi-ling, ELAN's Python reader."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from attune_app.resources import resource_path

EAF_SCHEMA_URL = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"


def eaf_schema_path() -> Path:
    return resource_path("eaf", "EAFv3.0.xsd")


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(eaf_schema_path())))


def schema_errors(data: bytes) -> list[str]:
    """Why `data` is not a valid EAF 3.0 document (empty when it is)."""
    try:
        document = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema()
    if schema.validate(document):
        return []
    errors: list[str] = [f"line {e.line}: {e.message}" for e in list(schema.error_log)]  # type: ignore[call-overload]
    return errors


def pympi_annotation_counts(path: Path) -> dict[str, int]:
    """How many annotations pympi-ling reads on each tier of the EAF at `path`."""
    from pympi.Elan import Eaf  # imported here: only checks need ELAN's reader

    eaf = Eaf(str(path))
    return {tier: len(eaf.get_annotation_data_for_tier(tier)) for tier in eaf.get_tier_names()}
