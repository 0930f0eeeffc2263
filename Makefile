# vanban: `make demo` sets everything up and runs the main job on the bundled samples;
# `make test` runs the whole test suite. Both are idempotent.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data/demo
APT_PKGS := tesseract-ocr tesseract-ocr-vie antiword catdoc ripgrep poppler-utils chromium chromium-driver fonts-liberation2

.PHONY: setup system venv demo test lint eval bench clean

setup: system venv

system:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Cài gói hệ thống:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(BIN)/python:
	$(PY) -m venv $(VENV)

venv: $(VENV)/.installed

# reinstalled whenever pyproject.toml changes (new dependencies reach an old venv too)
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e '.[test]'
	@touch $@

demo: setup
	$(BIN)/vanban --data-dir $(DATA) ingest
	$(BIN)/vanban --data-dir $(DATA) search "lao dong gioi" --limit 3
	$(BIN)/vanban --data-dir $(DATA) search "văn hoá công sở" --loai "báo cáo" --limit 2
	$(BIN)/vanban --data-dir $(DATA) search "\"xây mới và sửa nhà\""  --limit 2

test: setup
	@$(MAKE) --no-print-directory system APT_PKGS=postgresql  # the tests start their own server
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/ruff check .

clean:
	rm -rf $(DATA) .pytest_cache

bench: venv
	$(BIN)/python -m bench.all --quick
