"""Use cases, one function per user action. Each write is one transaction with its audit entry
and returns what changed (dataclasses from `attune_app.domain`), so a UI can refresh and undo."""

from __future__ import annotations

from attune_app.services.clips import clip_frame_index_json, get_clip, list_all_clips, list_clips
from attune_app.services.consents import (
    ConsentRequiredError,
    consent_status,
    list_consents,
    record_consent,
    require_consent,
    withdraw_consent,
)
from attune_app.services.families import add_family, add_session, list_families, list_sessions
from attune_app.services.importing import ImportFailedError, import_clip
from attune_app.services.people import (
    act_as,
    add_person,
    ensure_local_person,
    find_person,
    list_people,
)
from attune_app.services.reels import (
    add_range_to_reel,
    add_tags_to_reel,
    add_title_card,
    create_reel,
    get_reel,
    list_reel_items,
    list_reels,
    move_reel_item,
    reel_consent_problems,
    reel_timeline,
    remove_reel_item,
    restore_reel_item,
    set_mute_below_speed,
    update_reel_item,
)
from attune_app.services.review import (
    add_comment,
    add_reflection,
    list_comments,
    list_reflections,
    sign_off_session,
)
from attune_app.services.schemes import active_codes, list_schemes
from attune_app.services.search import search
from attune_app.services.tags import (
    add_tag,
    delete_tag,
    get_tag,
    list_tags,
    restore_tag,
    update_tag,
)

__all__ = [
    "ConsentRequiredError",
    "ImportFailedError",
    "act_as",
    "active_codes",
    "add_comment",
    "add_family",
    "add_person",
    "add_range_to_reel",
    "add_reflection",
    "add_session",
    "add_tag",
    "add_tags_to_reel",
    "add_title_card",
    "clip_frame_index_json",
    "consent_status",
    "create_reel",
    "delete_tag",
    "ensure_local_person",
    "find_person",
    "get_clip",
    "get_reel",
    "get_tag",
    "import_clip",
    "list_all_clips",
    "list_clips",
    "list_comments",
    "list_consents",
    "list_families",
    "list_people",
    "list_reel_items",
    "list_reels",
    "list_reflections",
    "list_schemes",
    "list_sessions",
    "list_tags",
    "move_reel_item",
    "record_consent",
    "reel_consent_problems",
    "reel_timeline",
    "remove_reel_item",
    "require_consent",
    "restore_reel_item",
    "restore_tag",
    "search",
    "set_mute_below_speed",
    "sign_off_session",
    "update_reel_item",
    "update_tag",
    "withdraw_consent",
]
