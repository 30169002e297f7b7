#!/bin/sh
# Run every folio test suite and end with one line: "N passed, N failed".
# B is the build directory (build, build/asan ...).
set -u
B=${B:-build}
export B
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 TZ=UTC NO_COLOR=1
unset LC_ALL XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME BROWSER VISUAL EDITOR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home"
mkdir -p "$HOME"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
skipped=0

# Add the counts of a suite's "N passed, M failed" lines; a suite that
# crashes or prints no count is one failure.
tally() {
	name=$1 out=$2 rc=$3
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: no result (exit $rc)"
		sed 's/^/  | /' "$out" | tail -n 30
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/.*[^0-9]?([0-9]+) passed.*/\1/')
	p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "FAIL $name: exit status $rc"
	fi
	k=$(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+')
	skipped=$((skipped + ${k:-0}))
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then
		grep -E '^(FAIL|not ok)' "$out" | head -n 40
		grep -vE '^(FAIL|not ok|ok )' "$out" | tail -n 15 | sed 's/^/  | /'
	fi
	printf '%-28s %s\n' "$name" "$line"
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	out="$tmp/out.$$"
	"$t" >"$out" 2>&1
	tally "$(basename "$t")" "$out" $?
done

for s in tests/suites/*.sh; do
	[ -f "$s" ] || continue
	out="$tmp/out.$$"
	sh "$s" "$B/folio" >"$out" 2>&1
	tally "$(basename "$s" .sh)" "$out" $?
done

if [ -x "$B/tests/tui" ]; then
	out="$tmp/out.$$"
	"$B/tests/tui" "$B/folio" >"$out" 2>&1
	tally tui "$out" $?
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
