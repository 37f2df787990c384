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
