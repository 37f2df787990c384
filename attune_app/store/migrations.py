"""The library's schema as an append-only list of steps, applied at every open.

Never edit or reorder a released step: add a new one. `SCHEMA_VERSION` (stored in
`PRAGMA user_version`) is the number of steps; a library with a higher number was made by a
newer Attune and is refused.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("attune")

_CORE_SQL = """
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    display_name TEXT NOT NULL,
    profile TEXT NOT NULL
        CHECK (profile IN ('practitioner', 'supervisor', 'trainer', 'admin')),
    os_user TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE families (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    purpose TEXT NOT NULL
        CHECK (purpose IN ('recording', 'supervision', 'training', 'research')),
    given_on TEXT NOT NULL,
    expires_on TEXT,
    withdrawn_on TEXT,
    recorded_by INTEGER REFERENCES people(id)
);
CREATE INDEX consents_family ON consents(family_id, purpose);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    practitioner_id INTEGER REFERENCES people(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('filming', 'shared_review', 'closing_review')),
    cycle INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sessions_family ON sessions(family_id, date);
CREATE TABLE clips (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    media_hash TEXT NOT NULL UNIQUE,
    media_ext TEXT NOT NULL,
    original_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    recorded_at TEXT,
    frame_count INTEGER NOT NULL,
    fps REAL NOT NULL,
    duration_s REAL NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    rotation INTEGER NOT NULL DEFAULT 0,
    has_audio INTEGER NOT NULL,
    codec_name TEXT NOT NULL,
    frame_index TEXT,
    imported_at TEXT NOT NULL
);
CREATE INDEX clips_session ON clips(session_id);
CREATE TABLE coding_schemes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    UNIQUE (name, version)
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    clip_id INTEGER NOT NULL REFERENCES clips(id),
    in_frame INTEGER NOT NULL CHECK (in_frame >= 0),
    out_frame INTEGER NOT NULL,
    cue_frame INTEGER,
    cue_code TEXT,
    response_frame INTEGER,
    response_code TEXT,
    principle_codes TEXT NOT NULL DEFAULT '[]',
    rating INTEGER,
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (out_frame >= in_frame)
);
CREATE INDEX tags_clip ON tags(clip_id, in_frame);
CREATE TABLE reels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('parent_review', 'supervision', 'training')),
    owner_id INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL
);
CREATE TABLE reel_items (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id),
    position INTEGER NOT NULL,
    clip_id INTEGER NOT NULL REFERENCES clips(id),
    in_frame INTEGER NOT NULL CHECK (in_frame >= 0),
    out_frame INTEGER NOT NULL,
    source_tag_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
    caption TEXT NOT NULL DEFAULT '',
    speed REAL NOT NULL DEFAULT 1.0 CHECK (speed > 0),
    hold_frame INTEGER,
    hold_ms INTEGER NOT NULL DEFAULT 0 CHECK (hold_ms >= 0),
    CHECK (out_frame >= in_frame)
);
CREATE INDEX reel_items_reel ON reel_items(reel_id, position);
CREATE INDEX reel_items_tag ON reel_items(source_tag_id);
CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    reel_item_id INTEGER NOT NULL REFERENCES reel_items(id),
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    text TEXT NOT NULL,
    recorded_by INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL
);
CREATE INDEX reflections_item ON reflections(reel_item_id);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    author_id INTEGER REFERENCES people(id),
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions(id),
    tag_id INTEGER REFERENCES tags(id) ON DELETE SET NULL
);
CREATE INDEX comments_session ON comments(session_id);
CREATE INDEX comments_tag ON comments(tag_id);
CREATE TABLE sign_offs (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    supervisor_id INTEGER REFERENCES people(id),
    signed_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    person_id INTEGER,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
"""

_AUDIT_GUARDS_SQL = """
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
"""

# table -> the text columns searched by full-text search
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "tags": ("note",),
    "reel_items": ("caption",),
    "reflections": ("text",),
    "comments": ("text",),
}


@migrations(name="m001_core")
def m001_core(db: Database) -> None:
    db.executescript(_CORE_SQL)
    db.execute("PRAGMA user_version = 1")


@migrations(name="m002_search_and_audit_guards")
def m002_search_and_audit_guards(db: Database) -> None:
    for table, columns in FTS_COLUMNS.items():
        db.table(table).enable_fts(list(columns), create_triggers=True, tokenize="porter")
    db.executescript(_AUDIT_GUARDS_SQL)
    db.execute("PRAGMA user_version = 2")


_REEL_ITEMS_V3_SQL = """
CREATE TABLE reel_items_v3 (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'clip' CHECK (kind IN ('clip', 'title')),
    clip_id INTEGER REFERENCES clips(id),
    in_frame INTEGER NOT NULL DEFAULT 0 CHECK (in_frame >= 0),
    out_frame INTEGER NOT NULL DEFAULT 0,
    source_tag_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
    caption TEXT NOT NULL DEFAULT '',
    speed REAL NOT NULL DEFAULT 1.0 CHECK (speed > 0),
    hold_frame INTEGER,
    hold_ms INTEGER NOT NULL DEFAULT 0 CHECK (hold_ms >= 0),
    hold_at TEXT NOT NULL DEFAULT 'end' CHECK (hold_at IN ('start', 'end')),
    muted INTEGER NOT NULL DEFAULT 0,
    title_text TEXT NOT NULL DEFAULT '',
    title_ms INTEGER NOT NULL DEFAULT 0 CHECK (title_ms >= 0),
    prompt TEXT NOT NULL DEFAULT '',
    CHECK (out_frame >= in_frame),
    CHECK ((kind = 'clip') = (clip_id IS NOT NULL))
);
"""


@migrations(name="m003_reel_editor", transactional=False)
def m003_reel_editor(db: Database) -> None:
    """Title cards (items without a clip), holds before or after the moving part, muting and
    the practitioner's prompt per item; each reel says below which speed sound is muted.

    Rebuilds `reel_items` (its clip becomes optional), which needs foreign keys off, so this
    step manages its own transaction and is harmless to run again after an interruption."""
    if "kind" in db.table("reel_items").columns_dict:
        return
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with db.atomic():
            db.execute(_REEL_ITEMS_V3_SQL)
            db.execute(
                "INSERT INTO reel_items_v3 (id, reel_id, position, clip_id, in_frame, out_frame,"
                " source_tag_id, caption, speed, hold_frame, hold_ms, hold_at)"
                " SELECT id, reel_id, position, clip_id, in_frame, out_frame, source_tag_id,"
                " caption, speed, hold_frame, hold_ms,"
                " CASE WHEN hold_frame IS NOT NULL AND hold_frame <= in_frame"
                " THEN 'start' ELSE 'end' END FROM reel_items"
            )
            db.execute("DROP TABLE reel_items")
            db.execute("ALTER TABLE reel_items_v3 RENAME TO reel_items")
            db.execute("CREATE INDEX reel_items_reel ON reel_items(reel_id, position)")
            db.execute("CREATE INDEX reel_items_tag ON reel_items(source_tag_id)")
            db.execute("ALTER TABLE reels ADD COLUMN mute_below_speed REAL NOT NULL DEFAULT 0.5")
            db.table("reel_items").enable_fts(
                list(FTS_COLUMNS["reel_items"]),
                create_triggers=True,
                tokenize="porter",
                replace=True,
            )
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"reel items refer to missing rows: {broken[:5]}")
    finally:
        db.execute("PRAGMA foreign_keys = ON")


_SESSION_PEOPLE_SQL = """
CREATE TABLE session_people (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    role TEXT NOT NULL
        CHECK (role IN ('mother', 'father', 'parent', 'carer', 'practitioner', 'interpreter')),
    person_id INTEGER REFERENCES people(id),
    PRIMARY KEY (session_id, role)
)
"""


@migrations(name="m004_review_sessions")
def m004_review_sessions(db: Database) -> None:
    """Who was present at a shared review (roles, never names) and when it was ended."""
    db.execute(_SESSION_PEOPLE_SQL)
    db.execute("ALTER TABLE sessions ADD COLUMN ended_at TEXT")


_ANONYMISE_SQL = """
CREATE TABLE anon_detections (
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    detector TEXT NOT NULL,
    frame INTEGER NOT NULL,
    faces TEXT NOT NULL,
    PRIMARY KEY (clip_id, detector, frame)
);
CREATE TABLE anon_settings (
    reel_id INTEGER PRIMARY KEY REFERENCES reels(id) ON DELETE CASCADE,
    fill TEXT NOT NULL DEFAULT 'pixelate' CHECK (fill IN ('pixelate', 'solid')),
    sound TEXT NOT NULL DEFAULT 'plain' CHECK (sound IN ('plain', 'muffled')),
    detector TEXT NOT NULL DEFAULT 'combined'
);
CREATE TABLE anon_tracks (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id) ON DELETE CASCADE,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    detector TEXT NOT NULL,
    first_frame INTEGER NOT NULL,
    last_frame INTEGER NOT NULL,
    boxes TEXT NOT NULL,
    keep_visible INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX anon_tracks_reel ON anon_tracks(reel_id, clip_id);
CREATE TABLE anon_boxes (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id) ON DELETE CASCADE,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    reel_item_id INTEGER REFERENCES reel_items(id) ON DELETE CASCADE,
    keep_visible INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES people(id),
    created_at TEXT NOT NULL
);
CREATE INDEX anon_boxes_reel ON anon_boxes(reel_id, clip_id);
CREATE TABLE anon_box_keys (
    box_id INTEGER NOT NULL REFERENCES anon_boxes(id) ON DELETE CASCADE,
    frame INTEGER NOT NULL CHECK (frame >= 0),
    x0 INTEGER NOT NULL,
    y0 INTEGER NOT NULL,
    x1 INTEGER NOT NULL,
    y1 INTEGER NOT NULL,
    PRIMARY KEY (box_id, frame),
    CHECK (x1 > x0 AND y1 > y0)
);
CREATE TABLE anon_mutes (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id) ON DELETE CASCADE,
    clip_id INTEGER NOT NULL REFERENCES clips(id) ON DELETE CASCADE,
    start_s REAL NOT NULL CHECK (start_s >= 0),
    end_s REAL NOT NULL,
    CHECK (end_s > start_s)
);
CREATE INDEX anon_mutes_reel ON anon_mutes(reel_id, clip_id);
CREATE TABLE anon_confirmations (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id),
    confirmed_at TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX anon_confirmations_reel ON anon_confirmations(reel_id);
