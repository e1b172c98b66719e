# The two commands (see README.md):
#   make demo   runs the qris CLI's embedded demo (no arguments, no network)
#   make test   runs every check and test: fmt, clippy, docs, the no_std build,
#               Rust unit/integration/property/doc tests
CARGO ?= cargo

.PHONY: demo test fmt lint docs nostd rust-test fuzz-check bench fuzz header

demo:
	$(CARGO) run --release --quiet -p qris-cli -- demo

test: fmt lint docs nostd rust-test fuzz-check

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

docs:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --workspace --quiet

# qris-emv is no_std + alloc without its default features.
nostd:
	$(CARGO) build --quiet -p qris-emv --no-default-features

# The C tests link the FFI crate's static and shared libraries, which `cargo test`
# alone does not produce: build them first.
rust-test:
	$(CARGO) build --quiet -p qris-ffi
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

bench:
	$(CARGO) bench -p qris-benches

# The fuzz targets compile (their own workspace; running them needs nightly).
fuzz-check:
	$(CARGO) check --quiet --manifest-path fuzz/Cargo.toml --bins

# Each fuzz target for FUZZ_SECONDS (needs nightly and cargo-fuzz).
FUZZ_SECONDS ?= 60
fuzz:
	cd fuzz && for t in parse:seeds roundtrip:seeds minify:seeds-minify keys:seeds-keys notify:seeds-notify; do \
		name=$${t%%:*}; seeds=$${t##*:}; mkdir -p corpus/$$name && \
		cargo +nightly fuzz run $$name corpus/$$name $$seeds -- -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

# Regenerate include/libqris.h with the pinned cbindgen (tests fail when it is stale).
header:
	QRIS_WRITE_HEADER=1 $(CARGO) test --quiet -p qris-ffi --test header
