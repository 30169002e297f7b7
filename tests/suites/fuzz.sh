#!/bin/sh
# Fuzz regressions: each fuzz target, built without libFuzzer, replays its
# seed corpus (made from the fixtures) and every crash input saved under
# tests/fuzz/NAME/.  Under "make asan" this runs with the sanitizers.
set -u
. tests/lib.sh
B=${B:-build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
scripts/fuzz-seeds "$tmp/seeds"
t_check "the seed corpus is built" $?
export FOLIO_FUZZ_LIBRARY=data/library
for n in fm markdown captions timestamp wikilink query config; do
	r=$B/tests/replay_$n
	[ -x "$r" ]; t_check "replay_$n is built" $?
	[ -x "$r" ] || continue
	set -- "$tmp/seeds/$n"/*
	timeout -k 5 120 "$r" "$@" >"$tmp/out" 2>&1
	t_check "$n: the seed corpus replays cleanly ($# inputs)" $?
	[ -d "tests/fuzz/$n" ] || continue
	saved=$(find "tests/fuzz/$n" -type f | sort)
	[ -n "$saved" ] || continue
	# one run per saved input, so a failure names the input
	for f in $saved; do
		timeout -k 5 60 "$r" "$f" >"$tmp/out" 2>&1
		t_check "$n: regression $(basename "$f")" $?
	done
done
# The queries again over the hostile library: matched alone and through
# the filter's memo they must agree there too (fuzz_query aborts if not).
if [ -x "$B/tests/replay_query" ]; then
	sh tests/hostile-gen.sh "$tmp/hostile" >/dev/null 2>&1
	set -- "$tmp/seeds/query"/*
	FOLIO_FUZZ_LIBRARY=$tmp/hostile timeout -k 5 120 \
	    "$B/tests/replay_query" "$@" >"$tmp/out" 2>&1
	t_check "query: the seed corpus replays over the hostile library" $?
fi
t_done
