#!/usr/bin/env bash
# Measures the desktop app beside a bare bevy_egui window built with the same Bevy features, in
# one run under Xvfb: time from start to the third rendered frame (process start to exit after
# three frames; the median of RUNS runs, taken in turns so that load on the machine hits both
# alike), idle CPU (over 10 s, after 10 s without input), resident and peak memory, and the ratios.
# Usage: scripts/measure-desktop.sh [RUNS]   (default 7)
# Needs: apt-get install -y xvfb mesa-vulkan-drivers libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1 bc
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
# APP and BARE point at other builds to compare them (an older app, say); else both are built.
if [ -z "${APP:-}" ] || [ -z "${BARE:-}" ]; then
    cargo build --release --bin dealcraft --example bare_egui
fi
app=${APP:-$target/release/dealcraft}
bare=${BARE:-$target/release/examples/bare_egui}

display=:97
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
export DISPLAY=$display
sleep 1
hz=$(getconf CLK_TCK)

runs=${1:-7}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

# Seconds from start to exit after the third frame.
third_frame() {
    local t0 t1
    t0=$(date +%s.%N)
    "$@" --exit-after-frames 3 >/dev/null 2>&1
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Idle CPU in %, resident and peak memory in MiB, after 10 s + 10 s without input.
idle() {
    local pid c0 c1
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep 10
    c0=$(ticks "$pid")
    sleep 10
    c1=$(ticks "$pid")
    echo "$(echo "($c1 - $c0) * 100 / $hz / 10" | bc -l) $(($(kib "$pid" VmRSS) / 1024)) $(($(kib "$pid" VmHWM) / 1024))"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
}

# A fresh data folder, so settings from earlier runs do not matter.
export DEALCRAFT_HOME=$(mktemp -d)
app_times=() bare_times=()
for _ in $(seq "$runs"); do
    app_times+=("$(third_frame "$app")")
    bare_times+=("$(third_frame "$bare")")
done
app_frame=$(printf '%s\n' "${app_times[@]}" | median)
bare_frame=$(printf '%s\n' "${bare_times[@]}" | median)
read -r app_cpu app_rss app_peak < <(idle "$app")
read -r bare_cpu bare_rss bare_peak < <(idle "$bare")

echo "| window                   | third frame (median of $runs) | idle CPU | resident | peak memory |"
echo "| ------------------------ | ------------------------ | -------- | -------- | ----------- |"
printf '| %-24s | %22.2f s | %6.1f %% | %4d MiB | %7d MiB |\n' "Dealcraft (library)" "$app_frame" "$app_cpu" "$app_rss" "$app_peak"
printf '| %-24s | %22.2f s | %6.1f %% | %4d MiB | %7d MiB |\n' "bare bevy_egui window" "$bare_frame" "$bare_cpu" "$bare_rss" "$bare_peak"
printf '| %-24s | %21.2f × | %8s | %6.2f × | %9.2f × |\n' "ratio" \
    "$(echo "$app_frame / $bare_frame" | bc -l)" "" \
    "$(echo "$app_rss / $bare_rss" | bc -l)" "$(echo "$app_peak / $bare_peak" | bc -l)"
echo "third-frame runs, app: ${app_times[*]}"
echo "third-frame runs, bare: ${bare_times[*]}"
