#!/usr/bin/env sh
# Refresh the lock files after changing a dependency in pyproject.toml or requirements-nodeps.txt:
#   scripts/lock.sh            (needs `uv`: .venv/bin/pip install uv)
# Then run ./run test, and commit pyproject.toml with both lock files.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
uv=${UV:-"$here/.venv/bin/uv"}
cd "$here"
"$uv" pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
    --generate-hashes --no-header --quiet -o requirements.lock
"$uv" pip compile requirements-nodeps.txt --no-deps --universal --python-version 3.11 \
    --generate-hashes --no-header --quiet -o requirements-nodeps.lock
echo "Wrote requirements.lock and requirements-nodeps.lock."
