#!/bin/sh
# Full-text search from the command line: answers without an index, the
# same answers once "folio index" has run, a document edited since found
# by its new text only, the query syntax, and the notice on stderr.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-search.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
o=$tmp/out e=$tmp/err
export XDG_CACHE_HOME=$tmp/cache
L=$tmp/lib
mkdir -p $L
printf '# Alpha\n\nThe walrus sleeps under **export controls**.\n' > $L/a.md
printf '# Beta\n\nWalrus, walrus, walrus.\n\nOnly a seal here.\n' > $L/b.md
printf -- '---\ntitle: Gamma\n---\n# Gamma\n\nThe Café du Monde.\n' > $L/c.md

# ---- no index yet: every document read, nothing waits --------------------
t_run $o $e "$F" -L $L search walrus; t_check "search without an index exits 0" $?
[ "$(cut -d: -f1 $o | tr '\n' ' ')" = "b.md a.md " ]
t_check "search without an index: the denser document first" $?
t_has $e "3 of 3 documents read directly"
t_check "search without an index says what it read" $?
t_has $e 'once "folio index" has run'
t_check "search without an index says the ranking will improve" $?
cp $o $tmp/scanned

# ---- folio index, then the same answers from the index -----------------
t_run $o $e "$F" -L $L index; t_check "index exits 0" $?
t_has $o "3 of 3 documents indexed"
t_check "index says what it did (search indexed nothing)" $?
[ ! -s $e ]; t_check "index draws no progress line off a terminal" $?
t_run $o $e "$F" -L $L index; t_has $o "0 of 3 documents indexed"
t_check "index again: nothing to do" $?
t_run $o $e "$F" -L $L search walrus
cmp -s $o $tmp/scanned; t_check "the index answers as the scan did" $?
[ ! -s $e ]; t_check "a fresh index: no notice" $?

# ---- an edit after indexing: its new text, not its old -----------------
sleep 0.01
printf '# Beta\n\nNo walrus any more: a heron.\n' > $L/b.md
t_run $o $e "$F" -L $L search seal; [ ! -s $o ]
t_check "an edited document is not found by its old text" $?
t_run $o $e "$F" -L $L search heron
t_has $e "1 of 3 documents read directly"
t_check "only the edited document is read" $?
t_has $o "b.md:3: No walrus any more: a heron."
t_check "an edited document is found by its new text" $?
t_run $o $e "$F" -L $L search walrus
[ "$(cut -d: -f1 $o | sort | tr '\n' ' ')" = "a.md b.md " ]
t_check "index and scan answers merged" $?

# ---- the query syntax ----------------------------------------------------
t_run $o $e "$F" -L $L search '"export controls"'
t_has $o "a.md:3: The walrus sleeps under export controls."
t_check "a phrase; the snippet is plain text" $?
t_run $o $e "$F" -L $L search '"controls export"'; [ ! -s $o ]
t_check "a phrase is in order" $?
t_run $o $e "$F" -L $L search 'contr*'; t_has $o "a.md:3:"
t_check "a prefix" $?
t_run $o $e "$F" -L $L search 'walrus -heron'
[ "$(cut -d: -f1 $o | tr '\n' ' ')" = "a.md " ]; t_check "a negation" $?
t_run $o $e "$F" -L $L search CAFE; t_has $o "c.md:6: The Café du Monde."
t_check "case and accents fold" $?
t_run $o $e "$F" -L $L search gamma; [ "$(wc -l < $o)" -eq 1 ]
t_check "front matter is not searched" $?
t_run $o $e "$F" -L $L --json search 'sleep*'
python3 - $o <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
assert len(h) == 1 and h[0]["path"] == "a.md", h
s, e = h[0]["match"]
assert h[0]["snippet"].encode()[s:e] == b"sleeps", h
assert h[0]["title"] == "Alpha", h
PY
t_check "--json gives the title, the match's bytes in the snippet" $?
t_run $o $e "$F" -L $L search -- -walrus; [ $? -eq 2 ]
t_check "no positive word exits 2" $?
t_run $o $e "$F" -L $L index extra; [ $? -eq 2 ]
t_check "index takes no arguments" $?

# ---- an index locked by another process: answered, and left alone -------
python3 - "$(ls $tmp/cache/folio/index-*.sqlite)" "$F" "$L" > $o 2>&1 <<'PY'
import sqlite3, subprocess, sys
d = sqlite3.connect(sys.argv[1], isolation_level=None)
d.execute("PRAGMA locking_mode=EXCLUSIVE")
d.execute("BEGIN EXCLUSIVE")
d.execute("INSERT OR REPLACE INTO meta VALUES('lock', 1)")
r = subprocess.run([sys.argv[2], "-L", sys.argv[3], "search", "heron"],
    capture_output=True, text=True)
