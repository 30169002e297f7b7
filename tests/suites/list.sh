#!/bin/sh
# folio list from the summary cache: the same answer as a full load, and
# every change to the library (an edit, a new document, a deleted or
# renamed one, a new folder) seen by the next list.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-list.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
o=$tmp/out e=$tmp/err

# cold_warm NAME DIR ARGS...: list with no cache, then from the cache
# the first run wrote, then again: all three the same.
cold_warm() {
	name=$1 dir=$2
	shift 2
	export XDG_CACHE_HOME=$tmp/cache-$name
	rm -rf "$XDG_CACHE_HOME"
	t_run $tmp/cold $e "$F" -L "$dir" list "$@"
	t_check "$name: cold list exits 0" $?
	[ -s $tmp/cold ] && ls "$XDG_CACHE_HOME"/folio/summary-*.bin \
	    >/dev/null 2>&1
	t_check "$name: cold list writes the cache" $?
	t_run $tmp/warm $e "$F" -L "$dir" list "$@"
	t_check "$name: warm list exits 0" $?
	cmp -s $tmp/cold $tmp/warm
	t_check "$name: warm list is the cold list" $?
	t_run $tmp/warm2 $e "$F" -L "$dir" list "$@"
	cmp -s $tmp/cold $tmp/warm2
	t_check "$name: and stays so" $?
}

cold_warm library data/library
cold_warm library-json data/library --json
cold_warm library-query data/library 'kind:video OR links:>0'
cold_warm fixtures tests/fixtures/lib
cold_warm fixtures-json tests/fixtures/lib --json

# ---- changes -----------------------------------------------------------------
export XDG_CACHE_HOME=$tmp/cache
L="-L $tmp/lib"
mkdir -p $tmp/lib/sub
printf -- '---\ntitle: Alpha\ndate: 2024-01-02\n---\nSee [[Beta]].\n' \
    > $tmp/lib/a.md
printf '# Beta\n\nBack to [[a]].\n' > $tmp/lib/sub/b.md
touch -d '2024-01-01 00:00:00' $tmp/lib/a.md $tmp/lib/sub/b.md
t_run $o $e "$F" $L list
t_has $o "Alpha  (a.md)" && t_has $o "Beta  (sub/b.md)"
t_check "first list shows both" $?

# An edit of the same size, a second later: the new title.
printf -- '---\ntitle: Alpho\ndate: 2024-01-02\n---\nSee [[Beta]].\n' \
    > $tmp/lib/a.md
touch -d '2024-01-01 00:00:01' $tmp/lib/a.md
t_run $o $e "$F" $L list
t_has $o "Alpho  (a.md)" && ! t_has $o "Alpha"
t_check "an edited document shows its new title" $?
t_run $o $e "$F" $L list
t_has $o "Alpho  (a.md)"; t_check "and keeps it" $?

# A new document, in a new folder.
mkdir -p $tmp/lib/new
printf '# Gamma\n\nSee [[Alpho]].\n' > $tmp/lib/new/c.md
t_run $o $e "$F" $L list
t_has $o "Gamma  (new/c.md)"; t_check "a new document appears" $?
t_run $o $e "$F" $L list --json
t_has $o '"path":"a.md","title":"Alpho"' &&
    t_has $o '"links":1,"backlinks":2'
t_check "json counts the new document's link" $?

# Deleted, then renamed.
rm $tmp/lib/new/c.md
t_run $o $e "$F" $L list
! t_has $o "Gamma" && [ "$(wc -l < $o)" -eq 2 ]
t_check "a deleted document disappears" $?
t_run $o $e "$F" $L list --json
t_has $o '"links":1,"backlinks":1'
t_check "and its link is no longer counted" $?
mv $tmp/lib/sub/b.md $tmp/lib/sub/d.md
t_run $o $e "$F" $L list
t_has $o "Beta  (sub/d.md)" && ! t_has $o "sub/b.md"
t_check "a renamed document shows its new path" $?

# A query still reads what it needs.
t_run $o $e "$F" $L list 'title:alpho'
t_has $o "(a.md)" && [ "$(wc -l < $o)" -eq 1 ]
t_check "a query answers from the library" $?

