#!/bin/sh
# Playback commands: highlights saved from the command line and exported
# as text, JSON and Markdown with moment links, written atomically and
# never over a file folio did not write.
set -u
. tests/lib.sh
F=${1:-build/folio}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/folio-play.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
o=$tmp/out e=$tmp/err
export XDG_STATE_HOME=$tmp/state
L="-L $tmp/lib"
mkdir -p $tmp/lib $tmp/vault

printf -- '---\ntitle: Talk\nvideo_id: Qx7LmP2vT9a\nduration: "10:00"\n---\n# Transcript\n\n[00:00:00] Welcome everyone.\n\n[00:01:30] First point.\n\n- a list item about the design\n' > $tmp/lib/talk.md
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ada>hello there\nsecond line\n\n00:01:05.000 --> 00:01:08.000\n<v Bob>General Kenobi\n' > $tmp/lib/talk.en.vtt

# ---- speakers --------------------------------------------------------------
printf 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v.loud Grace Hopper>Nanoseconds</v>\n\n00:00:04.000 --> 00:00:05.000\n<v Grace Hopper>again\n' > $tmp/lib/grace.vtt
printf '# Panel\n\nMODERATOR: Welcome.\n\n**Linus:** Thanks.\n' > $tmp/lib/panel.md
t_run $o $e "$F" $L list 'speaker:ada'
t_check "list speaker: exits 0" $?
t_has $o "talk.en.vtt" && ! t_has $o "grace.vtt"
t_check "speaker: finds a voice tag's name" $?
t_run $o $e "$F" $L list 'speaker:"grace hopper"'
t_has $o "grace.vtt" && [ "$(wc -l < $o)" -eq 1 ]
t_check "speaker: with a quoted full name, folded" $?
t_run $o $e "$F" $L list 'speaker:moderator OR speaker:linus'
t_has $o "panel.md"; t_check "speaker: finds labels in a transcript" $?
printf -- '---\ntitle: Interview\nentities:\n  people:\n    - "Tomas Ruiz"\n---\nTomas Ruiz: Parsing is incremental.\n' > $tmp/lib/interview.md
t_run $o $e "$F" $L list 'speaker:ruiz'
t_has $o "interview.md"; t_check "speaker: knows the people of the dictionary" $?
t_run $o $e "$F" $L list 'speaker:parsing'
[ ! -s $o ]; t_check "speaker: is not a word of the text" $?
t_run $o $e "$F" $L show grace.vtt
t_has $o "Grace Hopper: Nanoseconds" && ! t_has $o "<v" &&
    [ "$(grep -c 'Grace Hopper' $o)" -eq 1 ]
t_check "show names the speaker once per turn, no raw tag" $?
t_run $o $e "$F" $L timestamps grace.vtt
t_has $o "Nanoseconds" && ! t_has $o "<v" && ! t_has $o "</v>"
t_check "timestamps give a cue's text without its tags" $?
t_run $o $e "$F" $L timestamps grace.vtt --json
t_has $o '"context":"Nanoseconds"'
t_check "timestamps --json: a cue's text without its tags" $?

# ---- saving ----------------------------------------------------------------
t_run $o $e "$F" $L highlight talk.md; [ $? -eq 2 ]
t_check "highlight without --line exits 2" $?
t_run $o $e "$F" $L highlight talk.md --line 99; [ $? -eq 1 ]
t_check "highlight of a line that does not exist exits 1" $?
t_has $e "no line 99"; t_check "and says which line" $?
t_run $o $e "$F" $L highlight talk.md --line 7; [ $? -eq 1 ]
t_check "highlight of a blank line exits 1" $?
t_run $o $e "$F" $L highlight talk.md --line 10 --note "Key idea"
t_check "highlight --line --note exits 0" $?
grep -qE '^[0-9]+$' $o; t_check "highlight prints the new id" $?
t_run $o $e "$F" $L highlight talk.md --line 8
t_check "a second highlight" $?
t_run $o $e "$F" $L highlight talk.en.vtt --line 5 --at 1:00
t_check "highlight of a cue with --at" $?
t_run $o $e "$F" $L highlight talk.md --line 12 --at bogus; [ $? -eq 2 ]
t_check "a bad --at exits 2" $?
t_run $o $e "$F" $L highlight talk.md --line 12 --note "$(printf 'bad\033[31mred')"
t_check "a note with control bytes is saved" $?

