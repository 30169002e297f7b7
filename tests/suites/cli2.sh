#!/bin/sh
# Command-line tests of what a first user meets: query errors, unknown
# commands, exit statuses, counts and their names, --json everywhere, how a
# DOC argument is found, and folio(1) agreeing with the program.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-cli2.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
o=$tmp/out e=$tmp/err
export XDG_CACHE_HOME=$tmp/cache XDG_CONFIG_HOME=$tmp/config
L="-L data/library"
S=../shared/seeds

# ---- query errors: name what is accepted, caret under the value, exit 2 --
# t_query_error QUERY COLUMN TEXT
t_query_error() {
	t_run $o $e "$F" $L list "$1"
	[ $? -eq 2 ]; t_check "list '$1' exits 2" $?
	t_has $e "$3"; t_check "list '$1' says: $3" $?
	# The caret line: two spaces, COLUMN - 1 spaces, '^'.
	want=$(printf "  %*s^" $(($2 - 1)) "")
	grep -qxF -- "$want" $e; t_check "list '$1': caret at column $2" $?
}
t_query_error kind:transcript 6 "kind: takes video, captions or note"
t_query_error after:yesterday 7 "after: not a date, use YYYY[-MM[-DD]]"
t_query_error before:2025-13-01 8 "before: not a date, use YYYY[-MM[-DD]]"
t_query_error 'duration>abc' 10 "duration: not a duration"
t_query_error 'date<=soon' 7 "date: not a date"
# A bare number of minutes.
t_run $o $e "$F" $L list 'duration>60'
[ "$(wc -l < $o)" -eq 1 ] && t_has $o "Compilers Weekly #42"
t_check "duration>60 is an hour: only the 1:05:12 transcript" $?
t_run $o $e "$F" $L list 'duration>12 duration<13'
t_has $o "Inside a Modern Chip Fab"; t_check "duration>12 duration<13: the 12:41 one" $?
# after: and before: leave the day itself out; date>= takes it in.
t_run $o $e "$F" $L list after:2025-05-03
[ "$(wc -l < $o)" -eq 2 ] && ! t_has $o "Incremental Parsing  ("
t_check "after:2025-05-03 leaves out that day" $?
t_run $o $e "$F" $L list 'date>=2025-05-03'
[ "$(wc -l < $o)" -eq 3 ]; t_check "date>=2025-05-03 takes that day in" $?

# ---- after a command, an unknown "-word" is a negated query term ---------
t_run $o $e "$F" $L list -tsmc; t_check "list -tsmc exits 0" $?
t_has $o "Roasting Log" && ! t_has $o "(transcripts/inside-a-modern-chip-fab.md)"
t_check "list -tsmc leaves out what matches tsmc" $?
t_run $o $e "$F" $L list kind:video -summary --json
t_has $o '"kind":"video"' && ! t_has $o "summaries/"
t_check "list -word after other terms and --json" $?
t_run $o $e "$F" $L show -x Tree-sitter; [ $? -eq 2 ]
t_check "show -x is still an unknown option" $?

# ---- unknown commands --------------------------------------------------
t_run $o $e "$F" frobnicate; [ $? -eq 2 ]; t_check "folio frobnicate exits 2" $?
t_has $e "unknown command or file: frobnicate"
t_check "folio frobnicate says unknown command or file" $?
t_has $e "the commands are list, show"
t_check "a word far from every command lists them" $?
t_run $o $e "$F" lsit; [ $? -eq 2 ]; t_check "folio lsit exits 2" $?
t_has $e "did you mean list?"; t_check "folio lsit: did you mean list?" $?
t_run $o $e "$F" serch foo; t_has $e "did you mean search?"
t_check "folio serch: did you mean search?" $?

# ---- exit statuses and messages ----------------------------------------
t_run $o $e "$F" $L search zzqqxxnothing; [ $? -eq 1 ]
t_check "search with no hit exits 1" $?
[ ! -s $o ] && [ ! -s $e ]
t_check "search with no hit prints nothing when stderr is no terminal" $?
if command -v script >/dev/null 2>&1; then
	t_run $o $e script -qec "$F $L search zzqqxxnothing" /dev/null
	[ $? -eq 1 ] && t_has $o "folio: no match"
	t_check "search with no hit says no match in a terminal" $?
fi
t_run $o $e "$F" $L search parsing; t_check "search with hits exits 0" $?
t_run $o $e "$F" $L timestamps Tree-sitter; t_check "timestamps of none exits 0" $?
t_has $e "notes/Tree-sitter.md: no timestamps"
t_check "timestamps of a document without any says so" $?
t_run $o $e "$F" $L url transcripts/compilers-weekly-42.md --line 999
[ $? -eq 2 ]; t_check "url --line past the end exits 2" $?
t_has $e "past the end (45 lines)"; t_check "url --line past the end says so" $?
t_run $o $e "$F" $L url transcripts/compilers-weekly-42.md --line 45
t_check "url --line at the last line is fine" $?

