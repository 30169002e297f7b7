#!/bin/sh
# Write a library of hostile documents under DIR (made here, not kept in
# git), each in a folder of its own (DIR/NAME/NAME) so that opening one
# by path does not scan the others: broken encodings, control and escape sequences, huge lines and
# files, deep nesting, YAML bombs, odd front matter, and files that are
# not files.  Used by tests/suites/hostile.sh and the terminal tests.
# usage: tests/hostile-gen.sh DIR
set -eu
d=$1
rm -rf "$d"
mkdir -p "$d/sub"
cd "$d"

printf '# Broken \377\376 UTF-8\n\nover\300\200long \355\240\200 surrogate \360\237 cut\n' > utf8.md
printf '# NUL\000 title\n\nbody\000with\000NULs\n' > nul.md
printf '# CR only\rfirst line\rsecond line\r' > cr.md
printf '\357\273\277---\r\ntitle: "BOM and CRLF"\r\n---\r\n\r\nbody\r\n' > bom-crlf.md
# every C0 control but newline, DEL, raw C1 bytes and UTF-8 C1
{
	printf '# Controls\n\n'
	i=1
	while [ $i -lt 32 ]; do
		[ $i -ne 10 ] && printf "c$(printf '\\%03o' $i)x "
		i=$((i + 1))
	done
	printf '\177 \200 \233 \237 \302\200 \302\233 \302\237\n'
} > controls.md
cat > escapes.md <<EOF
---
title: "Esc $(printf '\033')[2J$(printf '\033')]0;owned$(printf '\007') title"
video_id: "$(printf '\033')[31m"
---
# Escape $(printf '\033')[1;31mred$(printf '\033')[0m heading

CSI $(printf '\033')[2J$(printf '\033')[H clear, OSC $(printf '\033')]52;c;aGk=$(printf '\007') clipboard,
DCS $(printf '\033')Pq#0;2;0;0;0$(printf '\033')\\ sixel, hyperlink $(printf '\033')]8;;http://evil$(printf '\033')\\x$(printf '\033')]8;;$(printf '\033')\\,
8-bit CSI $(printf '\302\233')31m and [a link](http://x/$(printf '\033')[2J) and [[Note$(printf '\033')[2J]].
EOF
printf '# Bidi \342\200\256reversed\342\200\254 \342\201\246iso\342\201\251 \342\200\217rlm\n\nabc\342\200\256def\n' > bidi.md
# a 2 MB line; a million lines
awk 'BEGIN { printf "# Long line\n\n"; for (i = 0; i < 200000; i++) printf "word%05d ", i % 100000; printf "\n" }' > longline.md
awk 'BEGIN { print "# A million lines"; for (i = 0; i < 1000000; i++) print "l" i }' > million.md
# 300-deep list and quote; 60-column and 10,000-row tables
awk 'BEGIN { print "# Deep"; for (i = 0; i < 300; i++) { s = ""; for (j = 0; j < i; j++) s = s "  "; print s "- level " i } }' > deeplist.md
awk 'BEGIN { s = ""; for (i = 0; i < 300; i++) s = s ">"; print "# Quotes"; print s " deep" }' > deepquote.md
awk 'BEGIN { h = "|"; r = "|"; c = "|"; for (i = 0; i < 60; i++) { h = h " h" i " |"; r = r "---|"; c = c " c" i " |" }
    print "# Wide"; print ""; print h; print r; for (i = 0; i < 5; i++) print c }' > widetable.md
awk 'BEGIN { print "# Tall"; print ""; print "| a | b |"; print "|---|---|"; for (i = 0; i < 10000; i++) print "| " i " | [" i ":00](https://youtu.be/dQw4w9WgXcQ?t=" i ") |" }' > talltable.md
# YAML: alias bomb, 100,000-deep flow nesting, odd shapes
cat > aliasbomb.md <<'EOF'
---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
title: *g
---
# Alias bomb
EOF
awk 'BEGIN { s = "---\nx: "; for (i = 0; i < 100000; i++) s = s "["; print s; print "---"; print "# Deep flow" }' > deepflow.md
printf -- '---\n- a\n- b\n---\n# FM list\n' > fm-list.md
printf -- '---\njust a scalar\n---\n# FM scalar\n' > fm-scalar.md
printf -- '---\ntitle: never closed\n\n# Unclosed\nbody\n' > fm-unclosed.md
printf -- '---\ntitle: one\ntitle: two\nvideo_id: dQw4w9WgXcQ\nvideo_id: xxxxxxxxxxx\n---\n# Dups\n' > fm-dupkeys.md
: > empty.md
printf 'WEBVTT\n\n99:99:99.999 --> 00:00:00.000\n\033[2J\n\n00:00:01.000 --> \n\n' > bad.vtt
printf '1\n00:00:01,000 --> 00:00:02,000\n\033]0;x\007hi\n\n2\nnot a time\n' > bad.srt
# not regular files: a FIFO, a device, symlink loops, unreadable files
mkfifo fifo.md
ln -s /dev/zero zero.md
mkdir loops
ln -s loop-b.md loops/loop-a.md
ln -s loop-a.md loops/loop-b.md
ln -s .. sub/up
printf '# Secret\n' > unreadable.md
chmod 000 unreadable.md
printf '# Fine\n\nA normal note beside the others, linking [[utf8]].\n' > fine.md
for f in *; do
	case $f in
	loops|sub)	continue ;;
	esac
	mkdir "$f.d"
	mv "$f" "$f.d/$f"
	mv "$f.d" "$f"
done
