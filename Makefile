# poaiss — see README.md.  Targets: all run test bench fuzz clean pot deps.
CC      ?= gcc
# pangocairo, cairo-pdf and fontconfig: the trends PDF (web/trends_pdf.c), in every build and in the unit tests.
PKGS    := libmicrohttpd sqlite3 jansson libsodium xlsxwriter minizip expat pangocairo cairo-pdf fontconfig
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wsign-compare
DEFS    := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
# Recursive (=) so pkg-config runs when a recipe runs, after `deps` has installed the libraries.
CFLAGS_COMMON = $(WARN) $(DEFS) -Isrc -Ibuild/gen -MMD -MP $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm -lstemmer
REL_CFLAGS  = $(CFLAGS_COMMON) -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
ASAN_CFLAGS = $(CFLAGS_COMMON) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
ASAN_LDFLAGS := -fsanitize=address,undefined

SRC     := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
GEN_C   := build/gen/embedded.c
REL_OBJ := $(patsubst %.c,obj/rel/%.o,$(SRC)) obj/rel/gen/embedded.o
ASAN_OBJ := $(patsubst %.c,obj/asan/%.o,$(SRC)) obj/asan/gen/embedded.o
ASAN_LIB_OBJ := $(filter-out obj/asan/src/main.o,$(ASAN_OBJ))

