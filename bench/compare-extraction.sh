#!/usr/bin/env bash
# Extraction side by side: rasid, trafilatura and resiliparse on ../shared/data/extraction,
# scored by the shared reference scorer (../shared/tools/score_extraction.py) in one run.
#
#   bench/compare-extraction.sh [VENV_DIR]
#
# Creates a Python virtualenv (default /tmp/rasid-peers-venv) with trafilatura and
# resiliparse from PyPI, builds rasid in release mode, and prints the scorer's table.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-/tmp/rasid-peers-venv}"
shared="${RASID_SHARED:-../shared}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q trafilatura resiliparse lxml_html_clean
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p rasid
shift $(( $# > 0 ? 1 : 0 ))
"$venv/bin/python" "$shared/tools/score_extraction.py" --rasid "$CARGO_TARGET_DIR/release/rasid" --peers "$@"