"""


@migrations(name="m006_anonymise")
def m006_anonymise(db: Database) -> None:
    """Anonymised training reels: detections cached per clip, frame and detector version;
    each reel's face tracks, keyframed manual boxes, keep-visible flags, mute ranges, fill
    choice and the trainer's confirmations."""
    db.executescript(_ANONYMISE_SQL)


@migrations(name="m008_blind_coding")
def m008_blind_coding(db: Database) -> None:
    """Who codes which clip blind: while a row is here, that person sees only their own tags
    on that clip (kept in the library, so the choice holds when the clip is opened again)."""
    db.execute(
        "CREATE TABLE blind_codings ("
        " clip_id INTEGER NOT NULL REFERENCES clips(id),"
        " person_id INTEGER NOT NULL REFERENCES people(id),"
        " started_at TEXT NOT NULL,"
        " PRIMARY KEY (clip_id, person_id))"
    )


_SUPERVISION_SQL = """
CREATE TABLE review_states (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    state TEXT NOT NULL CHECK (state IN ('awaiting_review', 'returned', 'signed_off')),
    reason TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES people(id),
    at TEXT NOT NULL
);
CREATE INDEX review_states_session ON review_states(session_id, at, id);
CREATE TABLE comment_reads (
    person_id INTEGER NOT NULL REFERENCES people(id),
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    seen_up_to INTEGER NOT NULL,
    PRIMARY KEY (person_id, session_id)
);
CREATE TABLE library_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE bundle_links (
    table_name TEXT NOT NULL,
    uid TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (table_name, uid)
);
CREATE INDEX bundle_links_local ON bundle_links(table_name, local_id);
ALTER TABLE comments ADD COLUMN parent_id INTEGER REFERENCES comments(id);
ALTER TABLE comments ADD COLUMN clip_id INTEGER REFERENCES clips(id);
ALTER TABLE comments ADD COLUMN frame INTEGER;
ALTER TABLE comments ADD COLUMN resolved_at TEXT;
ALTER TABLE comments ADD COLUMN resolved_by INTEGER REFERENCES people(id);
CREATE INDEX comments_parent ON comments(parent_id);
CREATE INDEX sessions_practitioner ON sessions(practitioner_id, date);
"""


