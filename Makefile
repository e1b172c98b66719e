# The two commands (see README.md):
#   make demo   runs the qris CLI's embedded demo (no arguments, no network)
#   make test   runs every check and test: fmt, clippy, docs, the no_std build,
#               Rust unit/integration/property/doc tests, the C tests (ASan/UBSan
#               and valgrind), the C and C++ examples built against an installed copy,
#               the Python package installed with pip into a venv, its pytest suite
#               and a mypy stubtest of its type stubs, and the signature crates
#               under the second crypto provider (ring) and for wasm32
CARGO ?= cargo

.PHONY: bundles test-all java java-test java-all bench-java bench-data spark-test js js-test bench-js scan-rate bench-scan tools dist cross cross-all wheels demo test fmt lint docs nostd rust-test providers c-examples python-test fuzz-check bench benchmarks bench-providers bench-python bench-node bench-callgrind fuzz hardening deny deny-advisories miri header install

demo:
	$(CARGO) run --release --quiet -p qris-cli -- demo

test: fmt lint docs nostd rust-test providers c-examples python-test spark-test java-test scan-rate js-test fuzz-check

# Everything: `make test`, every other machine (the four release bundles, the
# wheels, the Java jar for every machine) and the hardening checks. CI
# (.ci/run) runs `make test`, `make bundles` and `make hardening` on every
# change (its 90 minutes on 2 cores do not hold the wheels' and the Java
# libraries' cross builds as well); run this before a release.
test-all: test cross-all hardening

PYTHON_CRATE := --manifest-path bindings/python/Cargo.toml

fmt:
	$(CARGO) fmt --all -- --check
	$(CARGO) fmt $(PYTHON_CRATE) -- --check
	$(CARGO) fmt --manifest-path bindings/js/Cargo.toml -- --check
	$(CARGO) fmt --manifest-path bindings/java/Cargo.toml -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy --quiet -p qris-sign --no-default-features --features ring,std --all-targets -- -D warnings
	$(CARGO) clippy --quiet $(PYTHON_CRATE) --all-targets -- -D warnings
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))/js" $(CARGO) clippy --quiet --manifest-path bindings/js/Cargo.toml \
		--target wasm32-unknown-unknown -- -D warnings
	CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))/java" $(CARGO) clippy --quiet --manifest-path bindings/java/Cargo.toml \
		--all-targets -- -D warnings

docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace --quiet

# qris-emv is no_std + alloc without its default features; so is qris-sign with
# the ring provider.
nostd:
	$(CARGO) build --quiet -p qris-emv --no-default-features
	$(CARGO) build --quiet -p qris-sign --no-default-features --features ring

# The C tests link the FFI crate's static and shared libraries, which `cargo test`
# alone does not produce: build them first.
rust-test:
	$(CARGO) build --quiet -p qris-ffi
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

# The second crypto provider: qris-sign's and qris-snap's whole suites (every
# published vector) under ring, as rust-test runs them under aws-lc (the
# default); and the portable crates built for wasm32 with ring (its C parts
# need clang: .ci/run installs it).
WASM := wasm32-unknown-unknown
providers:
	$(CARGO) test --quiet -p qris-sign --no-default-features --features ring,std
	$(CARGO) test --quiet -p qris-snap --no-default-features --features ring
	rustup target list --installed | grep -qx $(WASM) || rustup target add $(WASM)
	$(CARGO) build --quiet --target $(WASM) -p qris-sign -p qris-emv -p qris-render \
		--no-default-features --features qris-sign/ring

bench:
	$(CARGO) bench -p qris-benches

# The whole performance table, one command: every criterion bench (ours, the
# ceilings, the Rust peers in benches/peers/rust), the Python peers and the
# JavaScript peer, then BENCHMARKS.md's generated part (benches/harness/report.py).
# Peers are pinned and installed under target/ by the targets themselves.
CRITERION_ARGS ?= --warm-up-time 1 --measurement-time 3 --noplot
BENCH_STAMP = $(TARGET_DIR)/bench/started
benchmarks:
	mkdir -p "$(TARGET_DIR)/bench" && date +%s > "$(BENCH_STAMP)"
	python3 benches/harness/targets.py --target "$(TARGET_DIR)" --passes 2 -- $(CRITERION_ARGS)
	$(CARGO) bench -p qris-benches --benches -- $(CRITERION_ARGS)
	$(CARGO) bench -p qris-ffi --bench overhead -- $(CRITERION_ARGS)
	CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))" $(CARGO) bench --manifest-path benches/peers/rust/Cargo.toml --bench peers -- $(CRITERION_ARGS)
	$(MAKE) bench-python
	$(MAKE) bench-data
	$(MAKE) bench-scan
	$(MAKE) bench-js
	$(MAKE) bench-java
	$(MAKE) bench-node
	$(MAKE) bench-callgrind
	$(MAKE) bench-providers
	python3 benches/harness/report.py --target "$(TARGET_DIR)" --since "$$(cat "$(BENCH_STAMP)")" --out BENCHMARKS.md

