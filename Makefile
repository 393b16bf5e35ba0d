# Huddle: `make run` starts everything on http://localhost:8000; `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := run

UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")

.PHONY: run test lint typecheck webtest pytest gen web deps cluster clean demo

run: deps web/out/index.html
	@$(UV) run --project server --frozen huddle serve

# With `make run` going in another terminal: a demo team with tasks, posts, polls and a code room.
demo: .make/server-deps
	@$(UV) run --project server --frozen huddle demo

test: deps web/out/index.html lint typecheck webtest pytest

deps: .make/uv .make/server-deps .make/web-deps

# A fresh machine has Python and Node but maybe no uv: install it from PyPI.
.make/uv:
	@mkdir -p .make
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || { \
		echo "==> installing uv"; python3 -m pip install --quiet --disable-pip-version-check uv; }
	@touch $@

.make/server-deps: server/pyproject.toml server/uv.lock .make/uv
	@echo "==> installing Python dependencies (uv sync)"
	@$(UV) sync --project server --frozen
	@touch $@

.make/web-deps: web/package.json web/package-lock.json
	@echo "==> installing web dependencies (npm install from package-lock.json)"
	@# Not `npm ci`: it rejects a lock without the other platforms' optional SWC binaries, which this
	@# registry mirror does not carry; `npm install` still installs the locked versions.
	@cd web && npm install --no-audit --no-fund --loglevel=error
	@mkdir -p .make && touch $@

# Rebuilt only when the web sources changed: a content signature (it also notices deleted files,
# and make cannot list paths like app/(app)/ as prerequisites).
WEB_SIGNATURE = cd web && find app components lib public package.json package-lock.json next.config.ts tsconfig.json \
	-type f -print0 | sort -z | xargs -0 sha1sum | sha1sum

web/out/index.html: .make/web-deps FORCE
	@sig=$$($(WEB_SIGNATURE)); \
	if [ ! -f web/out/index.html ] || [ "$$sig" != "$$(cat .make/web-signature 2>/dev/null)" ]; then \
		echo "==> building the web app (next build)"; \
		rm -rf web/out && (cd web && npm run build --silent) && echo "$$sig" > .make/web-signature; \
	fi

.PHONY: FORCE
FORCE:

web: web/out/index.html

# Regenerate the OpenAPI schema and the TypeScript types generated from it.
gen: deps
	@$(UV) run --project server --frozen huddle openapi > server/openapi.json
	@cd web && npm run gen:api --silent

lint:
	@echo "==> ruff and mypy"
	@cd server && $(UV) run --frozen ruff check . ../bench && $(UV) run --frozen ruff format --check . ../bench && $(UV) run --frozen mypy

typecheck:
	@echo "==> TypeScript typecheck"
	@cd web && npm run typecheck --silent

webtest:
	@echo "==> web unit tests (vitest)"
	@cd web && npm test --silent

pytest:
	@echo "==> pytest (real Valkey, real uvicorn processes, headless Chromium)"
	@cd server && $(UV) run --frozen pytest

# N API processes on one Valkey behind nginx (deploy/nginx.conf): `make cluster N=3`, port 8080.
# TLS_PORT=8443 adds HTTPS + HTTP/2 with a self-signed certificate (a tab is then not limited to
# 6 connections per origin, which HTTP/1.1 imposes on its event streams).
N ?= 3
TLS_PORT ?=
cluster: deps web/out/index.html
	@$(UV) run --project server --frozen python deploy/cluster.py --processes $(N) --port 8080 \
		$(if $(TLS_PORT),--tls-port $(TLS_PORT))

clean:
	rm -rf .make web/out web/.next server/.venv web/node_modules
