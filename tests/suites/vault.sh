#!/bin/sh
# A vault written by Obsidian's documented rules (tests/fixtures/vault):
# where links go, attachments, front-matter links, check's warnings.
set -u
. tests/lib.sh
F=${1:-build/folio}
V=tests/fixtures/vault
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-vault.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
o=$tmp/out e=$tmp/err

# ---- where links go: every link of the vault against the expectations --
: >"$tmp/all"
for d in $(cut -f1 tests/fixtures/vault-expected.tsv | grep -v '^#' | sort -u)
do
	"$F" -L $V links "$d" --json >"$tmp/l" 2>/dev/null
	python3 - "$d" "$tmp/l" >>"$tmp/all" <<'PY'
import json, sys
for l in json.load(open(sys.argv[2])):
    if l["type"] in ("wiki", "file"):
        print("%s\t%d\t%s\t%s" % (sys.argv[1], l["line"],
            l["target"].split("|")[0], l["resolved"] or "-"))
PY
done
python3 - tests/fixtures/vault-expected.tsv "$tmp/all" >"$tmp/agree" <<'PY'
import sys
want = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])
        if l.strip() and not l.startswith("#")]
got = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip()]
left = list(got)
ok = 0
for w in want:
    m = [g for g in left if g[:3] == w[:3]]
    if m and m[0][3] == w[3]:
        ok += 1
        left.remove(m[0])
    else:
        print("differs: %s -> %s (got %s)" % (":".join(w[:3]), w[3],
              m[0][3] if m else "no such link"))
print("agree %d of %d" % (ok, len(want)))
PY
cat "$tmp/agree"
t_has "$tmp/agree" "agree $(grep -vc '^#' tests/fixtures/vault-expected.tsv) of"
t_check "every link of the vault goes where Obsidian takes it" $?

# ---- the rules one by one ------------------------------------------------
link() {	# link DOC LINE TARGET: where it resolves
	grep -F "$(printf '%s\t%s\t%s\t' "$1" "$2" "$3")" "$tmp/all" |
	    head -n 1 | cut -f4
}
[ "$(link Home.md 5 Settings)" = Settings.md ]
t_check "a file name beats another note's first heading" $?
[ "$(link Home.md 11 Alpha)" = Alpha.md ]
t_check "a file name beats an alias" $?
[ "$(link Home.md 12 'Set-up Guide')" = Guide/Setup.md ]
t_check "an alias names its note" $?
[ "$(link Home.md 6 Plan)" = Guide/Plan.md ]
t_check "the shortest path wins among same-name notes" $?
[ "$(link Archive/Old/Index.md 3 Plan)" = Archive/Old/Plan.md ]
t_check "a note's own folder comes before a name elsewhere" $?
[ "$(link Home.md 8 Old/Plan)" = Archive/Old/Plan.md ]
t_check "a partial path matches the end of a path" $?
[ "$(link Archive/Old/Index.md 3 ../Notes)" = Archive/Notes.md ]
t_check "a relative path from the note's folder" $?
[ "$(link Home.md 24 'icon.svg#icon')" = Attachments/icon.svg ]
t_check "an attachment with a fragment" $?
[ "$(link Home.md 27 Attachments/doc.pdf)" = Attachments/doc.pdf ]
t_check "a Markdown link to an attachment" $?
[ "$(link real-Links.md 9 'Real two')" = real-Target.md ]
t_check "aliases written as one text separated by commas" $?
[ "$(link real-Links.md 10 'Real single')" = real-Single.md ]
t_check "the older alias key names its note" $?
[ "$(link real-Links.md 15 'real-Spaced%20name.md')" = 'real-Spaced name.md' ]
t_check "a Markdown link with %20" $?
[ "$(link real-Links.md 36 real-Hidden)" = - ]
t_check "a note in .obsidian is not in the vault" $?
[ "$(link real-Links.md 39 Target)" = - ]
t_check "a first heading names no note (Obsidian never resolves one)" $?
! grep -q 'real-Not a link\|real-In a fence' "$tmp/all"
t_check "inline code and fenced code hold no links" $?

# ---- an independent resolver agrees on every link ----------------------------
python3 scripts/vault-agree --folio "$F" $V >$o 2>$e
t_check "scripts/vault-agree runs on the fixture vault" $?
cat $o
t_has $o "disagreements: 0" &&
    grep -q '^note links agreeing: \([0-9]*\) / \1 (100.00%)$' $o &&
    grep -q '^attachment links resolving as Obsidian: \([0-9]*\) / \1 (100.00%)' $o
t_check "vault-agree: folio and the reference agree on 100% of the links" $?