# The crypto providers side by side (benches/benches/providers.rs built with
# aws-lc, then with ring): BENCHMARKS.md's provider table.
bench-providers:
	mkdir -p "$(TARGET_DIR)/bench" && date +%s > "$(TARGET_DIR)/bench/providers-started"
	$(CARGO) bench -p qris-benches --bench providers -- $(CRITERION_ARGS)
	$(CARGO) bench -p qris-benches --no-default-features --features ring --bench providers -- $(CRITERION_ARGS)
	python3 benches/harness/providers.py --target "$(TARGET_DIR)" --since "$$(cat "$(TARGET_DIR)/bench/providers-started")" --out BENCHMARKS.md

# Instructions per call (callgrind) of the Rust parse and the C ABI paths: the
# C ABI overhead target is judged on these, which a noisy machine does not move.
bench-callgrind:
	$(CARGO) build --quiet --release -p qris-ffi --example overhead
	mkdir -p "$(TARGET_DIR)/bench"
	python3 benches/harness/callgrind.py "$(TARGET_DIR)/release/examples/overhead" > "$(TARGET_DIR)/bench/callgrind.json"

# promptparse (npm, pinned in benches/peers/node/package.json) parsing the same payloads.
bench-node:
	mkdir -p "$(TARGET_DIR)/peers/node" "$(TARGET_DIR)/bench"
	cp benches/peers/node/package.json benches/peers/node/bench.mjs "$(TARGET_DIR)/peers/node/"
	cd "$(TARGET_DIR)/peers/node" && npm install --no-audit --no-fund --silent
	node "$(TARGET_DIR)/peers/node/bench.mjs" tests/vectors tests/fixtures > "$(TARGET_DIR)/bench/node.json"

# The fuzz targets compile (their own workspace; running them needs nightly).
fuzz-check:
	$(CARGO) check --quiet --manifest-path fuzz/Cargo.toml --bins

# Each fuzz target for FUZZ_SECONDS (needs nightly and cargo-fuzz), as target:seed-directory.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := parse:seeds roundtrip:seeds minify:seeds-minify keys:seeds-keys notify:seeds-notify \
	ffi:seeds signature:seeds-minify protocol:seeds-protocol cpm:seeds-cpm scan:seeds-scan
