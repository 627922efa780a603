# luutru — build, test and tools. GNU make.
#
#   make                 build build/luutru (installs missing packages first)
#   make demo            build, make ./luutru-data with demo records, search it
#   make test            build and run every test; ends "N passed, N failed, N skipped"
#   make test SANITIZE=1 the same under AddressSanitizer + UBSan (build-san/)
#   make check-unit T=core  run one unit test binary (tests/unit/test_core.c)
#   make test-valgrind   the unit tests under valgrind (memcheck, leaks)
#   make test-faults SEEDS=20  the fault-injection test (libfiu) with more
#                        seeds than `make test` runs (2 per operation and kind)
#   make fuzz            build the libFuzzer targets (clang, build-fuzz/) and
#                        run each for FUZZ_SECONDS (default 60); see fuzz/
#   make format          clang-format every source; make format-check verifies
#
# Libraries are found with pkg-config; build/config.mk records their flags
# and is remade (after tools/install-deps.sh) when missing.

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT ?= -O1 -g
else
BUILD ?= build
SANFLAGS =
OPT ?= -O2 -g
endif

PKGS = sqlite3 xapian-core tesseract lept libarchive libcrypto libutf8proc \
       jansson libmicrohttpd xlsxwriter libxml-2.0 pangocairo
TEST_PKGS = cmocka

CC ?= cc
CXX ?= c++
WARN = -Wall -Wextra -Werror
CFLAGS_BASE = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) $(SANFLAGS) -I. -MMD -MP
CXXFLAGS_BASE = -std=c++17 $(WARN) $(OPT) $(SANFLAGS) -I. -MMD -MP

-include $(BUILD)/config.mk
ifneq ($(CONFIG_MK),4)
$(BUILD)/config.mk: FORCE
endif