# ---- --json everywhere ---------------------------------------------------
t_json() {
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"
}
t_run $o $e "$F" $L url transcripts/compilers-weekly-42.md --at 5:00 --json
t_json $o && t_has $o '"url":"https://www.youtube.com/watch?v=Hn3Kd8Ws1Zq&t=245s"' &&
    t_has $o '"seconds":245'
t_check "url --json is JSON with the url and the time" $?
for c in list check entities; do
	t_run $o $e "$F" $L $c --json
	t_json $o; t_check "$c --json is JSON" $?
done
for c in show meta timestamps links backlinks entities; do
	t_run $o $e "$F" $L $c Tree-sitter --json
	t_json $o; t_check "$c DOC --json is JSON" $?
done
t_run $o $e "$F" $L search parsing --json; t_json $o
t_check "search --json is JSON" $?
# meta --json has at least what meta prints.
t_run $o $e "$F" $L meta Tree-sitter --json
python3 - $o <<'PY'; t_check "meta --json has words, counts, mentions" $?
import json, sys
m = json.load(open(sys.argv[1]))
assert m["words"] == 37 and m["timestamps"] == 0 and m["links"] == 1
assert m["backlinks"] == 2 and m["backlink_documents"] == 2
assert {"name": "GitHub", "category": "companies", "count": 1} in m["mentions"]
assert m["problems"] == []
PY

# ---- counts, and their names ---------------------------------------------
# backlinks: lines, the same number everywhere, and labelled.
t_run $o $e "$F" $L backlinks "Parsing Notes"; n=$(wc -l < $o)
t_run $o $e "$F" $L meta "Parsing Notes"
t_has $o "backlinks: $n line in 1 document"
t_check "meta counts the lines backlinks lists, labelled" $?
t_run $o $e "$F" $L list 'title:"parsing notes"' --json
t_has $o "\"backlinks\":$n,"; t_check "list --json counts the same backlinks" $?
t_run $o $e "$F" $L backlinks Tree-sitter; n=$(wc -l < $o)
t_run $o $e "$F" $L meta Tree-sitter
t_has $o "backlinks: $n lines in 2 documents"
t_check "meta: backlinks in lines and documents, plural" $?
# Singular forms.
t_run $o $e "$F" $L entities
t_has $o "1 document " && ! grep -q ' 1 documents\| 1 mentions\| 1 docs' $o
t_check "entities: 1 document, 1 mention" $?
t_run $o $e "$F" $L check
t_has $o "16 documents, 2 errors, 1 warning" && ! t_has $o "1 warnings"
t_check "check's count: 1 warning" $?

# ---- a DOC is found the way a wikilink is ------------------------------
t_run $o $e "$F" $L show 'compilers weekly #42: incremental parsing in practice'
t_check "a DOC by its title in another case" $?
t_run $o $e "$F" $L meta tree-sitter
t_has $o "path: notes/Tree-sitter.md"; t_check "a DOC by its file name in another case" $?
t_run $o $e "$F" $L meta 'Roasting Log.md'
t_has $o "path: notes/Roasting Log.md"; t_check "a DOC by its file name without its folder" $?
t_run $o $e "$F" $L meta nothing-like-this; [ $? -eq 1 ]
t_check "an unknown DOC still exits 1" $?

# ---- timestamps that are links -------------------------------------------
if [ -d "$S" ]; then
	s3=003_eb219ec8a19cdf8d.txt
	t_run $o $e "$F" -L $S check
	t_has $o "$s3:18: warning: link text 4:08:50 but the link says 4:07:50" &&
	    t_has $o "$s3:19: warning: link text 4:17:54 but the link says 4:13:38"
	t_check "check: seed 003's two link texts that disagree with their URLs" $?
	[ "$(grep -c 'link text' $o)" -eq 2 ]
	t_check "check: no other link text warning in the seeds" $?
	t_run $o $e "$F" -L $S meta $s3 --json
	t_has $o '"severity":"warning","message":"link text 4:08:50 but the link says 4:07:50"'
	t_check "meta --json: the link text warning" $?
	t_run $o $e "$F" -L $S show 'ai research and the training process'
	t_has $o "AI Research and the Training Process"
	t_check "seed 002 found by its title in lower case" $?
