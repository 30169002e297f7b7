#!/bin/sh
# Hostile input through every command: each document made by
# tests/hostile-gen.sh is opened by path with show, meta, timestamps,
# links, backlinks and url, and the whole hostile library goes through
# list, check, entities and search.  Each run has a time bound, exits 0
# or 1 (never a crash or a hang), and writes no control bytes.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-hostile.XXXXXX")
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state
h=$tmp/h o=$tmp/out e=$tmp/err
sh tests/hostile-gen.sh "$h"
t_check "the hostile library is generated" $?

# ok CMD...: the run ended by itself with 0 or 1 and printed no controls
ok() {
	t_run $o $e "$F" "$@"
	rc=$?
	[ $rc -le 1 ] || echo "  exit $rc: $*: $(head -c 300 $e)"
	[ $rc -le 1 ] && t_no_escapes $o && t_no_escapes $e
}

for d in "$h"/*; do
	n=$(basename "$d")
	case $n in
	loops|sub)	continue ;;
	esac
	for c in show meta timestamps links backlinks url; do
		ok $c "$d/$n"
		t_check "$c $n" $?
	done
	ok --json meta "$d/$n"
	t_check "meta --json $n" $?
done
# what each one must say
t_run $o $e "$F" show "$h/fifo.md/fifo.md"; [ $? -eq 1 ]
t_check "a FIFO is refused, not waited on" $?
t_has $e "not a regular file"; t_check "a FIFO is named as such" $?
t_run $o $e "$F" show "$h/zero.md/zero.md"; [ $? -eq 1 ]
t_check "a device is refused, not read forever" $?
t_run $o $e "$F" meta "$h/deepflow.md/deepflow.md"
t_has $o "nested too deep"; t_check "100,000-deep YAML is an error" $?
t_run $o $e "$F" meta "$h/fm-dupkeys.md/fm-dupkeys.md"
t_has $o 'duplicate key "title"'; t_check "duplicate keys are named" $?
t_run $o $e "$F" meta "$h/fm-unclosed.md/fm-unclosed.md"
t_has $o "never closed"; t_check "unclosed front matter is named" $?
t_run $o $e "$F" show "$h/fm-unclosed.md/fm-unclosed.md"
t_has $o "Unclosed"; t_check "unclosed front matter: the body is shown" $?
t_run $o $e "$F" meta "$h/fm-list.md/fm-list.md"
t_has $o "not a mapping"; t_check "front matter that is a list" $?
t_run $o $e "$F" show "$h/aliasbomb.md/aliasbomb.md"
t_has $o "Alias bomb"; t_check "an alias bomb still shows its body" $?
t_run $o $e "$F" show --width 60 "$h/million.md/million.md"
t_has $o "l999999"; t_check "a million lines are shown to the end" $?
t_run $o $e "$F" show "$h/escapes.md/escapes.md"
t_has $o "Escape"; t_check "escape sequences: the text is kept" $?
t_run $o $e "$F" show "$h/nul.md/nul.md"
t_has $o "with"; t_check "NUL bytes: the text around them is kept" $?

for c in list check entities "search word" "list has:errors"; do
	ok -L "$h" $c
	t_check "$c over the hostile library" $?
done
t_run $o $e "$F" -L "$h" check
t_has $o "symlink loop"; t_check "check names a symlink loop" $?
t_has $o "front matter nested too deep"; t_check "check lists the errors" $?
t_done
