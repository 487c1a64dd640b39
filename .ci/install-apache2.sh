#!/usr/bin/env bash
# Debian's apache2 for tests/test_w3id_apache.py, which starts its own server on loopback with
# the w3id redirect rules (w3id/.htaccess) and a configuration in a temporary folder. Only the
# binary and its modules are needed: the distribution's own site is not enabled or started.
set -euo pipefail
if [ -x /usr/sbin/apache2 ] && [ -f /usr/lib/apache2/modules/mod_rewrite.so ]; then
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends apache2
# The package's postinst may start the default site; the tests need no running server.
if command -v apache2ctl >/dev/null 2>&1; then
    apache2ctl stop >/dev/null 2>&1 || true
fi
