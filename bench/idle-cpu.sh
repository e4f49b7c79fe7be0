#!/usr/bin/env bash
# What a server costs while nobody reads: CPU seconds over two minutes after one reader.
#
#   bench/idle-cpu.sh DATA_DIR [RASID_BINARY] [PORT]
#
# Starts `rasid serve --no-crawl` on DATA_DIR (an archive already ingested), waits until it
# answers and ten seconds more, reads the home page and `/topics?days=7` once, then prints
# the CPU time (user + system, from /proc/PID/stat) the process spends in the next
# SECONDS (default 120) seconds. Linux only.
set -euo pipefail
data="${1:?usage: bench/idle-cpu.sh DATA_DIR [RASID_BINARY] [PORT]}"
bin="${2:-target/release/rasid}"
port="${3:-8112}"
seconds="${SECONDS_IDLE:-120}"
"$bin" serve --data "$data" --no-crawl --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.5; done
sleep 10
curl -s -o /dev/null "http://127.0.0.1:$port/"
curl -s -o /dev/null "http://127.0.0.1:$port/topics?days=7"
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t0=$(ticks)
sleep "$seconds"
t1=$(ticks)
hz=$(getconf CLK_TCK)
awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "idle CPU: %.2f s in %d s\n", t / hz, s }'