@migrations(name="m007_supervision")
def m007_supervision(db: Database) -> None:
    """Review states with their history (awaiting review, returned with a reason, signed off),
    comment threads (replies, a frame, resolved), what each person has seen, and the links
    that let a case bundle come back without duplicating anything."""
    db.executescript(_SUPERVISION_SQL)


_SAFEGUARDING_SQL = """
ALTER TABLE families ADD COLUMN closed_on TEXT;
CREATE TABLE retention_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    months_after_last_session INTEGER CHECK (months_after_last_session > 0),
    months_after_closed INTEGER CHECK (months_after_closed > 0),
    set_by INTEGER REFERENCES people(id),
    set_at TEXT NOT NULL
);
CREATE TABLE reel_removals (
    id INTEGER PRIMARY KEY,
    reel_id INTEGER NOT NULL REFERENCES reels(id),
    family_id INTEGER NOT NULL REFERENCES families(id),
    clip_id INTEGER NOT NULL REFERENCES clips(id),
    position INTEGER NOT NULL,
    in_frame INTEGER NOT NULL,
    out_frame INTEGER NOT NULL,
    purpose TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('consent_withdrawn')),
    removed_on TEXT NOT NULL,
    removed_by INTEGER REFERENCES people(id),
    reflections_removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reel_removals_reel ON reel_removals(reel_id);
CREATE INDEX reel_removals_family ON reel_removals(family_id);
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY,
    erased_at TEXT NOT NULL,
    erased_by INTEGER REFERENCES people(id),
    salt BLOB NOT NULL,
    counts TEXT NOT NULL
);
CREATE TABLE erasure_traces (
    erasure_id INTEGER NOT NULL REFERENCES erasures(id),
    kind TEXT NOT NULL CHECK (kind IN ('ref', 'words', 'media')),
    grams INTEGER NOT NULL,
    digest BLOB NOT NULL
);
CREATE INDEX erasure_traces_erasure ON erasure_traces(erasure_id);
"""


@migrations(name="m010_safeguarding")
def m010_safeguarding(db: Database) -> None:
    """Retention (a family's case may be closed; one library-wide policy), what consent
    withdrawal removed from reels, and erasure records that keep only salted digests of what
    must never be found again."""
    db.executescript(_SAFEGUARDING_SQL)


SCHEMA_VERSION = len(migrations._migrations)
MIGRATION_NAMES = tuple(m.name for m in migrations._migrations)


def schema_version(db: Database) -> int:
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def unknown_migrations(db: Database) -> list[str]:
    """Steps recorded in the library that this Attune does not know (made by a newer one)."""
    known = set(MIGRATION_NAMES)
    return [m.name for m in migrations.applied(db) if m.name not in known]


def apply_migrations(db: Database) -> list[str]:
    """Apply pending steps, each in its own transaction; returns the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
        # later steps leave the version to this: it is the number of steps this Attune knows
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return pending
