#!/bin/sh
# bench/check_audit.sh — cost of `luutru check` rule 42 (the access log and
# its hash chain) for audit logs of growing size (bench/README.md,
# "Compliance check and the audit log").
#
#   bench/check_audit.sh [N ...]       default 10000 100000
#
# Each N twice: all entries in one commit (one seal), and one commit per
# entry (one seal each, as the service's synchronous views write them).
#
# Environment: BUILD (build dir, default build). Scratch data goes to a
# temporary directory, removed at the end.
set -eu
BUILD=${BUILD:-build}
cd "$(dirname "$0")/.."
make -s BUILD="$BUILD" "$BUILD/libluutru.a" >/dev/null
libs=$(sed -n 's/^PKG_LIBS = //p' "$BUILD/config.mk")
cflags=$(sed -n 's/^PKG_CFLAGS = //p' "$BUILD/config.mk")
cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Wall -Wextra -Werror -I. $cflags \
	-o "$BUILD/check_audit" bench/check_audit.c "$BUILD/libluutru.a" $libs -lstdc++ -lpthread -lm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| view entries | anchors verified | seals | lt_audit_verify | whole lt_check_run | rule 42 findings |"
echo "| --- | --- | --- | --- | --- | --- |"
for n in ${*:-10000 100000}; do
	"$BUILD/check_audit" "$tmp/d$n" "$n"
	"$BUILD/check_audit" "$tmp/e$n" "$n" 1
done
echo "uptime: $(uptime)"
