#!/usr/bin/env bash
# Brings the whole system up on its embedded defaults: `npm start`.
#   signaling server on SQLite with demo data, the kiosk with simulated ID reader and printer,
#   and the clerk console. In Electron where its binary is installed, otherwise through the
#   device host in any Chromium, with the URLs printed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_node_modules
ensure_debian_packages libusb-1.0-0 libudev1 tegaki-zinnia-simplified-chinese

PORT="${PORT:-8443}"
mkdir -p .data
echo "==> building"
npm run --silent build

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "==> starting the signaling server on port $PORT (SQLite, demo data)"
node --import tsx signaling-server/src/cli.ts --port "$PORT" --demo &
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { echo "the signaling server did not start" >&2; exit 1; }

export KIOSK_SERVER_URL="http://127.0.0.1:$PORT" KIOSK_DEVICES=sim KIOSK_DEV=1
# Electron's binary is fetched by its own install step, which cannot run everywhere; look for
# it without calling require('electron'), which would try to download it.
electron_bin=""
if [ -f node_modules/electron/path.txt ] && [ -x "node_modules/electron/dist/$(cat node_modules/electron/path.txt)" ]; then
  electron_bin="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"
fi

if [ -n "$electron_bin" ]; then
  echo "==> starting the kiosk and the clerk console in Electron"
  KIOSK_ROLE=kiosk "$electron_bin" . &
  pids+=($!)
  KIOSK_ROLE=clerk "$electron_bin" . &
  pids+=($!)
else
  echo "==> Electron's binary is not installed here; serving the kiosk through the device host"
  kiosk_log=.data/device-host.out
  # The simulator's control surface lets a person trying the demo tap and remove an ID card.
  KIOSK_TEST_CONTROL=1 node --import tsx electron/device-host/cli.ts > "$kiosk_log" &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q '^KIOSK_CONTROL_URL=' "$kiosk_log" 2>/dev/null && break; sleep 0.5; done
  kiosk_url="$(sed -n 's/^KIOSK_URL=//p' "$kiosk_log")"
  echo
  control_url="$(sed -n 's/^KIOSK_CONTROL_URL=//p' "$kiosk_log")"
  echo "  Kiosk (open in Chromium, e.g. chromium --kiosk URL):  $kiosk_url"
  echo "  Tap the demo ID card on the simulated reader:          curl -X POST $control_url/card"
  echo "  Take it away again:                                    curl -X POST $control_url/card/remove"
fi
echo "  Clerk console:                                         http://127.0.0.1:$PORT/clerk.html"
echo "  Server health:                                         http://127.0.0.1:$PORT/health"
echo
echo "Press Ctrl+C to stop."
wait
