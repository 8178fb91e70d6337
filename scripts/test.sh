#!/usr/bin/env bash
# The one command that runs every test: `npm test`. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
# Chromium for end-to-end tests, CJK fonts so screenshots show Chinese, libusb/libudev for
# node-hid, coturn for the relay-only call test, Debian's Simplified Chinese handwriting model
# (and zinnia's CLI, which checks the recogniser's port against the original), PostgreSQL 15
# for the store contract suite (tests/support/postgres.ts starts a throwaway server).
ensure_debian_packages chromium fonts-noto-cjk libusb-1.0-0 libudev1 coturn tegaki-zinnia-simplified-chinese zinnia-utils postgresql

echo "==> lint";        npx eslint . --max-warnings=0
echo "==> format";      npx prettier --check . --log-level warn
echo "==> type-check";  npx tsc -b
echo "==> build";       npm run --silent build
echo "==> unit and integration tests"; npx vitest run
echo "==> end-to-end tests (Chromium)"; npx playwright test
echo "==> all tests passed; screenshots in test-results/screenshots/"
