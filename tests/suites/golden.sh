#!/bin/sh
# Golden tests: show/meta/timestamps/links of every document of the fixture
# library and the sample library, compared with tests/golden/.  Run with
# GOLDEN_UPDATE=1 (make golden-update) to rewrite the expectations, then
# review them with git diff.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-golden.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for lib in tests/fixtures/lib data/library tests/fixtures/vault; do
	[ -d "$lib" ] || continue
	name=$(echo "$lib" | tr '/' '_')
	"$F" -L "$lib" list --json >"$tmp/list" 2>/dev/null
	python3 -c 'import json,sys; [print(d["path"]) for d in json.load(open(sys.argv[1]))]' \
	    "$tmp/list" | sort >"$tmp/docs"
	while IFS= read -r doc; do
		base=tests/golden/$name/$(echo "$doc" | tr '/ ' '__')
		for cmd in show meta timestamps links; do
			case $cmd in
			show) set -- show "$doc" --width 72 ;;
			*) set -- $cmd "$doc" ;;
			esac
			timeout 20 "$F" -L "$lib" "$@" >"$tmp/out" 2>&1
			echo "exit $?" >>"$tmp/out"
			if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
				mkdir -p "$(dirname "$base")"
				cp "$tmp/out" "$base.$cmd"
				t_check "$lib $doc $cmd" 0
				continue
			fi
			if [ ! -f "$base.$cmd" ]; then
				echo "missing expectation $base.$cmd"
				t_check "$lib $doc $cmd" 1
				continue
			fi
			diff -u "$base.$cmd" "$tmp/out" >"$tmp/diff"
			r=$?
			[ $r -eq 0 ] || head -n 40 "$tmp/diff"
			t_check "$lib $doc $cmd" $r
		done
	done <"$tmp/docs"
done
t_done