ALL_CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(CFLAGS)
ALL_CXXFLAGS = $(CXXFLAGS_BASE) $(PKG_CFLAGS) $(CXXFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lstdc++ -lpthread -lm

# Layers, bottom to top (see docs/DESIGN.md). Every .c in a layer folder,
# and in the folders one level below it (one concern each, e.g.
# ocr/formats/, archive/signatures/, archive/forms/), is part of the
# library except service/main.c.
LAYERS = core ocr archive indexer search retention service
LIB_C = $(filter-out service/main.c $(LOAD_C),$(foreach d,$(LAYERS),$(wildcard $(d)/*.c $(d)/*/*.c)))
LIB_CXX = indexer/xapian_shim.cc
LIB_OBJ = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIB = $(BUILD)/libluutru.a

# The web UI (service/web/*) is embedded in the binary as byte arrays, made
# by a tiny generator (tools/embed_web.c) compiled here.
WEB_FILES = $(sort $(wildcard service/web/*))
LIB_OBJ += $(BUILD)/gen/web_assets.o

UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SUPPORT = $(BUILD)/tests/support.o

# Modules (core/module.h, docs/startup.md): what needs Tesseract and
# Leptonica (OCR), Pango and Cairo (the forms' PDF), libmicrohttpd and
# GnuTLS (the HTTP service and its web UI), or libarchive, libxml2 and
# libxlsxwriter (office and e-mail readers, import, packages, XLSX
# reports) is built into luutru-ocr.so, luutru-forms.so, luutru-http.so
# and luutru-formats.so beside the binary, which loads them on first use,
# so a search never loads those eighty-odd shared libraries.
# Their sources are in the library too (the tests, fuzz targets and bench
# tools link them directly); the binary has LOAD_C's functions in their
# place, and exports what the modules call (BIN_EXPORTS, from their
# undefined symbols). Module objects are position-independent (-fPIC).
OCR_PKGS = tesseract lept
FORMS_PKGS = pangocairo
HTTP_PKGS = libmicrohttpd
FORMATS_PKGS = libarchive libxml-2.0 xlsxwriter
BIN_PKGS = $(filter-out $(OCR_PKGS) $(FORMS_PKGS) $(HTTP_PKGS) $(FORMATS_PKGS),$(PKGS))
MOD_OCR_C = ocr/engine.c ocr/layout.c ocr/prep.c ocr/probe.c ocr/pdf.c ocr/spdf.c ocr/table.c \
	ocr/ink.c ocr/module.c
MOD_FORMS_C = archive/forms/pdf.c archive/forms/module.c
MOD_HTTP_C = service/http.c service/http_guard.c $(wildcard service/api_*.c) \
	service/http_module.c
# ocr/formats/ but for types.c and render.c (which need no library);
# luutru-formats.so has an entry per layer (LT_FORMATS_MODULE_INIT).
MOD_FORMATS_C = $(filter-out ocr/formats/types.c ocr/formats/render.c ocr/formats/load.c, \
	$(wildcard ocr/formats/*.c)) archive/import.c archive/package.c archive/formats_module.c \
	retention/report_xlsx.c retention/formats_module.c
MOD_OCR_OBJ = $(MOD_OCR_C:%.c=$(BUILD)/%.o)
MOD_FORMS_OBJ = $(MOD_FORMS_C:%.c=$(BUILD)/%.o)
MOD_HTTP_OBJ = $(MOD_HTTP_C:%.c=$(BUILD)/%.o) $(BUILD)/gen/web_assets.o
MOD_FORMATS_OBJ = $(MOD_FORMATS_C:%.c=$(BUILD)/%.o)
MOD_OBJ = $(MOD_OCR_OBJ) $(MOD_FORMS_OBJ) $(MOD_HTTP_OBJ) $(MOD_FORMATS_OBJ)
LOAD_C = ocr/load.c archive/forms/load.c service/http_load.c ocr/formats/load.c \
	archive/formats_load.c retention/formats_load.c
MODULES = $(BUILD)/luutru-ocr.so $(BUILD)/luutru-forms.so $(BUILD)/luutru-http.so \
	$(BUILD)/luutru-formats.so
BIN_OBJ = $(BUILD)/service/main.o $(LOAD_C:%.c=$(BUILD)/%.o) $(filter-out $(MOD_OBJ),$(LIB_OBJ))
BIN_EXPORTS = $(BUILD)/gen/module-exports.list
# A module is refused by a binary built from other headers (core/module.h).
ABI_HEADERS = $(sort $(foreach d,$(LAYERS),$(wildcard $(d)/*.h $(d)/*/*.h)))
ABI_OBJ = $(BUILD)/core/module.o $(BUILD)/ocr/module.o $(BUILD)/archive/forms/module.o \
	$(BUILD)/service/http_module.o $(BUILD)/ocr/formats/module.o $(BUILD)/archive/formats_module.o \
	$(BUILD)/retention/formats_module.o

BIN = $(BUILD)/luutru

# Quiet by default; V=1 shows the commands.
ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: test-crash all deps test test-unit test-integration demo clean format format-check check-unit \
	test-valgrind test-faults fuzz fuzz-build fuzz-bins FORCE
all: $(BIN) $(MODULES)
FORCE:

# CONFIG_MK: the version of what config.mk holds; one made by an older
# Makefile (without the modules' libraries) is made again.
$(BUILD)/config.mk: tools/install-deps.sh
	@mkdir -p $(BUILD)
	@./tools/install-deps.sh --test
	@{ echo "CONFIG_MK = 4"; \
	   echo "PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS = $$(pkg-config --libs $(PKGS))"; \
	   echo "BIN_LIBS = $$(pkg-config --libs $(BIN_PKGS))"; \
	   echo "OCR_LIBS = $$(pkg-config --libs $(OCR_PKGS))"; \
	   echo "FORMS_LIBS = $$(pkg-config --libs $(FORMS_PKGS))"; \
	   echo "HTTP_LIBS = $$(pkg-config --libs $(HTTP_PKGS))"; \
	   echo "FORMATS_LIBS = $$(pkg-config --libs $(FORMATS_PKGS))"; \
	   echo "TEST_CFLAGS = $$(pkg-config --cflags $(TEST_PKGS))"; \
	   echo "TEST_LIBS = $$(pkg-config --libs $(TEST_PKGS))"; } > $@.tmp && mv $@.tmp $@

