#!/usr/bin/env bash
# What a reader waits for right after the server starts and as its caches expire.
#
#   bench/first-requests.sh DATA_DIR [RASID_BINARY] [PORT]
#
# Starts `rasid serve --no-crawl` on DATA_DIR (an archive already ingested, e.g. by
# `rasid ingest ../shared/data/corpus/*.jsonl.zst --data DATA_DIR`), waits four seconds,
# then times with curl the home page three times, `/topics?days=7` twice, and the home
# page every 10 seconds for 150 seconds (ROUNDS=15): the first figures say whether the
# first reader pays for what the home page shows, the last whether one reader a minute
# pays as it expires. Prints seconds per request.
set -euo pipefail
data="${1:?usage: bench/first-requests.sh DATA_DIR [RASID_BINARY] [PORT]}"
bin="${2:-target/release/rasid}"
port="${3:-8111}"
rounds="${ROUNDS:-15}"
"$bin" serve --data "$data" --no-crawl --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 4
for _ in 1 2 3; do curl -s -o /dev/null -w "home %{time_total}\n" "http://127.0.0.1:$port/"; done
for _ in 1 2; do curl -s -o /dev/null -w "topics?days=7 %{time_total}\n" "http://127.0.0.1:$port/topics?days=7"; done
printf 'home every 10 s:'
for _ in $(seq 1 "$rounds"); do
    sleep 10
    curl -s -o /dev/null -w " %{time_total}" "http://127.0.0.1:$port/"
done
echo
