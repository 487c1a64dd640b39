#!/usr/bin/env bash
# Debian's Chromium for the query-page tests (tests/test_browser.py, tests/browser.py), driven by
# Playwright's Python package with executable_path=/usr/bin/chromium: Playwright never downloads a
# browser. Chromium's Debian package brings every library it needs. Idempotent; run as root by .ci/run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    /usr/bin/chromium --version || true
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