# fuzz/regressions/<target>/ holds every input that ever failed (kept in git and
# replayed first by each run, and by the crates' tests without nightly).
fuzz:
	command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-fuzz --version $(CARGO_FUZZ_VERSION)
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; seeds=$${t##*:}; mkdir -p corpus/$$name regressions/$$name && \
		cargo +nightly fuzz run $$name corpus/$$name $$seeds regressions/$$name -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 || exit 1; \
	done

# The hardening checks CI runs after `make test` (each tool installed if missing,
# pinned): cargo-deny (advisories, licenses, sources, duplicates; policy in
# deny.toml), miri over the pure-Rust engines, and every fuzz target for
# FUZZ_SECONDS (a smoke run; `make fuzz FUZZ_SECONDS=1800` for a long one).
CARGO_DENY_VERSION := 0.20.2
CARGO_FUZZ_VERSION := 0.13.2
hardening: deny miri
	$(MAKE) fuzz FUZZ_SECONDS=$(or $(HARDENING_FUZZ_SECONDS),20)

# Advisories need the RustSec database, which lives on GitHub: CI's network
# reaches crates.io but not GitHub, so `make deny` checks licenses, bans and
# sources, and `make deny-advisories` (run where GitHub is reachable) the rest.
deny:
	command -v cargo-deny >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-deny --version $(CARGO_DENY_VERSION)
	cargo deny check licenses bans sources

deny-advisories:
	command -v cargo-deny >/dev/null 2>&1 || $(CARGO) install --locked --quiet cargo-deny --version $(CARGO_DENY_VERSION)
	cargo deny check advisories

# qris-emv (payloads) and qris-sign's JSON engine are plain Rust: their tests run
# under miri (undefined behaviour, out-of-bounds, uninitialised reads, leaks).
# qris-emv without its `parallel` feature: rayon's crossbeam-epoch trips miri's
# Stacked Borrows model inside crossbeam itself. Tests that reach ring or AWS-LC
# (C and assembly) cannot run there. About 9.5 minutes on 2 cores (stop 28).
miri:
	rustup component list --toolchain nightly --installed | grep -q '^miri' || rustup component add --toolchain nightly miri rust-src
	MIRIFLAGS=-Zmiri-disable-isolation PROPTEST_CASES=4 $(CARGO) +nightly miri test --quiet -p qris-emv --no-default-features --features std --tests
	MIRIFLAGS=-Zmiri-disable-isolation PROPTEST_CASES=4 $(CARGO) +nightly miri test --quiet -p qris-sign --lib json::

# Regenerate include/libqris.h with the pinned cbindgen (tests fail when it is stale).
header:
	QRIS_WRITE_HEADER=1 $(CARGO) test --quiet -p qris-ffi --test header

# Installs the C ABI: lib/libqris.so (SONAME libqris.so.0), lib/libqris.a,
# include/libqris.h and lib/pkgconfig/libqris.pc. PROFILE=debug installs the
# debug build (the tests do, to reuse it).
PREFIX ?= /usr/local
PROFILE ?= release
TARGET_DIR := $(if $(CARGO_TARGET_DIR),$(CARGO_TARGET_DIR),target)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
# What the static library needs from the system (rustc --print native-static-libs).
LIBS_PRIVATE := -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
BUILT := $(TARGET_DIR)/$(PROFILE)

# Without TARGET: the host build, for development. With TARGET=<triple> (one of
# CROSS_TARGETS): the release bundle's layout for that machine, cross-built
# (Linux: glibc 2.17), with lib/cmake/qris/ for find_package(qris).
install:
ifeq ($(TARGET),)
	$(CARGO) build --quiet -p qris-ffi $(if $(filter release,$(PROFILE)),--release)
	install -d "$(DESTDIR)$(PREFIX)/include" "$(DESTDIR)$(PREFIX)/lib/pkgconfig"
	install -m 644 include/libqris.h "$(DESTDIR)$(PREFIX)/include/libqris.h"
	install -m 644 "$(BUILT)/libqris_ffi.a" "$(DESTDIR)$(PREFIX)/lib/libqris.a"
	install -m 755 "$(BUILT)/libqris_ffi.so" "$(DESTDIR)$(PREFIX)/lib/libqris.so.$(VERSION)"
	ln -sf "libqris.so.$(VERSION)" "$(DESTDIR)$(PREFIX)/lib/libqris.so.0"
	ln -sf "libqris.so.0" "$(DESTDIR)$(PREFIX)/lib/libqris.so"
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBS_PRIVATE@|$(LIBS_PRIVATE)|' \
		crates/ffi/libqris.pc.in > "$(DESTDIR)$(PREFIX)/lib/pkgconfig/libqris.pc"
else
	$(MAKE) --no-print-directory tools
	$(RELEASE) build $(TARGET)
	$(RELEASE) install $(TARGET) "$(PREFIX)"
endif

# ---- Other machines: cross builds, release bundles, wheels (crates/ffi/dist/release.py).
# Linux builds go through cargo-zigbuild against glibc 2.17 (zig from PyPI, in a
# pinned tools venv under the target dir); Windows through Debian's mingw-w64.
# The cross compilers, qemu-user, wine64, nasm and cmake are Debian packages
# (.ci/run installs them when missing).
CROSS_TARGETS := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf x86_64-pc-windows-gnu
TOOLS := $(abspath $(TARGET_DIR))/tools-venv
TOOLS_PINS := ziglang==0.17.1 cargo-zigbuild==0.24.1 maturin==1.16.0 auditwheel==6.8.2
RELEASE = PATH="$(TOOLS)/bin:$$PATH" CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))" python3 crates/ffi/dist/release.py

