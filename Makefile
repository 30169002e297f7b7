# Makefile for folio (GNU make)
VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/folio

PKG_CONFIG ?= pkg-config
PKGS       = ncursesw yaml-0.1 libutf8proc md4c sqlite3

CC        ?= cc
CFLAGS    ?= -O2 -g
WARNFLAGS  = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wno-unused-parameter
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# Libraries with a static archive are linked from it (scripts/libs);
# STATIC=no links every one dynamically.
STATIC    ?= auto
PKG_LIBS   := $(shell STATIC=$(STATIC) PKG_CONFIG=$(PKG_CONFIG) sh scripts/libs \
              $(CC) $(PKGS) 2>/dev/null)
VT_CFLAGS  := $(shell $(PKG_CONFIG) --cflags vterm 2>/dev/null)
VT_LIBS    := $(shell $(PKG_CONFIG) --libs vterm 2>/dev/null)
CPPFLAGS  += -Iinclude -D_GNU_SOURCE -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 \
             -DFOLIO_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
LDLIBS    += $(PKG_LIBS) -lpthread

# Build variant directory: build (release), build/asan, build/fuzz ...
B         ?= build
O          = $(B)/obj
CORE_SRC   = $(sort $(filter-out src/main.c,$(wildcard src/*.c)))
UI_SRC     = $(sort $(wildcard src/ui/*.c))
CORE_OBJ   = $(CORE_SRC:%.c=$(O)/%.o)
UI_OBJ     = $(UI_SRC:%.c=$(O)/%.o)
UNIT_SRC   = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TUI_SRC    = $(sort $(wildcard tests/tui/*.c))
FUZZ_NAMES = fm markdown captions timestamp wikilink query config
FUZZ_BIN   = $(FUZZ_NAMES:%=$(B)/fuzz/fuzz_%)
REPLAY_BIN = $(FUZZ_NAMES:%=$(B)/tests/replay_%)
FUZZ_SECONDS ?= 60

ifeq ($(V),1)
Q_CC =
Q_LD =
else
Q_CC = @echo '  CC    $<';
Q_LD = @echo '  LD    $@';
endif

all: $(B)/folio

$(B)/folio: $(O)/src/main.o $(UI_OBJ) $(CORE_OBJ)
	$(Q_LD)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(Q_CC)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Unit tests link the model only: proof that it does not need the UI.
$(B)/tests/%: tests/unit/%.c tests/unit/t.h $(CORE_OBJ)
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) -Itests/unit $(LDFLAGS) \
	    -o $@ $< $(CORE_OBJ) $(LDLIBS)

$(B)/tests/tui: $(TUI_SRC) $(wildcard tests/tui/*.h)
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(WARNFLAGS) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 $(CFLAGS) \
	    $(VT_CFLAGS) $(LDFLAGS) -o $@ $(TUI_SRC) $(VT_LIBS) -lutil \
	    $(shell $(PKG_CONFIG) --libs sqlite3)

# Replay drivers: each fuzz target without libFuzzer, run by the suite
# over its seed corpus and every saved crash (tests/fuzz/NAME/).
$(B)/tests/replay_%: fuzz/fuzz_%.c fuzz/fuzz_lib.c fuzz/driver.c fuzz/fuzz.h $(CORE_OBJ)
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) -Ifuzz $(LDFLAGS) -o $@ \
	    fuzz/fuzz_$*.c fuzz/fuzz_lib.c fuzz/driver.c $(CORE_OBJ) $(LDLIBS)

# libFuzzer targets (built by "make fuzz" with B=build/fuzz and clang).
$(B)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_lib.c fuzz/fuzz.h $(CORE_OBJ)
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) -Ifuzz $(LDFLAGS) \
	    -fsanitize=fuzzer -o $@ fuzz/fuzz_$*.c fuzz/fuzz_lib.c $(CORE_OBJ) \
	    $(LDLIBS)

# The benchmark's tools: the library generator, the reader timer (in a
# pty, through the TUI tests' terminal) and the in-process filter timer.
BENCH_BIN  = $(B)/bench/gen $(B)/bench/frame $(B)/bench/filter \
	     $(B)/bench/floor

$(B)/bench/gen: bench/gen.c
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(WARNFLAGS) $(CFLAGS) -D_DEFAULT_SOURCE -o $@ $< -lm

$(B)/bench/frame: bench/frame.c tests/tui/term.c tests/tui/term.h
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(WARNFLAGS) -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 $(CFLAGS) \
	    -Itests/tui $(VT_CFLAGS) -o $@ bench/frame.c tests/tui/term.c \
	    $(VT_LIBS) -lutil

$(B)/bench/floor: bench/floor.c
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(LDLIBS)

$(B)/bench/filter: bench/filter.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(Q_LD)$(CC) $(CPPFLAGS) $(WARNFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(CORE_OBJ) $(LDLIBS)

bench: deps
	@scripts/deps bench
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@scripts/bench $(B)

fuzz-build: $(FUZZ_BIN)

fuzz:
	@scripts/deps fuzz
	@$(MAKE) --no-print-directory B=build/fuzz CC=clang \
	    CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' \
	    LDFLAGS='-fsanitize=address,undefined' fuzz-build
	@scripts/fuzz build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

deps:
	@scripts/deps

TUI_BIN    = $(if $(TUI_SRC),$(B)/tests/tui)

build-tests: all $(UNIT_BIN) $(TUI_BIN) $(REPLAY_BIN)

test: build-tests
	@B=$(B) tests/run.sh

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory check-static

check-static: check-layering check-headers lint-man check-man-keys
	@sh scripts/check-views

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/folio -L data

golden-update: all
	GOLDEN_UPDATE=1 sh tests/suites/golden.sh $(B)/folio

asan:
	@scripts/deps
	@$(MAKE) --no-print-directory B=build/asan CC=clang \
	    CFLAGS='-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined' \
	    LDFLAGS='-fsanitize=address,undefined' test

check-layering:
	@if grep -rlE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|folio/ui)' \
	    src include --include=*.c --include=*.h | grep -v '^src/ui/'; then \
	    echo 'check-layering: curses used outside src/ui/'; exit 1; fi

check-headers:
	@for h in include/folio/*.h; do \
	    echo "#include \"$${h#include/}\"" | $(CC) $(CPPFLAGS) $(WARNFLAGS) \
	    -fsyntax-only -x c - || { echo "check-headers: $$h"; exit 1; }; done

lint-man:
	@if command -v mandoc >/dev/null; then mandoc -Tlint -Wwarning man/*.[157]; \
	else for m in man/*.[157]; do groff -mdoc -ww -z $$m || exit 1; done; fi

check-man-keys: $(B)/folio
	@tests/man-keys.sh $(B)/folio

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(B)/folio $(DESTDIR)$(BINDIR)/folio
	install -m 644 man/folio.1 $(DESTDIR)$(MANDIR)/man1/
	for m in man/*.5; do [ -e "$$m" ] || continue; install -d $(DESTDIR)$(MANDIR)/man5; \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man5/; done
	for m in man/*.7; do [ -e "$$m" ] || continue; install -d $(DESTDIR)$(MANDIR)/man7; \
	    install -m 644 $$m $(DESTDIR)$(MANDIR)/man7/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/folio $(DESTDIR)$(MANDIR)/man1/folio.1
	rm -f $(DESTDIR)$(MANDIR)/man5/folio-*.5 $(DESTDIR)$(MANDIR)/man7/folio-*.7
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
.PHONY: bench fuzz fuzz-build golden-update all deps build-tests test check check-static run asan check-layering \
        check-headers lint-man check-man-keys install uninstall clean