# A damaged cache: the list is the same.
t_run $tmp/good $e "$F" $L list --json
for f in $XDG_CACHE_HOME/folio/summary-*.bin; do
	head -c 100 "$f" > "$f.cut" && mv "$f.cut" "$f"
done
t_run $o $e "$F" $L list --json
cmp -s $o $tmp/good; t_check "a cut cache gives the same list" $?

# ---- a large folder, its files looked at on two cores -------------------------
export XDG_CACHE_HOME=$tmp/cache-big
mkdir -p $tmp/many/sub
i=0
while [ $i -lt 700 ]; do
	printf '# Doc %04d\n' $i > $tmp/many/d$i.md
	i=$((i + 1))
done
printf '# Deep\n' > $tmp/many/sub/deep.md
ln -s $tmp/nowhere.md $tmp/many/m350.md
t_run $o $e "$F" -L $tmp/many list
[ "$(wc -l < $o)" -eq 701 ] && [ "$(grep -c '  (d[0-9]*\.md)$' $o)" -eq 700 ] &&
    t_has $o "Deep  (sub/deep.md)"
t_check "a folder of 700 documents is listed whole" $?
t_run $o $e "$F" -L $tmp/many check
grep -q 'm350.md: No such file' $o $e
t_check "the file it could not look at is noted" $?
t_run $o $e "$F" -L $tmp/many list
[ "$(wc -l < $o)" -eq 701 ]; t_check "and listed whole from the cache" $?

# ---- a list counts no mentions; the next command does -----------------------
export XDG_CACHE_HOME=$tmp/cache-ent
t_run $tmp/fresh $e "$F" -L data/library entities
rm -rf $XDG_CACHE_HOME
t_run $o $e "$F" -L data/library list
t_run $o $e "$F" -L data/library entities
cmp -s $o $tmp/fresh && grep -q '[1-9][0-9]* mentions' $o
t_check "entities after a list count every mention" $?
t_run $o $e "$F" -L data/library entities
cmp -s $o $tmp/fresh; t_check "and the cache keeps them" $?

# ---- the plain list reads a document's start when that says it all ---------
# A front matter that names the title and the video: the start is enough;
# no front matter: the whole text decides (a heading? a YouTube link,
# perhaps behind an entity?); a link far down is still found by the next
# command, which reads what the list only started.
export XDG_CACHE_HOME=$tmp/cache-heads
mkdir -p $tmp/heads
python3 - $tmp/heads <<'PY'
import sys
d = sys.argv[1]
fill = "".join("Words enough to fill the start of a document, line %d.\n"
               "#%d is no heading, nor is a #tag.\n\n" % (i, i)
               for i in range(400))
def put(name, text):
    with open(d + "/" + name, "w") as f:
        f.write(text)
put("big.md", "---\ntitle: Big Talk\nvideo_id: \"Hn3Kd8Ws1Zq\"\n"
    "date: 2024-03-01\nduration: \"1:00:00\"\n---\n" + fill +
    "# Not the title\n\nSee [[Other]] here.\n")
put("plain.md", fill + "the end\n")
put("late.md", "one long paragraph " * 1200 + "\n\nLate Heading\n===\n\n" +
    fill)
put("vid.md", "# Vid\n\n" + fill +
    "[1:00](https://youtu.be/Hn3Kd8Ws1Zq?t=60) late link\n")
put("ent.md", "# Ent\n\n" + fill +
    "[1:00](https://&#121;outu.be/Hn3Kd8Ws1Zq?t=60) hidden\n")
put("bad.md", "---\ntitle: [unclosed\nvideo_id: \"Hn3Kd8Ws1Zq\"\n---\n" +
    fill)
put("other.md", "# Other\n\nShort.\n")
PY
t_run $tmp/full $e "$F" -L $tmp/heads list 'kind:note OR kind:video'
rm -rf $XDG_CACHE_HOME
t_run $tmp/cold $e "$F" -L $tmp/heads list
cmp -s $tmp/cold $tmp/full; t_check "a cold list from the starts is a full load's" $?
t_has $tmp/cold "video      Big Talk  (big.md)" &&
    t_has $tmp/cold "note       plain  (plain.md)" &&
    t_has $tmp/cold "Late Heading  (late.md)" &&
    t_has $tmp/cold "video      Vid  (vid.md)" &&
    t_has $tmp/cold "video      Ent  (ent.md)" && t_has $tmp/cold "! bad"
