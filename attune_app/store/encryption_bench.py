"""`python -m attune_app.store.encryption_bench [--quick]`: the encryption benchmark.

The benchmark opens clips through the media engine, which the store may not import (the
layers contract), so it lives in `attune_app.services.encryption_bench`; this module only
runs it under the name the issue gives (by module name, not an import).
"""

from __future__ import annotations

import runpy

if __name__ == "__main__":
    runpy.run_module("attune_app.services.encryption_bench", run_name="__main__")