deps: $(BUILD)/config.mk

$(BUILD)/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

$(MOD_OBJ): OBJ_CFLAGS += -fPIC
$(ABI_OBJ): OBJ_CFLAGS += -I$(BUILD)
$(ABI_OBJ): $(BUILD)/gen/module_abi.h

$(BUILD)/gen/module_abi.h: $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	$(Q)echo "#define LT_MODULE_ABI \"$$(cat $^ | sha256sum | cut -c1-16)\"" >$@.tmp && mv $@.tmp $@

$(BUILD)/%.o: %.cc $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CXX     $<")
	$(Q)$(CXX) $(ALL_CXXFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@$(if $(Q),echo "  AR      $@")
	$(Q)ar rcs $@ $^

$(BIN): $(BIN_OBJ) $(BIN_EXPORTS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -Wl,--as-needed -Wl,--dynamic-list=$(BIN_EXPORTS) -o $@ $(BIN_OBJ) \
	    $(BIN_LIBS) -lstdc++ -lpthread -lm

$(BUILD)/luutru-ocr.so: $(MOD_OCR_OBJ) core/module.ver
	@$(if $(Q),echo "  MODULE  $@")
	$(Q)$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=core/module.ver -o $@ \
	    $(filter %.o,$^) $(OCR_LIBS) -lpthread -lm

$(BUILD)/luutru-forms.so: $(MOD_FORMS_OBJ) core/module.ver
	@$(if $(Q),echo "  MODULE  $@")
	$(Q)$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=core/module.ver -o $@ \
	    $(filter %.o,$^) $(FORMS_LIBS)

$(BUILD)/luutru-http.so: $(MOD_HTTP_OBJ) core/module.ver
	@$(if $(Q),echo "  MODULE  $@")
	$(Q)$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=core/module.ver -o $@ \
	    $(filter %.o,$^) $(HTTP_LIBS) -lpthread

$(BUILD)/luutru-formats.so: $(MOD_FORMATS_OBJ) core/module.ver
	@$(if $(Q),echo "  MODULE  $@")
	$(Q)$(CC) -shared $(ALL_LDFLAGS) -Wl,--version-script=core/module.ver -o $@ \
	    $(filter %.o,$^) $(FORMATS_LIBS) -lpthread

# What the modules use from the binary: their undefined symbols of luutru's
# names (lt_ functions, LT_ constants).
$(BIN_EXPORTS): $(MODULES) Makefile
	@mkdir -p $(dir $@)
	$(Q){ echo "{"; nm -D --undefined-only $(MODULES) | awk '$$2 ~ /^(lt|LT)_/ { print "\t" $$2 ";" }' | \
	    sort -u; echo "};"; } >$@.tmp && mv $@.tmp $@

$(BUILD)/tools/embed_web: tools/embed_web.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 -O2 -o $@ $<

$(BUILD)/gen/web_assets.c: $(WEB_FILES) $(BUILD)/tools/embed_web
	@mkdir -p $(dir $@)
	$(Q)$(BUILD)/tools/embed_web $@ $(WEB_FILES)

$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c $(BUILD)/config.mk
	$(Q)$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

$(BUILD)/tests/support.o: tests/unit/support.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -c $< -o $@

$(BUILD)/tests/%: tests/unit/%.c $(UNIT_SUPPORT) $(LIB) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -o $@ $< $(UNIT_SUPPORT) $(LIB) $(ALL_LDFLAGS) $(TEST_LIBS) $(LIBS_ALL)

# Build one unit test binary and run it: make check-unit T=text
check-unit: $(BUILD)/tests/test_$(T)
	OMP_THREAD_LIMIT=1 LUUTRU_BIN=$(abspath $(BIN)) $(BUILD)/tests/test_$(T)

test: $(BIN) $(UNIT_BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) ./tests/run.sh

test-unit: $(UNIT_BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) ./tests/run.sh --unit

test-integration: $(BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) ./tests/run.sh --integration

# tests/integration/test_faults.sh with SEEDS seeds per operation and fault
# kind (FAULT_SEED=N replays from a printed first seed); `make test` runs 2.
SEEDS ?= 20
test-faults: $(BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) FAULT_SEEDS=$(SEEDS) ./tests/run.sh test_faults

# tests/integration/test_crash.sh with KILLS kills of `import` and
# OTHER_KILLS each of ingest, backup and restore (`make test`: 15 and 2;
# CRASH_SEED=N replays the printed seed).
KILLS ?= 50
OTHER_KILLS ?= 5
test-crash: $(BIN)
	@BUILD=$(BUILD) SANITIZE=$(SANITIZE) CRASH_KILLS=$(KILLS) CRASH_OTHER_KILLS=$(OTHER_KILLS) \
	    ./tests/run.sh test_crash

# Every unit test binary under valgrind's memcheck: any invalid access,
# uninitialised use or leak (definite, indirect or possible) fails the run.
# tests/valgrind.supp holds the suppressions and says why each is there.
# (Add --track-origins=yes to VALGRIND when chasing an uninitialised
# value: it says where it came from, at twice the run time.)
VALGRIND = valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	--suppressions=$(abspath tests/valgrind.supp)
#
# Every binary and every test runs, but without the shared fixtures (the
# tests that need them skip, saying so): recognising their full A4 pages
# under memcheck takes tens of minutes each (Tesseract's LSTM is ~50x
# slower there), while the same code paths run on the small samples/
# pages here, and the fixture tests run under ASan + LSan in
# `make test SANITIZE=1`. VALGRIND_FIXTURES=1 includes them.
VALGRIND_FIXTURES ?= 0
test-valgrind: $(BIN) $(UNIT_BIN)
	@BUILD=$(BUILD) VALGRIND="$(VALGRIND)" \
	    $(if $(filter 1,$(VALGRIND_FIXTURES)),,LUUTRU_SHARED=/nonexistent/luutru-no-fixtures) \
	    ./tests/run.sh --unit

# libFuzzer targets (fuzz/*.c), built with clang in their own build dir:
# the library with ASan + UBSan + fuzzer coverage, each target linked with
# -fsanitize=fuzzer. fuzz/run.sh replays fuzz/regressions/ then fuzzes.
# clang's warnings are shown but not fatal here: -Werror is the gcc build's.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = query manifest_jsonl manifest_csv fields image import package rtf eml office pdfsig \
	vnenc
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_BIN = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) ./fuzz/run.sh $(FUZZ_BUILD)

fuzz-build:
	@./tools/install-deps.sh --fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang CXX=clang++ OPT="-O1 -g" WARN="-Wall -Wextra" \
	    SANFLAGS="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" fuzz-bins

fuzz-bins: $(FUZZ_BIN)

$(BUILD)/fuzz/fuzz_manifest_jsonl.o: fuzz/fuzz_manifest.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -DFUZZ_FORMAT=LT_MANIFEST_JSONL -c $< -o $@

$(BUILD)/fuzz/fuzz_manifest_csv.o: fuzz/fuzz_manifest.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ALL_CFLAGS) -DFUZZ_FORMAT=LT_MANIFEST_CSV -c $< -o $@

$(FUZZ_BIN): $(BUILD)/fuzz/fuzz_%: $(BUILD)/fuzz/fuzz_%.o $(BUILD)/fuzz/fuzz_util.o $(LIB)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CXX) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_ALL)

# The README's first command: demo data in ./luutru-data and a search.
demo: $(BIN)
	@./tools/demo.sh $(BIN)

SOURCES = $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h' '*.cc' 2>/dev/null)
format:
	clang-format -i $(SOURCES)
format-check:
	clang-format --dry-run --Werror $(SOURCES)

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(UNIT_BIN:=.d) $(BUILD)/service/main.d $(LOAD_C:%.c=$(BUILD)/%.d)