# ---- JSON kinds ----------------------------------------------------------
t_run $o $e "$F" -L $V links Home.md --json
t_has $o '"target":"doc.pdf","text":"doc.pdf","line":26,"resolved":"Attachments/doc.pdf","kind":"attachment"'
t_check "links --json: kind attachment" $?
t_has $o '"target":"Settings","text":"Settings","line":5,"resolved":"Settings.md","kind":"document"'
t_check "links --json: kind document" $?
t_has $o '"target":"Nowhere","text":"Nowhere","line":17,"resolved":null,"kind":null'
t_check "links --json: a missing link has no kind" $?

# ---- front-matter links --------------------------------------------------
t_run $o $e "$F" -L $V backlinks Books.md --json
t_has $o '{"path":"Glossary.md","line":6,"context":"categories: [\"[[Books]]\", \"[[Projects/Plan]]\"]","kind":"front matter"}'
t_check "a front-matter wikilink is a backlink, on its line" $?
t_run $o $e "$F" -L $V links Glossary.md --json
t_has $o '"target":"Settings","text":"Settings","line":5,"resolved":"Settings.md","kind":"document","front_matter":true'
t_check "links lists front-matter links" $?
t_run $o $e "$F" -L $V meta Settings.md
t_has $o "backlinks: 7"
t_check "front-matter links count as backlinks" $?

# ---- check ---------------------------------------------------------------
t_run $o $e "$F" -L $V check
t_has $o 'Home.md:15: warning: no heading "No such heading" in Settings.md'
t_check "check: a heading the target lacks" $?
t_has $o 'Home.md:16: warning: no block "^nope" in Projects/Plan.md'
t_check "check: a block the target lacks" $?
t_has $o 'Home.md:31: warning: missing file: missing.png'
t_check "check: an absent file" $?
t_has $o 'Home.md:17: warning: missing note: Nowhere'
t_check "check: a missing note" $?
t_has $o 'real-Links.md:37: warning: missing note: real-Gone.md'
t_check "check: a Markdown link to nothing" $?
t_has $o 'real-Links.md:38: warning: no heading "No such part" in real-Target.md'
t_check "check: a Markdown link to a heading the target lacks" $?
t_has $o 'real-Links.md:36: warning: missing note: real-Hidden'
t_check "check: a note in .obsidian is not a target" $?
t_has $o 'real-Links.md:39: warning: missing note: Target'
t_check "check: a first heading names no note" $?
! grep -q 'Step 2 Link here' $o
t_check "check: a heading linked without its punctuation is there" $?
t_has $o 'real-Links.md:42: warning: no heading "No such" in real-Links.md'
t_check "check: a Markdown link to a heading this note lacks" $?
! grep -q 'real-Links.md:4[0-6]:.*\(Escaped\|empty\|Real links\)' $o
t_check "check: an escaped [[, an empty () and this note's heading are fine" $?
[ "$(grep -c warning: $o)" -eq 9 ]
t_check "check: nothing else (attachments, headings, blocks exist)" $?

# ---- embeds and attachments in the body ------------------------------------
t_run $o $e "$F" -L $V show Home.md --width 72
t_has $o "An image: [image: pic.png]"
t_check "an embedded image shows as a placeholder" $?
t_has $o "A base: [base: Books.base]"
t_check "an embedded file of another kind says its kind" $?
t_has $o "│ [image: pic.png] │ small │"
t_check "![[X\\|100]] in a table cell is an embed" $?
t_has $o "[embed: Settings#Display]" && t_has $o "┆ Colours and width." &&
    ! grep -q "┆ How to set things up" $o
t_check "![[Note#Heading]] shows that section, marked" $?
t_has $o "┆ Ship it."
t_check "![[Note#^block]] shows that block" $?
t_has $o "Truly absent: ![[missing.png]]"
t_check "an embed of nothing stays as written" $?
mkdir -p $tmp/cyc
printf '# A\n\n![[B]]\n' > $tmp/cyc/A.md
printf '# B\n\nB text.\n\n![[A]]\n' > $tmp/cyc/B.md
printf '# C\n\n![[C]]\n' > $tmp/cyc/C.md
t_run $o $e "$F" -L $tmp/cyc show A.md --width 72
t_has $o "┆ B text." && t_has $o "[embed: A (not shown)]"
t_check "an embed cycle stops at the note already shown" $?
t_run $o $e "$F" -L $tmp/cyc show C.md --width 72
t_has $o "[embed: C (not shown)]"
t_check "a note embedding itself shows the placeholder" $?

# ---- callouts, footnotes, block ids ---------------------------------------
t_run $o $e "$F" -L $V show Home.md --width 72
t_has $o "┌ Note: Read this ─" && ! grep -q '\[!note\]' $o
t_check "a callout's marker becomes its label" $?
t_has $o "─ ▸ Warning (1 line folded) ─" && ! grep -q '\[!warning\]' $o
t_check "a foldable callout without a title is labelled by its type" $?
t_has $o "A footnote.[1]" && t_has $o "[1] The footnote's text."
t_check "footnotes show as [1], their definition too" $?
t_run $o $e "$F" -L $V show Projects/Plan.md --width 72
t_has $o "Ship it." && ! grep -q '\^goal' $o
t_check "a block id is hidden" $?
t_run $o $e "$F" -L $V show Home.md --width 72
t_has $o "Entities: ½ cup, ℋ, &."
t_check "HTML5 named entities are decoded" $?

