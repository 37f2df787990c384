"""CLI sub-commands; each module here adds its parsers in `register(commands)`."""

from __future__ import annotations

import argparse
from typing import Any

from attune_app.commands import (
    agreement_commands,
    anonymise_commands,
    bundle_commands,
    consent_commands,
    export_commands,
    interchange_commands,
    library_commands,
    media_commands,
    reel_commands,
    report_commands,
    safeguarding_commands,
    supervision_commands,
)


def register_all(commands: argparse._SubParsersAction[Any]) -> None:
    modules: tuple[Any, ...] = (
        library_commands,
        media_commands,
        reel_commands,
        interchange_commands,
        export_commands,
        anonymise_commands,
        agreement_commands,
        supervision_commands,
        report_commands,
        bundle_commands,
        consent_commands,
        safeguarding_commands,
    )
    for module in modules:
        module.register(commands)
