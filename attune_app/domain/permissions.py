"""What each profile may do: the one table, read by every service that checks a permission.

Rules about *whose* record it is (nobody signs off their own session; a practitioner comments
only on their own sessions) sit beside the table, in `may`, so both live in one place.
"""

from __future__ import annotations

PRACTITIONER, SUPERVISOR, TRAINER, ADMIN = "practitioner", "supervisor", "trainer", "admin"

# action -> the profiles that may do it
PERMISSIONS: dict[str, frozenset[str]] = {
    "code_session": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "submit_for_review": frozenset({PRACTITIONER, ADMIN}),
    "comment": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "resolve_comment": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "sign_off": frozenset({SUPERVISOR, ADMIN}),
    "return_session": frozenset({SUPERVISOR, ADMIN}),
    "view_audit": frozenset({SUPERVISOR, ADMIN}),
    "manage_people": frozenset({ADMIN}),
    "export_bundle": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "import_bundle": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "make_report": frozenset({PRACTITIONER, SUPERVISOR, ADMIN}),
    "export_training": frozenset({TRAINER, ADMIN}),
}

# actions a practitioner may take only on sessions they filmed and coded
OWN_SESSIONS_ONLY_FOR_PRACTITIONER = frozenset(
    {"code_session", "submit_for_review", "comment", "resolve_comment", "export_bundle"}
)
# actions nobody may take on their own session, whatever their profile
NEVER_ON_OWN_SESSION = frozenset({"sign_off", "return_session"})

ACTION_WORDS = {
    "code_session": "code this session",
    "submit_for_review": "send sessions for review",
    "comment": "comment on sessions",
    "resolve_comment": "resolve comments",
    "sign_off": "sign off sessions",
    "return_session": "return sessions",
    "view_audit": "read the audit trail",
    "manage_people": "add people or change profiles",
    "export_bundle": "export case bundles",
    "import_bundle": "import case bundles",
    "make_report": "make session reports",
    "export_training": "export training material",
}


def may(profile: str, action: str, *, is_author: bool | None = None) -> bool:
    """Whether someone of `profile` may take `action`; `is_author` says whether the session is
    their own (None when the action concerns no session)."""
    if profile not in PERMISSIONS.get(action, frozenset()):
        return False
    if is_author is None:
        return True
    if action in NEVER_ON_OWN_SESSION and is_author:
        return False
    return not (action in OWN_SESSIONS_ONLY_FOR_PRACTITIONER and profile == PRACTITIONER) or (
        is_author
    )


def denial(profile: str, action: str, *, is_author: bool | None = None) -> str:
    """Why `may` says no, in words for the person."""
    words = ACTION_WORDS.get(action, action)
    if profile not in PERMISSIONS.get(action, frozenset()):
        allowed = ", ".join(sorted(PERMISSIONS.get(action, frozenset())))
        return f"A {profile} may not {words}; that needs one of: {allowed}."
    if action in NEVER_ON_OWN_SESSION and is_author:
        return f"Nobody may {words} on their own session; another supervisor must do it."
    return f"A practitioner may {words} only on their own sessions."