# ---- transcripts ------------------------------------------------------------
mkdir -p $tmp/tr
cat > $tmp/tr/talk.md <<'MD'
---
title: A talk
media: https://youtu.be/dQw4w9WgXcQ?t=12
---
# Talk

At 1:30pm we met; at 2:30 o'clock again; 3:15 PM and 4:00 a.m. too.
The real moment: 12:05.

Inline: <a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=3844">the end</a>.
MD
cat > $tmp/tr/hand.md <<'MD'
---
video_url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ?t=285"
---
# Hand-written

See [here](https://www.youtube.com/watch?v=dQw4w9WgXcQ?t=285).
MD
for k in link source; do
	printf -- '---\n%s: https://youtu.be/dQw4w9WgXcQ\n---\n# %s\n' $k $k \
	    > $tmp/tr/$k.md
done
t_run $o $e "$F" -L $tmp/tr meta talk.md
t_has $o "video: dQw4w9WgXcQ"
t_check "the video comes from media:" $?
t_run $o $e "$F" -L $tmp/tr timestamps talk.md --json
[ "$(grep -o '"seconds"' $o | wc -l)" -eq 2 ]
t_check "times of day are not moments" $?
t_has $o '{"seconds":3844,'
t_check "an inline HTML anchor's moment is found" $?
t_run $o $e "$F" -L $tmp/tr timestamps hand.md --json
t_has $o '{"seconds":285,'
t_check "?v=ID?t=N is a moment" $?
t_run $o $e "$F" -L $tmp/tr meta hand.md
t_has $o "video: dQw4w9WgXcQ"
t_check "the video comes from video_url: with a second '?'" $?
for k in link source; do
	t_run $o $e "$F" -L $tmp/tr meta $k.md
	t_has $o "video: dQw4w9WgXcQ"
	t_check "the video comes from $k:" $?
done

# ---- caption cues count for entity mentions and search ---------------------
mkdir -p $tmp/cap
printf -- '---\ntitle: Fab\nentities:\n  companies: [TSMC]\n---\n# Fab\n\nTSMC makes chips.\n' \
    > $tmp/cap/fab.md
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThe foundry TSMC builds wafers.\n\n00:00:05.000 --> 00:00:08.000\nGallium nitride here.\n' \
    > $tmp/cap/talk.vtt
t_run $o $e "$F" -L $tmp/cap list 'entity:TSMC'
t_has $o "(talk.vtt)"
t_check "a caption file mentioning an entity is its document" $?
t_run $o $e "$F" -L $tmp/cap meta talk.vtt
t_has $o "TSMC (companies): 1"
t_check "a caption file's mentions are counted" $?
t_run $o $e "$F" -L $tmp/cap search gallium
t_has $o "talk.vtt:7:"
t_check "caption text is searched" $?

# ---- an entity under two categories: mentions belong to the name ----------
mkdir -p $tmp/two
printf -- '---\ntitle: A\nentities:\n  models: [o1]\n  products: [o1]\n---\n# A\n\nWe tried o1 and o1 again.\n' \
    > $tmp/two/a.md
t_run $o $e "$F" -L $tmp/two entities --json
t_has $o '{"name":"o1","category":"models","documents":1,"mentions":2}' &&
    t_has $o '{"name":"o1","category":"products","documents":1,"mentions":2}'
t_check "an entity under two categories has the same mentions in both" $?

# ---- what documents of one video borrow from each other -------------------
t_run $o $e "$F" -L data/library list --json
python3 - $o >$tmp/b <<'PY'
import json, sys
for d in json.load(open(sys.argv[1])):
    print("%s\t%s\t%s" % (d["path"], d["title"], d["duration"]))
PY
t_has $tmp/b "$(printf 'captions/Hn3Kd8Ws1Zq.en.vtt\tCompilers Weekly #42: Incremental Parsing in Practice \342\200\224 captions (en)\t')"
t_check "a caption file borrows the title of its video's transcript" $?
t_has $tmp/b "$(printf 'captions/Qx7LmP2vT9a.srt\tInside a Modern Chip Fab: Yield, Light and Patience \342\200\224 captions\t')"
t_check "a caption file without a language says captions" $?
t_run $o $e "$F" -L data/library meta summaries/compilers-weekly-42-summary.md
t_has $o "duration: 1:05:12 (3912 s)"
t_check "a summary without a duration borrows its video's when opened" $?
t_run $o $e "$F" -L data/library meta captions/Hn3Kd8Ws1Zq.en.vtt
t_has $o "title: Compilers Weekly #42: Incremental Parsing in Practice — captions (en)"
t_check "meta shows the borrowed title" $?

t_done
