#!/bin/sh
# Command-line tests: the contract of every command on the seeds, on the
# sample library and on hostile documents generated here.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
o=$tmp/out e=$tmp/err

# ---- options and usage -------------------------------------------------
t_run $o $e "$F" --version; t_check "--version exits 0" $?
t_has $o "folio 0."; t_check "--version prints the version" $?
t_run $o $e "$F" --help; t_check "--help exits 0" $?
t_has $o "folio [OPTIONS] list [QUERY]"; t_check "--help shows usage" $?
t_run $o $e "$F" --bogus; [ $? -eq 2 ]; t_check "unknown option exits 2" $?
t_run $o $e "$F" show; [ $? -eq 2 ]; t_check "show without DOC exits 2" $?
t_run $o $e "$F" -L tests/fixtures show nope.md; [ $? -eq 1 ]
t_check "unknown DOC exits 1" $?
t_has $e "no such document"; t_check "unknown DOC says so" $?
t_run $o $e "$F" show --width 0 x; [ $? -eq 2 ]; t_check "bad --width exits 2" $?

# ---- configuration and state -------------------------------------------
t_run $o $e "$F" -c data/config.yaml --print-config
t_check "the example configuration loads" $?
t_has $o 'player: "mpv --really-quiet --start={seconds} {url}"'
t_check "--print-config shows the player" $?
printf 'sort: title\nkeys:\n  list:\n    x: fly\n' > $tmp/bad.yaml
t_run $o $e "$F" -c $tmp/bad.yaml list; [ $? -eq 2 ]
t_check "a bad configuration exits 2" $?
t_has $e "bad.yaml:4:8: unknown action \"fly\""
t_check "a configuration error names file:line:column" $?
t_run $o $e "$F" -c $tmp/missing.yaml list; [ $? -eq 2 ]
t_check "a missing -c file exits 2" $?
mkdir -p $tmp/cfg/folio
printf 'library:\n  - %s/data/library\n' "$(pwd)" > $tmp/cfg/folio/config.yaml
XDG_CONFIG_HOME=$tmp/cfg t_run $o $e "$F" list
t_has $o "Inside a Modern Chip Fab"; t_check "library roots come from the configuration" $?
# backlinks: two links on one line are one backlink; --unlinked adds the
# lines naming the document without a link.
t_run $o $e "$F" -L data/library backlinks "Parsing Notes"
[ "$(wc -l < $o)" -eq 1 ]; t_check "two links on one line: one backlink" $?
XDG_CACHE_HOME=$tmp/cache t_run $o $e "$F" -L data/library backlinks \
    Tree-sitter --unlinked
t_has $o "compilers-weekly-42.md:32: (unlinked)"
t_check "backlinks --unlinked lists a plain mention" $?
t_has $o "Parsing Notes.md:13: - [[Tree-sitter]]"
t_check "backlinks --unlinked keeps the backlinks" $?
# check --prune forgets only documents that are gone.
mkdir -p $tmp/lib $tmp/state
printf '# Keep\n' > $tmp/lib/keep.md
printf '# Gone\n' > $tmp/lib/gone.md
python3 - "$tmp/state/folio/state.sqlite" "$tmp/lib" <<'PY'
import os, sqlite3, sys
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
db = sqlite3.connect(sys.argv[1])
db.executescript("CREATE TABLE pos(path TEXT PRIMARY KEY, off INTEGER NOT NULL, read_at INTEGER NOT NULL);")
for n in ("keep.md", "gone.md"):
    db.execute("INSERT INTO pos VALUES(?, 7, 0)", (os.path.join(sys.argv[2], n),))
db.commit()
PY
rm $tmp/lib/gone.md
XDG_STATE_HOME=$tmp/state t_run $o $e "$F" -L $tmp/lib check --prune
t_check "check --prune exits 0" $?
t_has $e "forgot 1 vanished document"; t_check "check --prune forgets the vanished one" $?
python3 - "$tmp/state/folio/state.sqlite" <<'PY'; t_check "check --prune keeps the rest" $?
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT path FROM pos").fetchall()
assert len(rows) == 1 and rows[0][0].endswith("keep.md"), rows
PY

# ---- captions beside a transcript take its video -----------------------
mkdir -p $tmp/cap
printf -- '---\nvideo_id: Qx7LmP2vT9a\nduration: "5:00"\n---\nText.\n' > $tmp/cap/talk.md
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nhello there\n' > $tmp/cap/talk.en.vtt
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nother\n' > $tmp/cap/other.vtt
t_run $o $e "$F" -L $tmp/cap timestamps talk.en.vtt
t_has $o "https://www.youtube.com/watch?v=Qx7LmP2vT9a&t=1s"
t_check "captions beside a transcript with the same stem share its video" $?
t_run $o $e "$F" -L $tmp/cap timestamps other.vtt
t_has $o "  -  other"; t_check "captions with another stem stay without a video" $?

