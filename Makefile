# The two commands a fresh machine needs: `make demo` and `make test`.
# Everything the project needs (Debian packages, fonts, Python packages) is
# installed here, never by hand.

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEB_PACKAGES := libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
	fonts-open-sans fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
	poppler-utils qpdf chromium systemd
# make test-slurm only: a one-machine Slurm cluster that the test starts itself.
SLURM_PACKAGES := munge slurmctld slurmd slurm-client
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-slurm lint setup system system-slurm clean messages pictures

demo: setup
	$(BIN)/handouts demo -o out
	$(BIN)/handouts batch --brand examples/chain/brand.yaml \
		--locations examples/chain/locations.csv -o out/chain \
		--level easy,standard --length brief,standard
	$(BIN)/handouts program examples/program/program.yaml --patient "Jane Doe" \
		--clinician "Sam Lee, PT, DPT" --date 2026-11-20 -o out/program.pdf
	$(BIN)/handouts program examples/program/program.yaml --patient "Jane Doe" \
		--date 2026-11-20 --language es --large-print -o out/program-es-large-print.pdf

test: setup lint
	$(BIN)/python -m pytest -q -n auto

# deploy/slurm-array.sh under a real Slurm: munged, slurmctld and slurmd are
# the test's own processes (tests/slurm/), started and stopped by it.
test-slurm: setup system-slurm
	HANDOUTS_TEST_SLURM=1 $(BIN)/python -m pytest -q tests/slurm

# The code's layout is ruff's: `$(BIN)/ruff format .` fixes what this finds.
lint: setup
	$(BIN)/ruff format --check --quiet .

setup: $(VENV)/.installed

# Debian packages: only touch apt when something is missing.
define apt_install
	@missing=""; for p in $(1); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

system:
	$(call apt_install,$(DEB_PACKAGES))

system-slurm:
	$(call apt_install,$(SLURM_PACKAGES))

$(VENV)/.installed: pyproject.toml constraints.txt | system
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# The catalogs after a fixed word changed (templates, code, serve's pages):
# messages.pot from the sources, then each language's .po updated (new
# messages come in with an empty msgstr: translate them).
messages: setup
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header --sort-output \
		-o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-wrap --ignore-pot-creation-date

# The bundled exercises' pictures, drawn again by code (handouts/authoring/poses.py)
# into exercises/<slug>/start.svg and end.svg; a test checks the committed files.
pictures: setup
	$(BIN)/python -m handouts.authoring.poses

clean:
	rm -rf $(VENV) out build dist *.egg-info
