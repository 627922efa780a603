#!/bin/sh
# tests/integration/test_leaks.sh — nothing of a record reaches anyone below its
# level, on any route of docs/openapi.yaml or any command of `luutru --help`
# (docs/security.md, "How it is tested"). The test is tests/integration/leaks.py.
SRC=${LUUTRU_SRC:-$(pwd)}
if ! command -v python3 >/dev/null 2>&1; then
	echo "not ok - leaks: python3 is required (tools/install-deps.sh)"
	exit 1
fi
exec python3 "$SRC/tests/integration/leaks.py"
