#!/usr/bin/env bash
# Apache Jena (Debian's libapache-jena-java) for the SHACL engine-agreement test and the
# ARQ benchmark reference; ../shared/tools/jena-classpath installs it and caches a classpath.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=../shared/tools/jena-classpath
if [ -x "$tool" ] || [ -f "$tool" ]; then
    bash "$tool" >/dev/null
else
    echo "install-jena: $tool not found; Jena tests will fail under CI=true" >&2
fi