d.execute("COMMIT")
print(r.returncode, r.stdout)
PY
t_has $o "0 b.md:3:"; t_check "a locked index: answered all the same" $?
# (b.md, edited since, is the one document to index again)
t_run $o $e "$F" -L $L index; t_has $o "1 of 3 documents indexed"
t_check "a locked index is not deleted" $?

# ---- a broken index is no reason not to answer -------------------------
for f in $tmp/cache/folio/index-*.sqlite; do
	printf 'garbage garbage garbage garbage garbage' | dd of="$f" bs=1 \
	    seek=0 conv=notrunc 2>/dev/null
done
t_run $o $e "$F" -L $L search heron; t_has $o "b.md:3:"
t_check "a damaged index: answered all the same" $?

# ---- hits placed with the summary cache's titles, videos, word counts --
# A talk without timestamps: its hit's moment is estimated from the words
# before it.  Placed from the cache (nothing parsed), then edited after
# the cache and the index were written: placed from what it says now.
# Each answer is the one a library with no cache at all gives.
P=$tmp/talks
mkdir -p $P
talk() {
	python3 - "$P/talk.md" "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: %s\nvideo_id: \"Hn3Kd8Ws1Zq\"\n"
            "duration: \"1:00:00\"\n---\n" % sys.argv[2])
    f.write("word " * int(sys.argv[3]) + "\n\nthe kiwi line\n")
PY
}
talk "First Talk" 300
printf '# Other\n\nNo fruit.\n' > $P/other.md
t_run $o $e "$F" -L $P list; t_run $o $e "$F" -L $P index
t_run $tmp/placed $e "$F" -L $P --json search kiwi
t_run $tmp/read $e env XDG_CACHE_HOME=$tmp/nocache "$F" -L $P --json search kiwi
cmp -s $tmp/placed $tmp/read && t_has $tmp/placed '"title":"First Talk"' &&
    ! t_has $tmp/placed '"seconds":null'
t_check "a hit placed from the cache: the title and moment of a reading" $?
sleep 0.01
talk "Second Talk" 3000
t_run $tmp/placed $e "$F" -L $P --json search kiwi
rm -rf $tmp/nocache
t_run $tmp/read $e env XDG_CACHE_HOME=$tmp/nocache "$F" -L $P --json search kiwi
cmp -s $tmp/placed $tmp/read && t_has $tmp/placed '"title":"Second Talk"'
t_check "edited after the cache: its new title and moment" $?

# ---- unlinked mentions answer at once, the index as it is ---------------
U=$tmp/unl
mkdir -p $U
printf '# Walrus Tales\n\nA book.\n' > $U/tales.md
printf '# Reading\n\nI read walrus tales last week.\n' > $U/reading.md
t_run $o $e "$F" -L $U backlinks --unlinked "Walrus Tales"
t_has $o "reading.md:3: (unlinked) I read walrus tales last week."
t_check "backlinks --unlinked without an index" $?
t_run $o $e "$F" -L $U index; t_has $o "2 of 2 documents indexed"
t_check "and builds none (nothing waits for it)" $?
printf '# Reading\n\nNo more; now the walrus tales are read.\n' > $U/reading.md
t_run $o $e "$F" -L $U backlinks --unlinked "Walrus Tales"
t_has $o "reading.md:3: (unlinked) No more; now the walrus tales are read."
t_check "backlinks --unlinked of a document edited since indexed" $?
t_run $o $e "$F" -L $U index; t_has $o "1 of 2 documents indexed"
t_check "which stays to be indexed" $?

# ---- snippets are text: a caption's tags and codes, HTML tags go -----------
C=$tmp/caps; mkdir -p $C
printf 'WEBVTT\n\n00:00:05.000 --> 00:00:08.000\n<v Ada Park>TSMC<00:00:06.000><c> makes</c> chips\n' > "$C/Talk [dQw4w9WgXcQ].en.vtt"
printf '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>TSMC</i> again\n' > $C/old.srt
printf 'A <span class="x">TSMC</span> note, see <https://tsmc.example/a>.\n' > $C/n.md
for pass in scanned indexed; do
	t_run $o $e "$F" -L $C search TSMC
	t_has $o "Talk [dQw4w9WgXcQ].en.vtt:4: [0:05] TSMC makes chips"
	t_check "$pass: a WebVTT hit without its tags" $?
	t_has $o "old.srt:3: [0:01] TSMC again"
	t_check "$pass: a SubRip hit without its tags and codes" $?
	t_has $o "n.md:1: A TSMC note, see <https://tsmc.example/a>."
	t_check "$pass: HTML tags go, an autolink stays" $?
	"$F" -L $C index >/dev/null 2>&1
done

t_done
