# tests/integration/lib.sh — helpers for integration tests that drive the
# real luutru binary on a temporary data directory. Source it; each check
# prints "ok - NAME" or "not ok - NAME" (tests/run.sh counts them).

LUUTRU=${LUUTRU_BIN:-$(pwd)/build/luutru}
SRC=${LUUTRU_SRC:-$(pwd)}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/luutru-it-XXXXXX")
export LUUTRU_DATA="$WORK/data"
export LUUTRU_LANG=vi
trap 'rm -rf "$WORK"' EXIT

# The shared fixtures when present, else the project's own samples.
SHARED=${LUUTRU_SHARED:-$SRC/../shared}
if [ -d "$SHARED/fixtures/scans" ]; then SCANS="$SHARED/fixtures/scans"; else SCANS=; fi

_n=0
ok() { _n=$((_n + 1)); echo "ok - $*"; }
notok() { _n=$((_n + 1)); echo "not ok - $*"; }
# skip NAME WHY: a check that cannot run here (a fixture is missing); tests/run.sh
# counts it as skipped, never as passed (TAP's "# SKIP").
skip() { _n=$((_n + 1)); _s=$1; shift; echo "ok - $_s # SKIP $*"; }

# run CMD...: runs luutru, keeps stdout in $WORK/out, stderr in $WORK/err, status in $RC
run() {
	"$LUUTRU" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
}

# expect_rc NAME CODE
expect_rc() {
	if [ "$RC" -eq "$2" ]; then ok "$1"; else
		notok "$1 (exit $RC, expected $2)"; sed 's/^/#   /' "$WORK/err" | head -5
	fi
}

# expect_out NAME PATTERN (grep -E on stdout)
expect_out() {
	if grep -Eq -- "$2" "$WORK/out"; then ok "$1"; else
		notok "$1 (stdout lacks /$2/)"; sed 's/^/#   /' "$WORK/out" | head -5
	fi
}

expect_err() {
	if grep -Eq -- "$2" "$WORK/err"; then ok "$1"; else
		notok "$1 (stderr lacks /$2/)"; sed 's/^/#   /' "$WORK/err" | head -5
	fi
}

# sql QUERY: a scalar from the catalog
sql() { sqlite3 "$LUUTRU_DATA/catalog.db" "$1"; }

# blob_files: number of stored blob files
blob_files() { find "$LUUTRU_DATA/blobs" -type f ! -path "$LUUTRU_DATA/blobs/tmp/*" | wc -l; }

# jqo FILTER: jq -r on the last stdout
jqo() { jq -r "$1" "$WORK/out"; }

# need_tools PREFIX TOOL...: a "not ok" and exit when a tool is missing
need_tools() {
	_p=$1; shift
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 ||
			{ notok "$_p: $_t is required (tools/install-deps.sh)"; exit 1; }
	done
}

# write_plan FILE: the two-entry sample catalog (01.TH permanent, 02.TCCB
# 20 years) several tests import
write_plan() {
	cat >"$1" <<'CSV'
heading,heading_abbr,notation,title,retention,keeper,note
TỔNG HỢP,TH,01.TH,"Kế hoạch, báo cáo công tác năm",Vĩnh viễn,Văn phòng,
TỔ CHỨC CÁN BỘ,TCCB,02.TCCB,Hồ sơ tuyển dụng công chức,20 năm,Phòng TCCB,
CSV
}

# adduser LOGIN ROLE CLEARANCE: a user whose password is "LOGIN-matkhau",
# with an API token kept in $WORK/token-LOGIN (run_as uses it)
adduser() {
	printf '%s\n' "$1-matkhau" |
		"$LUUTRU" user add "$1" --role "$2" --clearance "$3" --password-stdin >/dev/null 2>&1 ||
		{ notok "adduser $1"; return 1; }
	"$LUUTRU" user token "$1" 2>/dev/null | grep -Eo '[0-9a-f]{64}' | head -1 >"$WORK/token-$1"
}

# run_as LOGIN CMD...: run as that user (docs/security.md: the command
# line acts as the authenticated user), like run
run_as() {
	_login=$1; shift
	LUUTRU_TOKEN=$(cat "$WORK/token-$_login") "$LUUTRU" "$@" >"$WORK/out" 2>"$WORK/err"
	RC=$?
}