# ---- exporting -------------------------------------------------------------
t_run $o $e "$F" highlights --markdown
t_check "highlights --markdown exits 0" $?
t_has $o "> First point."; t_check "a line is quoted (its clock left to the link)" $?
t_has $o "> — [1:30](https://www.youtube.com/watch?v=Qx7LmP2vT9a&t=90s)"
t_check "each quote has its canonical moment link" $?
t_has $o "Key idea"; t_check "the note follows its quote" $?
t_has $o "> hello there second line"; t_check "a cue is quoted whole, voice tag removed" $?
t_has $o "&t=60s)"; t_check "--at gives the moment" $?
[ "$(grep -c '^## Talk$' $o)" -eq 1 ]; t_check "grouped by document" $?
a=$(grep -n 'Welcome everyone' $o | cut -d: -f1)
b=$(grep -n 'First point' $o | cut -d: -f1)
[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
t_check "in document order, not in the order saved" $?
t_no_escapes $o; t_check "no control bytes reach the output" $?
t_run $o $e "$F" $L highlights talk.md
t_check "highlights DOC exits 0" $?
! t_has $o "hello there"; t_check "highlights DOC: that document only" $?
t_has $o "https://www.youtube.com/watch?v=Qx7LmP2vT9a&t=0s"
t_check "the text export has the links" $?
t_run $o $e "$F" highlights --json
python3 - $o <<'PY'; t_check "highlights --json: documents with their highlights" $?
import json, sys
v = json.load(open(sys.argv[1]))
assert [d["title"] for d in v] == ["Talk \u2014 captions (en)", "Talk"], v
talk = v[1]["highlights"]
assert [h["line"] for h in talk] == [8, 10, 12], talk
assert talk[1]["note"] == "Key idea" and talk[1]["seconds"] == 90
assert talk[1]["url"] == "https://www.youtube.com/watch?v=Qx7LmP2vT9a&t=90s"
PY
t_run $o $e "$F" highlights --json --markdown; [ $? -eq 2 ]
t_check "--json with --markdown exits 2" $?
t_run $o $e "$F" highlights --force; [ $? -eq 2 ]
t_check "--force without --output exits 2" $?

# ---- writing a file --------------------------------------------------------
md=$tmp/vault/Highlights.md
t_run $o $e "$F" highlights --markdown --output $md
t_check "--output writes" $?
[ ! -s $o ] && t_has $md "> First point."; t_check "into the file, not stdout" $?
t_run $o $e "$F" $L highlight talk.md --line 12
t_run $o $e "$F" highlights --markdown --output $md
t_check "--output replaces a file folio wrote" $?
[ "$(grep -c 'a list item about the design' $md)" -eq 2 ]
t_check "with the new highlight" $?
echo "my own words" >> $md
cp $md $tmp/before
t_run $o $e "$F" highlights --markdown --output $md; [ $? -eq 1 ]
t_check "--output refuses a file changed since" $?
t_has $e "--force"; t_check "and says how to replace it" $?
cmp -s $md $tmp/before; t_check "the file is left as it was" $?
echo "a note of mine" > $tmp/vault/mine.md
t_run $o $e "$F" highlights --output $tmp/vault/mine.md; [ $? -eq 1 ]
t_check "--output refuses a file folio did not write" $?
t_run $o $e "$F" highlights --markdown --output $md --force
t_check "--force replaces it" $?
! t_has $md "my own words"; t_check "with the export" $?
[ "$(ls -A $tmp/vault | wc -l)" -eq 2 ]; t_check "no temporary file left" $?
t_run $o $e "$F" highlights --output $tmp/nodir/x.md; [ $? -eq 1 ]
t_check "--output into a missing folder exits 1" $?

t_done