# ---- the seeds ---------------------------------------------------------
S=../shared/seeds
if [ -d "$S" ]; then
	s0=$S/000_bffc46859e86c248.txt s1=$S/001_a5f818baf8bf2338.txt
	s2=$S/002_f41bb5e3fdb15e2d.txt s3=$S/003_eb219ec8a19cdf8d.txt
	s4=$S/004_50fe1bb0e64e6791.txt
	for cmd in list check entities; do
		t_run $o $e "$F" -L $S $cmd --json; r=$?
		[ $r -eq 0 ] || [ $cmd = check -a $r -eq 1 ]
		t_check "seeds: $cmd --json runs" $?
		python3 -m json.tool $o >/dev/null 2>&1; t_check "seeds: $cmd --json is JSON" $?
	done
	for s in $s0 $s1 $s2 $s3 $s4; do
		for cmd in show meta timestamps links backlinks; do
			t_run $o $e "$F" -L $S $cmd "$s"
			t_check "seed $(basename $s): $cmd exits 0" $?
			t_no_escapes $o; t_check "seed $(basename $s): $cmd no raw controls" $?
			t_run $o $e "$F" -L $S $cmd "$s" --json
			python3 -m json.tool $o >/dev/null 2>&1
			t_check "seed $(basename $s): $cmd --json is JSON" $?
		done
	done
	t_run $o $e "$F" -L $S meta "$s0" --json
	python3 - $o <<'PY'; t_check "seed 000: meta derived fields" $?
import json, sys
m = json.load(open(sys.argv[1]))
assert set(m) >= {"path","title","date","kind","video","duration","frontmatter","frontmatter_error","entities","words","timestamps","links","backlinks","mentions"}, m.keys()
assert m["kind"] == "video" and m["video"] == "Ey811OUpX70", m
assert m["duration"] == 457 and m["date"] == "2024-11-11", m
assert m["title"].startswith("OpenAI Hitting Diminishing Returns"), m["title"]
assert m["frontmatter"]["view_count"] == 1040
assert m["frontmatter"]["substack_url"] is None
assert list(m["frontmatter"])[:3] == ["title", "video_id", "youtube_url"]
assert m["entities"]["companies"] == ["OpenAI", "TSMC"], m["entities"]
assert m["frontmatter_error"] is None
PY
	t_run $o $e "$F" -L $S timestamps "$s3" --json
	python3 - $o <<'PY'; t_check "seed 003: 15 timestamps, canonical URLs" $?
import json, sys
t = json.load(open(sys.argv[1]))
assert len(t) == 15, len(t)
assert t[0]["seconds"] == 1071 and t[0]["url"] == "https://www.youtube.com/watch?v=_1f-o0nqpEI&t=1071s", t[0]
assert t[1]["seconds"] == 2262 and t[0]["line"] < t[1]["line"]
assert all(set(x) == {"seconds","label","line","video","url","context"} for x in t)
assert t[0]["label"] == "17:51", t[0]["label"]
PY
	t_run $o $e "$F" -L $S meta "$s3" --json
	python3 - $o <<'PY'; t_check "seed 003: video from the majority of links" $?
import json, sys
m = json.load(open(sys.argv[1]))
assert m["video"] == "_1f-o0nqpEI" and m["kind"] == "video", m
assert m["title"].startswith("DeepSeek, China, OpenAI"), m["title"]
PY
	t_run $o $e "$F" -L $S url "$s3" --at 17:51
	t_has $o "https://www.youtube.com/watch?v=_1f-o0nqpEI&t=1071s"
	t_check "seed 003: url --at 17:51" $?
	t_run $o $e "$F" -L $S url "$s3" --at 40:00
	t_has $o "&t=2262s"; t_check "seed 003: url --at picks the timestamp before" $?
	t_run $o $e "$F" -L $S show "$s3" --width 80
	awk 'length > 0 && /│/ { n = gsub(/│/, "&"); if (n != 4) bad = 1 } END { exit bad }' $o
	t_check "seed 003: table keeps 3 columns at 80" $?
	t_has $o "Reinforcement"; t_check "seed 003: table text shown" $?
	t_run $o $e "$F" -L $S meta "$s2" --json
	python3 - $o <<'PY'; t_check "seed 002: date, note" $?
import json, sys
m = json.load(open(sys.argv[1]))
assert m["date"] == "2025-06-10" and m["kind"] == "note", m
assert m["title"] == "AI Research and the Training Process", m["title"]
PY
	t_run $o $e "$F" -L $S meta "$s4" --json
	python3 - $o <<'PY'; t_check "seed 004: title from the file name" $?
import json, sys
m = json.load(open(sys.argv[1]))
assert m["title"] == "004_50fe1bb0e64e6791" and m["frontmatter"] is None, m
PY
	t_run $o $e "$F" -L $S url "$s0" --line 45
	grep -qE '^https://www\.youtube\.com/watch\?v=Ey811OUpX70&t=[0-9]+s$' $o
	t_check "seed 000: url --line gives an estimated time" $?
	t_run $o $e "$F" -L $S entities "$s2" --json
	python3 - $o <<'PY'; t_check "seed 002: mentions TSMC without front matter" $?
import json, sys
v = json.load(open(sys.argv[1]))
names = {x["name"]: x for x in v}
assert "TSMC" in names and names["TSMC"]["mentions"] > 0, v
PY
	t_run $o $e "$F" -L $S entities "$s0" --json
	python3 - $o <<'PY'; t_check "seed 000: plain word Make does not flood" $?
import json, sys
v = json.load(open(sys.argv[1]))
names = {x["name"]: x for x in v}
assert names["OpenAI"]["mentions"] >= 5, names["OpenAI"]
assert names.get("Make", {"mentions": 0})["mentions"] <= 2, names.get("Make")
PY
else
	echo "seeds not found: skipped"
fi

t_done