tools:
	@test -x "$(TOOLS)/bin/cargo-zigbuild" || { python3 -m venv "$(TOOLS)" && \
		"$(TOOLS)/bin/pip" install --quiet --disable-pip-version-check $(TOOLS_PINS); }

# `make dist TARGET=<triple>`: dist/qris-<version>-<triple>.tar.gz (.zip for Windows).
dist: tools
	@test -n "$(TARGET)" || { echo "make dist TARGET=<one of: $(CROSS_TARGETS)>"; exit 2; }
	$(RELEASE) build $(TARGET)
	$(RELEASE) dist $(TARGET)

# `make cross TARGET=<triple>`: build; the exports, glibc and C tests on the
# target (emulated); the bundle; the C example built against the unpacked bundle
# with CMake and with pkg-config, shared and static, and run (emulated).
cross: tools
	@test -n "$(TARGET)" || { echo "make cross TARGET=<one of: $(CROSS_TARGETS)>"; exit 2; }
	$(RELEASE) all $(TARGET)

# Every target's bundle, tested (what CI runs on every change).
bundles: tools
	for t in $(CROSS_TARGETS); do $(RELEASE) all $$t || exit 1; done

# The bundles, the wheels and the Java jar for every machine (in `make test-all`).
cross-all: bundles
	$(MAKE) --no-print-directory wheels
	$(MAKE) --no-print-directory java-all

# abi3 wheels for manylinux2014 (glibc 2.17), x86_64 and aarch64, and the sdist,
# into dist/; auditwheel must accept them; the sdist must build (pip wheel); the
# x86_64 wheel is installed into a fresh venv with no cargo on PATH and the
# Python tests run against it.
WHEEL_TARGETS := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
WHEELVENV := $(abspath $(TARGET_DIR))/wheel-venv
wheels: tools
	rm -f dist/qris-$(VERSION)-*.whl dist/qris-$(VERSION).tar.gz
	for t in $(WHEEL_TARGETS); do \
		rustup target list --installed | grep -qx $$t || rustup target add $$t; \
		PATH="$(TOOLS)/bin:$$PATH" CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))" maturin build --quiet --release --zig \
			--target $$t --compatibility manylinux2014 -m bindings/python/Cargo.toml -o dist || exit 1; \
	done
	PATH="$(TOOLS)/bin:$$PATH" maturin sdist -m bindings/python/Cargo.toml -o dist
	for w in dist/qris-$(VERSION)-*manylinux2014*.whl; do \
		"$(TOOLS)/bin/auditwheel" show "$$w" > "$$w.audit" || exit 1; cat "$$w.audit"; \
		tr -d '\n' < "$$w.audit" | grep -q 'platform tag: *"manylinux_2_17_' || { echo "$$w: not manylinux_2_17"; exit 1; }; \
		rm -f "$$w.audit"; \
	done
	rm -rf "$(WHEELVENV)" && python3 -m venv "$(WHEELVENV)"
	CARGO_TARGET_DIR="$(abspath $(TARGET_DIR))/sdist-build" "$(WHEELVENV)/bin/pip" wheel --quiet \
		--disable-pip-version-check --no-deps dist/qris-$(VERSION).tar.gz -w "$(WHEELVENV)/from-sdist"
	"$(WHEELVENV)/bin/pip" install --quiet --disable-pip-version-check pytest==9.2.0 pillow==13.0.0 numpy==2.4.6 zxing-cpp==3.1.1
	env -i HOME="$$HOME" PATH="$(WHEELVENV)/bin:/usr/bin:/bin" sh -c '! command -v cargo && ! command -v rustc && \
		pip install --quiet --disable-pip-version-check --no-index --only-binary=:all: dist/qris-$(VERSION)-*manylinux2014_x86_64*.whl && \
		cd bindings/python/tests && python -m pytest -q -p no:cacheprovider .'

