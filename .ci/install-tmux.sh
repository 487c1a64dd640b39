#!/usr/bin/env bash
# tmux, for the terminal test (tests/test_terminal.py): it drives `aikg` in a real
# terminal, as a newcomer would, and reads the screen with capture-pane.
set -euo pipefail
if ! command -v tmux >/dev/null 2>&1; then
    apt-get update
    apt-get install -y --no-install-recommends tmux
fi
tmux -V
