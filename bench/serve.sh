#!/usr/bin/env bash
# Serving speed of the reader and the JSON API, measured with wrk on loopback.
#
#   bench/serve.sh [DATA_DIR]
#
# SaudiNewsNet + ANT (62,555 records) are ingested and linked into DATA_DIR (default
# /tmp/rasid-serve-bench; reused when it already holds them), `rasid serve --no-crawl`
# listens on 127.0.0.1, and wrk (2 threads, 64 connections, 20 s each) asks for the home
# page, article pages and story pages (random ones of the archive), the search API
# (two-word queries from article titles, snippets included) and the pages of the 200
# entities most written about; each once without and once
# with `Accept-Encoding: gzip` (what browsers send), after a 5-second warm-up pass; and
# article pages drawn from the whole archive (nearly every view a first view, so nothing
# the server caches helps: its related list is computed). Prints requests/s, p50 and p99, the
# responses that were not 200, and the weight of each kind of page (HTML + CSS + JS,
# before images). Needs wrk (`apt-get install -y wrk`) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${RASID_SHARED:-../shared}"
data="${1:-/tmp/rasid-serve-bench}"
port="${RASID_BENCH_PORT:-18080}"
duration="${RASID_BENCH_SECONDS:-20}"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p rasid
rasid="$CARGO_TARGET_DIR/release/rasid"
if [ ! -f "$data/rasid.db" ]; then
  echo "ingesting and linking the corpora into $data …" >&2
  "$rasid" ingest --quiet --link --data "$data" \
    "$shared/data/corpus/saudinewsnet.jsonl.zst" \
    "$shared/data/corpus/ant_multisource_v2.1.jsonl.zst" >/dev/null || true
fi
"$rasid" serve --no-crawl --data "$data" --listen "127.0.0.1:$port" 2>/dev/null &
server=$!
work="$(mktemp -d)"
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -sf "$base/healthz" >/dev/null && break
  sleep 0.2
done

# The paths each run picks from at random: 2,000 articles, 1,000 stories of two members or
# more, 300 title queries.
python3 - "$data/rasid.db" "$work" "$base" <<'EOF'
import sqlite3, sys, random, urllib.parse, urllib.request, re, json
db, work, base = sys.argv[1], sys.argv[2], sys.argv[3]
random.seed(7)
c = sqlite3.connect(db)
articles = [r[0] for r in c.execute("SELECT id FROM articles ORDER BY random() LIMIT 2000")]
stories = [r[0] for r in c.execute(
    "SELECT story_id FROM story_articles GROUP BY story_id HAVING count(*) > 1 ORDER BY random() LIMIT 1000")]
titles = [r[0] for r in c.execute(
    "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY random() LIMIT 2000")]
queries = []
for t in titles:
    words = [w for w in re.findall(r"\w+", t) if len(w) > 2]
    if len(words) >= 2:
        queries.append("/api/v1/search?q=" + urllib.parse.quote(" ".join(words[:2])))
    if len(queries) == 300:
        break
def lua(name, paths):
    with open(f"{work}/{name}.lua", "w") as f:
        f.write("local paths = {\n")
        for p in paths:
            f.write('  "%s",\n' % p)
        f.write("}\nmath.randomseed(os.time())\n")
        f.write("request = function()\n  return wrk.format(nil, paths[math.random(#paths)])\nend\n")
lua("home", ["/"])
lua("article", [f"/article/{i}" for i in articles])
# Every article of the archive: nearly every view a first view (nothing cached).
lua("article-all", [f"/article/{r[0]}" for r in c.execute("SELECT id FROM articles")])
lua("story", [f"/story/{i}" for i in stories])
lua("search", queries)
# The 200 entities most written about: their pages (one entry per story, its profile).
entities = json.load(urllib.request.urlopen(base + "/api/v1/entities?limit=200"))["values"]
lua("entity", ["/entity/" + urllib.parse.quote(e["value"], safe="") for e in entities])
with open(f"{work}/samples", "w") as f:
    f.write(f"/article/{articles[0]}\n/story/{stories[0]}\n{queries[0].replace('/api/v1/search', '/search')}\n")
EOF

# Page weight: the HTML of a page and the stylesheet it links (the reader has no script).
css=$(curl -s "$base/" | grep -o '/static/style\.[0-9a-f]*\.css' | head -1)
css_bytes=$(curl -s "$base$css" | wc -c)
echo "page weight (HTML + CSS; the reader ships no JavaScript):"
for path in / $(cat "$work/samples"); do
  html=$(curl -s "$base$path" | wc -c)
  awk -v p="$path" -v h="$html" -v c="$css_bytes" 'BEGIN { printf "  %-40s %6.1f KB\n", p, (h + c) / 1024 }'
done

echo
printf "%-10s %-6s %12s %10s %10s %10s\n" target gzip requests/s p50 p99 non-200
for target in home article story search entity article-all; do
  wrk -t2 -c64 -d5s -s "$work/$target.lua" "$base" >/dev/null 2>&1
  for gzip in no yes; do
    header=()
    [ "$gzip" = yes ] && header=(-H "Accept-Encoding: gzip")
    out=$(wrk -t2 -c64 -d"${duration}s" --latency "${header[@]}" -s "$work/$target.lua" "$base" 2>&1)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    printf "%-10s %-6s %12s %10s %10s %10s\n" "$target" "$gzip" "$rps" "$p50" "$p99" "${bad:-0}"
  done
done
