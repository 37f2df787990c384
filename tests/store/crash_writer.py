"""Child process for the crash test: writes tags until killed, printing each id once committed."""

from __future__ import annotations

import random
import sys

from attune_app.services import add_tag, ensure_local_person
from attune_app.store.library import Library


def main(library_path: str, clip_id: int) -> None:
    library = Library.open(library_path)
    ensure_local_person(library)
    rng = random.Random()
    while True:
        start = rng.randrange(0, 200)
        tag = add_tag(
            library,
            clip_id,
            in_frame=start,
            out_frame=start + rng.randrange(0, 40),
            cue_frame=start,
            cue_code="smiles",
            response_frame=start + 5,
            response_code="smiles_back",
            note=f"crash test note {rng.random()}",
        )
        print(tag.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
