#!/usr/bin/env bash
# Measures the desktop app beside a bare bevy_egui window built with the same Bevy features, in
# one run under Xvfb: idle CPU (over 10 s, after 10 s without input), time from start to the
# first rendered frame (process start to exit after one frame), and resident memory.
# Needs: apt-get install -y xvfb mesa-vulkan-drivers libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin dealcraft --example bare_egui
target=${CARGO_TARGET_DIR:-target}
app="$target/release/dealcraft"
bare="$target/release/examples/bare_egui"

display=:97
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1
hz=$(getconf CLK_TCK)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

measure() {
    local name=$1
    shift
    local t0 t1 first pid c0 c1 cpu rss
    t0=$(date +%s.%N)
    "$@" --exit-after-frames 1 >/dev/null 2>&1
    t1=$(date +%s.%N)
    first=$(echo "$t1 - $t0" | bc -l)
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep 10
    c0=$(ticks "$pid")
    sleep 10
    c1=$(ticks "$pid")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    cpu=$(echo "($c1 - $c0) * 100 / $hz / 10" | bc -l)
    printf '| %-24s | %6.1f %% | %6.2f s | %6.0f MiB |\n' "$name" "$cpu" "$first" "$(echo "$rss / 1024" | bc -l)"
}

echo "| window                   | idle CPU | first frame | resident memory |"
echo "| ------------------------ | -------- | ----------- | --------------- |"
# A fresh data folder, so settings from earlier runs do not matter.
export DEALCRAFT_HOME=$(mktemp -d)
measure "Dealcraft (library)" "$app"
measure "bare bevy_egui window" "$bare"
