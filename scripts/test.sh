#!/usr/bin/env bash
# The one command that runs every test: `npm test`. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
# Chromium for end-to-end tests, CJK fonts so screenshots show Chinese, libusb/libudev for
# node-hid, coturn for the relay-only call test, Debian's Simplified Chinese handwriting model
# (and zinnia's CLI, which checks the recogniser's port against the original), PostgreSQL 15
# for the store contract suite (tests/support/postgres.ts starts a throwaway server), Redis and
# nginx for the cluster tests (scripts/cluster/ starts them on loopback).
ensure_debian_packages chromium fonts-noto-cjk libusb-1.0-0 libudev1 coturn tegaki-zinnia-simplified-chinese zinnia-utils postgresql redis-server nginx-light

# Lint + format and the type-check run alongside the build: each is mostly one busy Node
# process, so the three share the cores instead of taking turns. Each one's output is printed
# whole once it is done (build, lint and format, type-check); any failure fails the run once all
# three have reported.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
( npx eslint . --max-warnings=0 && npx prettier --check . --log-level warn ) >"$logs/lint" 2>&1 &
lint=$!
npx tsc -b >"$logs/types" 2>&1 &
types=$!
status=0
echo "==> build";       npm run --silent build || status=$?
wait "$lint" || status=$?
echo "==> lint and format"; cat "$logs/lint"
wait "$types" || status=$?
echo "==> type-check";  cat "$logs/types"
[ "$status" -eq 0 ] || exit "$status"
echo "==> unit and integration tests"; npx vitest run
echo "==> end-to-end tests (Chromium)"; npx playwright test
echo "==> all tests passed; screenshots in test-results/screenshots/"