# The examples, built the way a vendor would: against an installed copy, the C
# one through pkg-config (shared), the C++ one with the static archive; both run.
EXAMPLES := $(abspath $(TARGET_DIR))/qris-examples
c-examples:
	rm -rf "$(EXAMPLES)"
	$(MAKE) --no-print-directory install PREFIX="$(EXAMPLES)" PROFILE=debug
	export PKG_CONFIG_PATH="$(EXAMPLES)/lib/pkgconfig"; \
	cc -std=c99 -Wall -Wextra -Werror -pedantic examples/c/pos_demo.c $$(pkg-config --cflags --libs libqris) \
		-Wl,-rpath,"$(EXAMPLES)/lib" -o "$(EXAMPLES)/pos_demo" && \
	"$(EXAMPLES)/pos_demo" > "$(EXAMPLES)/pos_demo.out" && \
	grep -q "hand over the goods: YES" "$(EXAMPLES)/pos_demo.out" && \
	readelf -d "$(EXAMPLES)/pos_demo" | grep -q "libqris.so.0" && \
	c++ -std=c++17 -Wall -Wextra -Werror examples/cpp/notify_demo.cpp $$(pkg-config --cflags libqris) \
		"$(EXAMPLES)/lib/libqris.a" $$(pkg-config --static --libs-only-l libqris | sed 's/-lqris //') \
		-o "$(EXAMPLES)/notify_demo" && \
	! readelf -d "$(EXAMPLES)/notify_demo" | grep -q libqris && \
	"$(EXAMPLES)/notify_demo" && \
	echo "C and C++ examples: built against the installed library and ran"

# The Python package as a user gets it: `pip install ./bindings/python` (maturin
# from PyPI builds it) into a fresh virtual environment, then pytest and a check
# that the type stubs match the module. Test tools are pinned.
PYVENV := $(abspath $(TARGET_DIR))/py-venv
python-test:
	python3 -m venv "$(PYVENV)"
	"$(PYVENV)/bin/pip" install --quiet --disable-pip-version-check pytest==9.2.0 mypy==2.4.1 redis==8.1.0 \
		pillow==13.0.0 numpy==2.4.6 zxing-cpp==3.1.1 $(PY_DATA_PINS)
	"$(PYVENV)/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings/python
	"$(PYVENV)/bin/python" -m pytest -q bindings/python/tests
	cd "$(PYVENV)" && "$(PYVENV)/bin/python" -m mypy.stubtest qris

# The Spark example (examples/spark) in local mode on 1,000,000 generated
# payloads, checked against the single-process column API. PySpark from PyPI
# (pinned) into the python-test venv; Java from apt when missing.
PY_DATA_PINS := pyarrow==26.0.1 polars==2.1.0 pandas==3.1.1
PYSPARK_VERSION := 4.3.0
spark-test: python-test
	command -v java >/dev/null || { s=""; [ "$$(id -u)" -ne 0 ] && s=sudo; \
		$$s apt-get install -y -qq openjdk-17-jre-headless >/dev/null || \
		{ $$s apt-get update -qq && $$s apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }; }
	"$(PYVENV)/bin/pip" install --quiet --disable-pip-version-check pyspark==$(PYSPARK_VERSION)
	"$(PYVENV)/bin/python" -m pytest -q -s -p no:cacheprovider -W ignore::FutureWarning examples/spark