fi
mkdir -p $tmp/ts
printf -- '---\nvideo_id: dQw4w9WgXcQ\n---\n# T\n\nSee [0:30](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30`code` and more.\n\nAlso https://youtu.be/dQw4w9WgXcQ?t=90 bare.\n' > $tmp/ts/a.md
t_run $o $e "$F" -L $tmp/ts timestamps a.md
[ "$(wc -l < $o)" -eq 2 ]; t_check "a link running into a code span: one moment" $?
t_run $o $e "$F" -L $tmp/ts timestamps a.md --json
t_has $o '"label":"1:30"' && ! t_has $o '"label":"https'
t_check "timestamps --json: a label is never a URL" $?

# ---- a file given alone: its folder, not its subfolders, unless a vault --
mkdir -p $tmp/dl/sub $tmp/vault/.obsidian $tmp/vault/deep
printf '# Alone\n\nSee [[Neighbour]] and [[Deep]].\n' > $tmp/dl/a.md
printf '# Neighbour\n' > $tmp/dl/Neighbour.md
printf '# Deep\n' > $tmp/dl/sub/Deep.md
printf '# V\n\n[[W]]\n' > $tmp/vault/deep/v.md
printf '# W\n' > $tmp/vault/w.md
t_run $o $e "$F" links $tmp/dl/a.md
t_has $o "Neighbour  -> $tmp/dl/Neighbour.md"; t_check "a lone file's neighbours are its library" $?
t_has $o "Deep  -> (missing)"; t_check "a lone file's subfolders are not" $?
t_run $o $e "$F" meta $tmp/vault/deep/v.md
t_has $o "path: deep/v.md"; t_check "a file in a vault: the vault is its library" $?
t_run $o $e "$F" links $tmp/vault/deep/v.md
t_has $o "W  -> w.md"; t_check "a file in a vault links across the vault" $?
rm -r $tmp/vault/.obsidian; touch $tmp/vault/.folio
t_run $o $e "$F" meta $tmp/vault/deep/v.md
t_has $o "path: deep/v.md"; t_check "a .folio marker makes a vault" $?

# ---- folio(1) agrees with the program --------------------------------------
# Every query of QUERY's examples compiles and finds something on the sample
# library; every command of EXAMPLES runs.
python3 - "$F" man/folio.1 <<'PY' > $o 2>&1; t_check "every example of folio(1) runs and finds something" $?
import re, shlex, subprocess, sys
folio, man = sys.argv[1], open(sys.argv[2]).read()
query = man.split(".Sh QUERY", 1)[1].split("\n.Sh ", 1)[0]
block = query.split(".Bd -literal", 1)[1].split(".Ed", 1)[0]
queries = [l for l in block.splitlines()[1:] if l.strip()]
assert len(queries) >= 4, queries
bad = 0
for q in queries:
    r = subprocess.run([folio, "-L", "data/library", "list", q],
                       capture_output=True, text=True, timeout=20)
    if r.returncode != 0 or not r.stdout.strip():
        print("FAIL query example:", q, r.returncode, r.stderr)
        bad += 1
examples = man.split(".Sh EXAMPLES", 1)[1].split("\n.Sh ", 1)[0]
cmds = re.findall(r"^\.Dl \$ folio (.*)$", examples, re.M)
assert len(cmds) >= 3, cmds
for c in cmds:
    r = subprocess.run([folio] + shlex.split(c), capture_output=True,
                       text=True, timeout=20)
    if r.returncode != 0 or not r.stdout.strip():
        print("FAIL example:", c, r.returncode, r.stderr)
        bad += 1
sys.exit(bad)
PY
[ $? -eq 0 ] || cat $o
# The commands of --help are those of the SYNOPSIS, and the program's.
python3 - "$F" man/folio.1 <<'PY' > $o 2>&1; t_check "--help and folio(1)'s SYNOPSIS name the same commands" $?
import re, subprocess, sys
folio, man = sys.argv[1], open(sys.argv[2]).read()
help = subprocess.run([folio, "--help"], capture_output=True, text=True).stdout
h = set(re.findall(r"folio \[OPTIONS\] ([a-z-]+)", help))
syn = man.split(".Sh SYNOPSIS", 1)[1].split("\n.Sh ", 1)[0]
m = set()
for line in syn.splitlines():
    if line.startswith(".Cm "):
        m |= {w for w in line[4:].split() if w != "|"}
    elif line == ".Fl -print-config":
        m.add("--print-config")
print("help:", sorted(h), "man:", sorted(m))
assert h == m and len(h) >= 11
for c in h - {"--print-config"}:
    # each is a command: it never says "unknown command"
    r = subprocess.run([folio, c, "--help"], capture_output=True, text=True)
    assert "unknown command" not in r.stderr, c
PY
[ $? -eq 0 ] || cat $o
# One pane at a time below 80 columns, in folio(1) and the README alike.
grep -q 'below 80 columns one pane' man/folio.1 &&
    grep -q 'one pane at a time below 80' README.md
t_check "folio(1) and README give the program's one-pane width" $?

t_done