t_check "titles, kinds and errors from the start or the whole" $?
t_run $tmp/warm $e "$F" -L $tmp/heads list
cmp -s $tmp/cold $tmp/warm; t_check "the warm list is the same" $?
t_run $o $e "$F" -L $tmp/heads backlinks Other
t_has $o "big.md:"; t_check "a link far down is found after a list" $?
t_run $o $e "$F" -L $tmp/heads list --json
t_has $o '"path":"big.md","title":"Big Talk"' &&
    t_has $o '"timestamps":0,"links":1,"backlinks":0,"errors":0},'
t_check "and counted by the json list" $?
t_run $tmp/warm $e "$F" -L $tmp/heads list
cmp -s $tmp/cold $tmp/warm; t_check "the list after a full load is the same" $?
# Every document parsed (headings), no link resolved by the plain list:
# the json list after it resolves them.
mkdir -p $tmp/titled
printf '# One\n\nTo [[Two]].\n' > $tmp/titled/one.md
printf '# Two\n\nTo [[One]] and [[One]].\n' > $tmp/titled/two.md
t_run $o $e "$F" -L $tmp/titled list
t_run $o $e "$F" -L $tmp/titled list --json
t_has $o '"title":"One","date":null,"kind":"note","video":null,"duration":null,"timestamps":0,"links":1,"backlinks":1'
t_check "links a plain list left unresolved are resolved for json" $?

# ---- show: a long document laid out in two halves ---------------------------
mkdir -p $tmp/long
python3 - $tmp/long/long.md <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: Long\n---\n# Long\n\n")
    for i in range(30000):
        f.write("Paragraph %d says [[long]] and words enough to wrap "
                "the line at a narrow width, end %d.\n\n" % (i, i))
PY
t_run $o $e "$F" show --width 200 $tmp/long/long.md
t_check "show of a long document exits 0" $?
python3 - $o <<'PY'
import re, sys
text = open(sys.argv[1]).read()
seen = [int(n) for n in re.findall(r"^Paragraph (\d+) ", text, re.M)]
ends = [int(n) for n in re.findall(r"end (\d+)\.$", text, re.M)]
sys.exit(0 if seen == list(range(30000)) and ends == seen else 1)
PY
t_check "every paragraph once, in order" $?
# Over 8 MB (laid out on two cores): every paragraph once.
python3 - $tmp/long/huge.md <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: Huge\n---\n# Huge\n\n")
    for i in range(110000):
        f.write("Paragraph %d says [[long]] and words enough to wrap "
                "the line at a narrow width, end %d.\n\n" % (i, i))
PY
t_run $tmp/huge $e "$F" show --width 200 $tmp/long/huge.md
python3 - $tmp/huge <<'PY'
import re, sys
text = open(sys.argv[1]).read()
seen = [int(n) for n in re.findall(r"^Paragraph (\d+) ", text, re.M)]
ends = [int(n) for n in re.findall(r"end (\d+)\.$", text, re.M)]
sys.exit(0 if seen == list(range(110000)) and ends == seen else 1)
PY
t_check "show of a document over 8 MB: every paragraph once, in order" $?
rm -f $tmp/long/huge.md
t_run $tmp/json $e "$F" show --json --width 200 $tmp/long/long.md
python3 - $tmp/json $o <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().split("\n")[:-1]
sys.exit(0 if d["lines"] == lines and d["width"] == 200 else 1)
PY
t_check "show --json has the same lines" $?
mkdir -p $tmp/long/sub
printf '# Elsewhere\n\nSee [[Long]].\n' > $tmp/long/sub/x.md
t_run $tmp/viapath $e "$F" -L $tmp/long show --width 200 long.md
t_run $tmp/viatitle $e "$F" -L $tmp/long show --width 200 Long
cmp -s $tmp/viapath $o && cmp -s $tmp/viatitle $o
t_check "the same by path in a library and by title" $?

t_done
