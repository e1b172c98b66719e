# The two commands (see README.md):
#   make demo   runs the qris CLI's embedded demo (no arguments, no network)
#   make test   runs every check and test: fmt, clippy, Rust tests and doctests
CARGO ?= cargo

.PHONY: demo test fmt lint rust-test bench

demo:
	$(CARGO) run --release --quiet -p qris-cli -- demo

test: fmt lint rust-test

fmt:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

rust-test:
	$(CARGO) test --workspace --all-targets
	$(CARGO) test --workspace --doc

bench:
	$(CARGO) bench -p qris-benches