MIGRATIONS := $(sort $(wildcard migrations/*.sql))
STATIC  := $(sort $(wildcard static/*))
PO      := $(sort $(wildcard po/*.po))
TEMPLATES := $(sort $(wildcard data/templates/*.json))
MO      := $(patsubst po/%.po,build/gen/mo/%.mo,$(PO))
# The templates' own catalogues (question texts, options ...): po/templates/xx.po -> mo/templates/xx.mo.
TPL_PO  := $(sort $(wildcard po/templates/*.po))
TPL_MO  := $(patsubst po/templates/%.po,build/gen/mo/templates/%.mo,$(TPL_PO))
DB      ?= var/poaiss.db
LISTEN  ?= 127.0.0.1:8080

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRC))

.PHONY: all run test test-build unit unit-run http browser browser-walks bench fuzz fuzz-short clean deps deps-test pot lint-api install uninstall
all: build/poaiss

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test
	@test -d node_modules/playwright-core || npm ci --no-audit --no-fund --loglevel=error

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror $< -o $@

GEN_REFDATA_SRC := $(sort $(wildcard tools/gen_refdata/*.c))
build/tools/gen_refdata: $(GEN_REFDATA_SRC) tools/gen_refdata/gen_refdata.h | deps
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror $(DEFS) $(GEN_REFDATA_SRC) $(shell pkg-config --cflags --libs jansson expat) -o $@

build/gen/refdata.sql: build/tools/gen_refdata $(wildcard data/*.tsv)
	@mkdir -p $(@D)
	build/tools/gen_refdata data > $@.tmp && mv $@.tmp $@

build/gen/mo/%.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

EMBED := $(foreach m,$(MIGRATIONS),$(m)=$(m)) refdata.sql=build/gen/refdata.sql poa.txt=data/poa.txt \
         common-passwords.txt=data/common-passwords.txt \
         openapi.json=src/api/openapi.json $(foreach s,$(STATIC),$(s)=$(s)) \
         $(foreach t,$(TEMPLATES),templates/$(notdir $(t))=$(t)) \
         $(foreach m,$(MO),mo/$(notdir $(m))=$(m)) \
         $(foreach m,$(TPL_MO),mo/templates/$(notdir $(m))=$(m))

$(GEN_C): Makefile build/tools/embed $(MIGRATIONS) build/gen/refdata.sql data/poa.txt data/common-passwords.txt src/api/openapi.json $(STATIC) $(MO) $(TPL_MO) $(TEMPLATES)
	@mkdir -p $(@D)
	build/tools/embed $@ $(EMBED)

obj/rel/%.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(REL_CFLAGS) -c $< -o $@
obj/rel/gen/embedded.o: $(GEN_C)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(REL_CFLAGS) -c $< -o $@
obj/asan/%.o: %.c | deps
	@mkdir -p $(@D)
	@echo "  CC asan $<"
	@$(CC) $(ASAN_CFLAGS) -c $< -o $@
obj/asan/gen/embedded.o: $(GEN_C)
	@mkdir -p $(@D)
	@echo "  CC asan $<"
	@$(CC) $(ASAN_CFLAGS) -c $< -o $@

build/poaiss: $(REL_OBJ) | deps
	$(CC) -o $@ $(REL_OBJ) $(LIBS)

build/asan/poaiss: $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ASAN_LDFLAGS) -o $@ $(ASAN_OBJ) $(LIBS)

# Unit tests: tests/unit/test_X.c tests src/domain/X.c, test_store_X.c tests src/store/X.c (README.md,
# "Tests").  A test may #include the .c it tests, written as its path under src/ at the start of a line
# (#include "domain/xlsx_read.c"), to reach its static functions: it then links every library object
# except the objects of the .c files it includes, so that nothing is defined twice.  UNIT_OWN lists
# those objects for one test file.
UNIT_OWN = $(patsubst %.c,obj/asan/src/%.o,$(shell sed -n 's/^\#include "\([^"]*\.c\)".*/\1/p' $(1)))
build/tests/%: tests/unit/%.c $(ASAN_LIB_OBJ)
	@mkdir -p $(@D) obj/tests
	@echo "  TEST    $@"
	@$(CC) $(ASAN_CFLAGS) -MF obj/tests/$*.d $(ASAN_LDFLAGS) -Wno-missing-prototypes $< \
	    $(filter-out $(call UNIT_OWN,$<),$(ASAN_LIB_OBJ)) -o $@ $(LIBS) $(shell pkg-config --libs cmocka)

run: build/poaiss
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || build/poaiss demo --db $(DB)
	build/poaiss serve --db $(DB) --listen $(LISTEN) --access-log -

# How many things `make test` does at once (this machine and CI's have 2 cores): compilers, unit test
# programs, HTTP test files (each starts its own server on a port of its own, in a directory of its
# own: tests/http/helpers.mjs) and browser walks.  Not more HTTP files than cores: the hostile tests
# give each answer 8 s, and under the sanitizers a bulk download shared with more files than cores
# came near that on a loaded machine.  JOBS=1 HTTP_JOBS=1 BROWSER_JOBS=1: everything one at a time, as before.
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
HTTP_JOBS    ?= $(JOBS)
BROWSER_JOBS ?= $(JOBS)

# Every unit test program runs (JOBS at a time, each one's output kept together: -O); the first failure fails the run.
UNIT_RUN := $(patsubst build/tests/%,unit-run/%,$(UNIT_BIN))
unit: deps-test $(UNIT_BIN) build/tools/gen_refdata
	@$(MAKE) --no-print-directory -j$(JOBS) -O unit-run
	@sh tests/unit/check_refdata.sh
	@sh tests/unit/check_templates.sh
	@sh tests/unit/check_layers.sh

unit-run: $(UNIT_RUN)
unit-run/%: build/tests/%
	@echo "== $<"; ASAN_OPTIONS=detect_leaks=1 $<

http: deps-test build/asan/poaiss build/poaiss
	node --test --test-concurrency=$(HTTP_JOBS) tests/http/

# The four walks, BROWSER_JOBS at a time (each its own server and Chromium), the longest first.
BROWSER_WALKS := analysis assistance roles_walk run
browser: deps-test build/poaiss
	@$(MAKE) --no-print-directory -j$(BROWSER_JOBS) -O browser-walks
browser-walks: $(addprefix browser-walk/,$(BROWSER_WALKS))
browser-walk/%: build/poaiss
	POAISS_BIN=build/poaiss node tests/browser/$*.mjs

lint-api: deps-test
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint src/api/openapi.json --config tests/redocly.yaml

# make test: first everything it runs is built, JOBS compilers at a time; then the stages run one after
# another (each runs its own parts JOBS or HTTP_JOBS at a time, see above), each stage's time printed.
TEST_STAGES := unit http browser lint-api fuzz-short
test: deps-test
	@set -e; for stage in test-build $(TEST_STAGES); do \
	    t0=$$(date +%s); \
	    if [ $$stage = test-build ]; then j=$(JOBS); else j=1; fi; \
	    $(MAKE) --no-print-directory -j$$j $$stage; \
	    echo "== make test: $$stage took $$(( $$(date +%s) - t0 )) s"; \
	done
	@echo "all tests passed"
test-build: build/poaiss build/asan/poaiss $(UNIT_BIN) build/tools/gen_refdata $(GEN_C)

bench: build/poaiss build/bench/fts_raw build/bench/search_cpu build/bench/match_bench
	@sh tools/deps.sh bench
	sh bench/http.sh
	sh bench/import.sh
	sh bench/search.sh
	sh bench/matching.sh
	sh bench/trends.sh
	sh bench/analysis.sh
	sh bench/crash.sh
	sh bench/abuse.sh

# The search benchmark's yardstick: the ranked query straight on SQLite (links the tokenizer).
build/bench/fts_raw: bench/fts_raw.c $(filter-out obj/rel/src/main.o,$(REL_OBJ))
	@mkdir -p $(@D)
	$(CC) $(REL_CFLAGS) -MF obj/fts_raw.d $< $(filter-out obj/rel/src/main.o,$(REL_OBJ)) -o $@ $(LIBS)

# The search benchmark's CPU figures: search_run() timed in one process (bench/search_cpu.c).
build/bench/search_cpu: bench/search_cpu.c $(filter-out obj/rel/src/main.o,$(REL_OBJ))
	@mkdir -p $(@D)
	$(CC) $(REL_CFLAGS) -MF obj/search_cpu.d $< $(filter-out obj/rel/src/main.o,$(REL_OBJ)) -o $@ $(LIBS)

# The matching benchmark: links the domain and the store.
build/bench/match_bench: bench/match_bench.c $(filter-out obj/rel/src/main.o,$(REL_OBJ))
	@mkdir -p $(@D)
	$(CC) $(REL_CFLAGS) -MF obj/match_bench.d $< $(filter-out obj/rel/src/main.o,$(REL_OBJ)) -o $@ $(LIBS)

# Every libFuzzer driver (tests/fuzz/fuzz_*.c): long in `make fuzz` (FUZZ_SECONDS each, 300 unless
# said), 10 s each in `make test` (fuzz-short; tools/deps.sh test installs clang and its libFuzzer runtime,
# and fuzz-short skips with a message only when they are absent all the same).
# Drivers that link the embedded data need build/gen/embedded.c.
FUZZ_SECONDS ?= 300
fuzz: $(GEN_C)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

fuzz-short: $(GEN_C)
	@FUZZ_SECONDS=10 FUZZ_SKIP_MISSING=1 sh tests/fuzz/run.sh

# Both catalogues: the interface (po/poaiss.pot) and the templates' strings (po/templates/templates.pot,
# from whatever data/templates/*.json exist).  Then msgmerge each .po, see README.md.
pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -o po/poaiss.pot $(SRC)
	@mkdir -p po/templates
	sh tools/template_pot.sh data/templates > po/templates/templates.pot.tmp && mv po/templates/templates.pot.tmp po/templates/templates.pot

# make install [PREFIX=/usr/local] [DESTDIR=]: the binary (migrations, templates, translations and
# static files are embedded in it: it needs nothing else at run time), the static files for nginx
# to serve from disk, the deploy files (systemd units, nginx site) with their paths under PREFIX,
# and the README.  README.md, "Running it in production".
PREFIX  ?= /usr/local
BINDIR  := $(PREFIX)/bin
SHAREDIR := $(PREFIX)/share/poaiss
DOCDIR  := $(PREFIX)/share/doc/poaiss
DEPLOY  := $(sort $(wildcard deploy/*))
install: build/poaiss
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(SHAREDIR)/static" "$(DESTDIR)$(SHAREDIR)/deploy" "$(DESTDIR)$(DOCDIR)"
	install -m 0755 build/poaiss "$(DESTDIR)$(BINDIR)/poaiss"
	install -m 0644 $(STATIC) "$(DESTDIR)$(SHAREDIR)/static/"
	for f in $(DEPLOY); do \
	    sed 's#/usr/local#$(PREFIX)#g' "$$f" > "$(DESTDIR)$(SHAREDIR)/deploy/$$(basename $$f)" && \
	    chmod 0644 "$(DESTDIR)$(SHAREDIR)/deploy/$$(basename $$f)" || exit 1; \
	done
	install -m 0644 README.md "$(DESTDIR)$(DOCDIR)/README.md"
	@echo "installed poaiss in $(DESTDIR)$(PREFIX); next: $(SHAREDIR)/deploy/ and README.md, \"Running it in production\""

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/poaiss" "$(DESTDIR)$(DOCDIR)/README.md"
	rm -rf "$(DESTDIR)$(SHAREDIR)"
	-rmdir "$(DESTDIR)$(DOCDIR)" 2>/dev/null

clean:
	rm -rf build obj

-include $(shell find obj -name '*.d' 2>/dev/null)
