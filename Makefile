.PHONY: build test bench

# Build the list: README.md, the JSON Schemas and the website.
build:
	python3 -m pip install -q -e .
	rsitr-list build

# Install what the tests need (Chromium, npm tools, test extras) and run them.
test:
	./scripts/test.sh

bench:
	python3 benchmarks/build_speed.py
