#!/bin/sh
# Fail when an action of the reader's action table is missing from man/folio.1.
set -u
bin=$1
[ -f man/folio.1 ] || { echo "man/folio.1 missing"; exit 1; }
list=$("$bin" --list-actions 2>/dev/null) || exit 0
missing=0
for a in $list; do
	grep -q -- "$a" man/folio.1 || { echo "man/folio.1 lacks action $a"; missing=1; }
done
exit $missing
