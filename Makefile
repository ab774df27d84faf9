.PHONY: build test bench

# Build the list: README.md, the JSON Schemas and the website.
build:
	python3 -m pip install -q -e .
	rsitr-list build

# Install what the tests need (Chromium, npm tools, test extras) and run them.
test:
	./scripts/test.sh

# Print the speed figures: README build, site build and filter time, link checking.
# Needs the test setup (`make test` once) for Chromium.
bench:
	python3 -m pip install -q -e '.[test,bench]'
	python3 benchmarks/build_speed.py
	python3 benchmarks/site_speed.py
	python3 benchmarks/link_speed.py