# Java and Kotlin (bindings/java): the JNI library (bindings/java/src, its own
# Cargo workspace) and the id.qris classes (Java 11 language level, nothing
# Android lacks), packaged with javac and jar into bindings/java/build/qris.jar
# with the host's native library inside (id/qris/native/<os>-<arch>/) and the
# Maven pom. Tests: JUnit 5 from Debian's junit5 (console launcher), run against
# the jar alone (the library is extracted from it, not found on a path).
JAVADIR := bindings/java
JAVABUILD := $(JAVADIR)/build
JAVANATIVE := $(abspath $(TARGET_DIR))/java
JAVA_PLATFORM := linux-$(shell uname -m)
JUNIT := /usr/share/java/junit-platform-console-standalone.jar
java:
	command -v javac >/dev/null || { s=""; [ "$$(id -u)" -ne 0 ] && s=sudo; \
		$$s apt-get install -y -qq openjdk-17-jdk-headless >/dev/null || \
		{ $$s apt-get update -qq && $$s apt-get install -y -qq openjdk-17-jdk-headless >/dev/null; }; }
	CARGO_TARGET_DIR="$(JAVANATIVE)" $(CARGO) build --quiet --release --manifest-path $(JAVADIR)/Cargo.toml
	rm -rf "$(JAVABUILD)" && mkdir -p "$(JAVABUILD)/classes/id/qris/native/$(JAVA_PLATFORM)" \
		"$(JAVABUILD)/classes/META-INF/maven/id.qris/qris"
	javac --release 11 -Xlint:all -Werror -d "$(JAVABUILD)/classes" $(JAVADIR)/java/id/qris/*.java
	python3 $(JAVADIR)/check_exports.py "$(JAVANATIVE)/release/libqris_jni.so"
	cp "$(JAVANATIVE)/release/libqris_jni.so" "$(JAVABUILD)/classes/id/qris/native/$(JAVA_PLATFORM)/"
	cp $(JAVADIR)/pom.xml "$(JAVABUILD)/classes/META-INF/maven/id.qris/qris/pom.xml"
	printf 'groupId=id.qris\nartifactId=qris\nversion=$(VERSION)\n' > "$(JAVABUILD)/classes/META-INF/maven/id.qris/qris/pom.properties"
	cp LICENSE-MIT LICENSE-APACHE "$(JAVABUILD)/classes/META-INF/"
	jar --create --file "$(JAVABUILD)/qris.jar" -C "$(JAVABUILD)/classes" .
	@echo "$(JAVABUILD)/qris.jar: $$(du -k "$(JAVABUILD)/qris.jar" | cut -f1) KB"

java-test: java
	test -f "$(JUNIT)" || { s=""; [ "$$(id -u)" -ne 0 ] && s=sudo; \
		$$s apt-get install -y -qq junit5 >/dev/null || { $$s apt-get update -qq && $$s apt-get install -y -qq junit5 >/dev/null; }; }
	javac --release 11 -Xlint:all -Werror -cp "$(JAVABUILD)/qris.jar:$(JUNIT)" -d "$(JAVABUILD)/test-classes" \
		$(JAVADIR)/test/id/qris/*.java
	java -Dqris.root="$(abspath .)" -jar "$(JUNIT)" --disable-banner --fail-if-no-tests --details=tree \
		--class-path "$(JAVABUILD)/qris.jar:$(JAVABUILD)/test-classes" --scan-class-path "$(JAVABUILD)/test-classes"

# The jar for every machine: bindings/java/build/qris-all.jar with the JNI
# library for linux-x86_64 and linux-aarch64 (cargo-zigbuild, glibc 2.17) and
# windows-x86_64 (mingw-w64), each checked to export every native method
# (check_exports.py: nm / objdump, as no JVM for those machines runs here). Part
# of `make cross-all`.
JAVA_CROSS := x86_64-unknown-linux-gnu:linux-x86_64:libqris_jni.so aarch64-unknown-linux-gnu:linux-aarch64:libqris_jni.so \
	x86_64-pc-windows-gnu:windows-x86_64:qris_jni.dll
java-all: tools java-test
	rm -rf "$(JAVABUILD)/all" && cp -r "$(JAVABUILD)/classes" "$(JAVABUILD)/all" && rm -rf "$(JAVABUILD)/all/id/qris/native"
	for spec in $(JAVA_CROSS); do \
		triple=$${spec%%:*}; rest=$${spec#*:}; platform=$${rest%%:*}; file=$${rest#*:}; \
		rustup target list --installed | grep -qx $$triple || rustup target add $$triple || exit 1; \
		case $$triple in \
		*linux*) PATH="$(TOOLS)/bin:$$PATH" CARGO_TARGET_DIR="$(JAVANATIVE)-cross" cargo-zigbuild build --quiet --release \
			--manifest-path $(JAVADIR)/Cargo.toml --target $$triple.2.17 || exit 1 ;; \
		*) CARGO_TARGET_DIR="$(JAVANATIVE)-cross" $(CARGO) build --quiet --release --manifest-path $(JAVADIR)/Cargo.toml \
			--target $$triple || exit 1 ;; \
		esac; \
		lib="$(JAVANATIVE)-cross/$$triple/release/$$file"; \
		python3 $(JAVADIR)/check_exports.py "$$lib" --objdump x86_64-w64-mingw32-objdump || exit 1; \
		mkdir -p "$(JAVABUILD)/all/id/qris/native/$$platform" && cp "$$lib" "$(JAVABUILD)/all/id/qris/native/$$platform/" || exit 1; \
	done
	jar --create --file "$(JAVABUILD)/qris-all.jar" -C "$(JAVABUILD)/all" .
	@echo "$(JAVABUILD)/qris-all.jar: $$(du -k "$(JAVABUILD)/qris-all.jar" | cut -f1) KB"
	java -Dqris.root="$(abspath .)" -jar "$(JUNIT)" --disable-banner --fail-if-no-tests --details=summary \
		--class-path "$(JAVABUILD)/qris-all.jar:$(JAVABUILD)/test-classes" --scan-class-path "$(JAVABUILD)/test-classes"

# The jar against the JDK (bindings/java/bench): HMAC, RSA, parse + CRC, and the
# JNI crossing itself. Results: target/bench/java.md.
bench-java: java
	mkdir -p "$(JAVABUILD)/bench-classes" "$(TARGET_DIR)/bench"
	javac --release 11 -Xlint:all -Werror -cp "$(JAVABUILD)/qris.jar" -d "$(JAVABUILD)/bench-classes" \
		$(JAVADIR)/bench/id/qris/bench/*.java
	java -cp "$(JAVABUILD)/qris.jar:$(JAVABUILD)/bench-classes" id.qris.bench.Bench "$(abspath .)" \
		--markdown "$(TARGET_DIR)/bench/java.md"

# The npm package (bindings/js): the engine for wasm32 with the ring provider,
# glue from wasm-bindgen-cli (built from crates.io at the crate's exact
# version, under the target dir), two entry points (full; payload-only `core`)
# in bindings/js/pkg, installable with `npm install ./bindings/js/pkg`. The
# size budgets are checked (bindings/js/size.py).
JSDIR := bindings/js
JSPKG := $(JSDIR)/pkg
JSBUILD := $(abspath $(TARGET_DIR))/js
WASM_BINDGEN_VERSION := 0.2.130
WASMTOOLS := $(abspath $(TARGET_DIR))/wasm-tools
WASM_BINDGEN := $(WASMTOOLS)/bin/wasm-bindgen
TYPESCRIPT_VERSION := 5.9.3
PLAYWRIGHT_VERSION := 1.65.1
js:
	rustup target list --installed | grep -qx $(WASM) || rustup target add $(WASM)
	"$(WASM_BINDGEN)" --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || \
		$(CARGO) install --quiet wasm-bindgen-cli --version =$(WASM_BINDGEN_VERSION) --root "$(WASMTOOLS)"
	rm -rf "$(JSPKG)" && mkdir -p "$(JSPKG)/wasm"
	CARGO_TARGET_DIR="$(JSBUILD)" $(CARGO) build --quiet --release --target $(WASM) --manifest-path $(JSDIR)/Cargo.toml
	"$(WASM_BINDGEN)" --target web --weak-refs --out-dir "$(JSPKG)/wasm/full" --out-name qris \
		"$(JSBUILD)/$(WASM)/release/qris_js.wasm"
	CARGO_TARGET_DIR="$(JSBUILD)" $(CARGO) build --quiet --release --target $(WASM) --manifest-path $(JSDIR)/Cargo.toml \
		--no-default-features
	"$(WASM_BINDGEN)" --target web --weak-refs --out-dir "$(JSPKG)/wasm/core" --out-name qris_core \
		"$(JSBUILD)/$(WASM)/release/qris_js.wasm"
	rm -f "$(JSPKG)"/wasm/*/.gitignore "$(JSPKG)"/wasm/*/package.json
	cp $(JSDIR)/js/*.js $(JSDIR)/js/*.d.ts $(JSDIR)/package.json $(JSDIR)/README.md LICENSE-MIT LICENSE-APACHE "$(JSPKG)/"
	mkdir -p "$(TARGET_DIR)/bench"
	python3 $(JSDIR)/size.py "$(JSPKG)" --json "$(TARGET_DIR)/bench/js-size.json"

# The package's tests: node --test (vectors, hostile input, the same bytes as
# the CLI, the web page in headless Chromium, installed with apt when missing)
# and tsc --noEmit
# over the declarations (typescript from npm, pinned, under the target dir).
JSTOOLS := $(abspath $(TARGET_DIR))/js-tools
js-test: js
	test -x "$(JSTOOLS)/node_modules/.bin/tsc" -a -d "$(JSTOOLS)/node_modules/playwright-core" || \
		npm install --silent --no-audit --no-fund --prefix "$(JSTOOLS)" \
		typescript@$(TYPESCRIPT_VERSION) playwright-core@$(PLAYWRIGHT_VERSION)
	command -v chromium >/dev/null || { s=""; [ "$$(id -u)" -ne 0 ] && s=sudo; \
		$$s apt-get install -y -qq chromium >/dev/null || { $$s apt-get update -qq && $$s apt-get install -y -qq chromium >/dev/null; }; }
	$(CARGO) build --quiet -p qris-cli
	QRIS_CLI="$(abspath $(TARGET_DIR))/debug/qris" CHROMIUM="$$(command -v chromium)" \
		PLAYWRIGHT="$(JSTOOLS)/node_modules/playwright-core/index.mjs" node --test $(JSDIR)/test/
	"$(JSTOOLS)/node_modules/.bin/tsc" -p $(JSDIR)/tsconfig.json

# The npm package against its peers (promptparse, pix-utils,
# qris-dynamic-generator: pinned, installed under the target dir) and
# node:crypto, in one Node run, answers checked equal first.
JSBENCH := $(abspath $(TARGET_DIR))/js-bench
bench-js: js
	mkdir -p "$(JSBENCH)" "$(TARGET_DIR)/bench"
	cp $(JSDIR)/bench/package.json $(JSDIR)/bench/bench.mjs "$(JSBENCH)/"
	cd "$(JSBENCH)" && npm install --no-audit --no-fund --silent
	node "$(JSBENCH)/bench.mjs" "$(abspath $(JSPKG))" "$(abspath .)" --markdown "$(TARGET_DIR)/bench/js.md" \
		> "$(TARGET_DIR)/bench/js.json"
	cat "$(TARGET_DIR)/bench/js.md"

# Issue 19's rule, checked on every test run: SCAN_PER_CLASS images per
# degradation class (13 classes, fixed seed, generated now and never committed:
# benches/scan/generate.py), read by qris-scan and by zxing-cpp (PyPI, in the
# python-test venv); every class's detection rate must be within 5 points of
# zxing-cpp's (benches/scan/compare.py). Times are printed, never asserted.
SCAN_PER_CLASS ?= 30
SCANDIR := $(abspath $(TARGET_DIR))/scan-images
scan-rate:
	rm -rf "$(SCANDIR)"
	"$(PYVENV)/bin/python" benches/scan/generate.py "$(SCANDIR)" --per-class $(SCAN_PER_CLASS)
	$(CARGO) run --release --quiet -p qris-scan --example scan_rate -- "$(SCANDIR)" --json "$(SCANDIR)/qris-scan.json"
	"$(PYVENV)/bin/python" benches/scan/zxing_rate.py "$(SCANDIR)" --json "$(SCANDIR)/zxing-cpp.json"
	mkdir -p "$(TARGET_DIR)/bench"
	"$(PYVENV)/bin/python" benches/scan/compare.py "$(SCANDIR)/qris-scan.json" "$(SCANDIR)/zxing-cpp.json" \
		--markdown "$(TARGET_DIR)/bench/scan.md"

# The table in BENCHMARKS.md: the same with 50 images per class.
bench-scan: python-test
	$(MAKE) scan-rate SCAN_PER_CLASS=50

# The Python package against its peers (qriskit, json/hashlib/hmac, cryptography),
# side by side in one run. The peers go into a scratch venv, pinned; the package
# is built in release mode by pip. Results: target/bench/python.{md,json}.
BENCHVENV := $(abspath $(TARGET_DIR))/bench-venv
BENCH_QUICK ?=
# Payloads at data scale from Python (bindings/python/bench/data.py): the list
# API, the compact report, the Arrow column API with 1 and 2 threads, and the
# Spark example in local mode. Results: target/bench/data.md.
bench-data: spark-test
	mkdir -p "$(TARGET_DIR)/bench"
	"$(PYVENV)/bin/python" bindings/python/bench/data.py --spark --markdown "$(TARGET_DIR)/bench/data.md"

bench-python:
	python3 -m venv "$(BENCHVENV)"
	"$(BENCHVENV)/bin/pip" install --quiet --disable-pip-version-check qriskit==0.2.0 cryptography==50.0.2
	"$(BENCHVENV)/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps ./bindings/python
	mkdir -p "$(TARGET_DIR)/bench"
	"$(BENCHVENV)/bin/python" bindings/python/bench/peers.py $(if $(BENCH_QUICK),--quick) \
		--json "$(TARGET_DIR)/bench/python.json" --markdown "$(TARGET_DIR)/bench/python.md"
