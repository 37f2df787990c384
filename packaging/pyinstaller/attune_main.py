"""The frozen app's entry script: the same `attune` command as `attune_app.cli:main`."""

import multiprocessing
import sys

from attune_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless if unused; needed if a library ever spawns
    sys.exit(main())
