#!/usr/bin/env python3
"""Random requests against a running `rasid serve` (reader pages, feeds, API, admin): odd
paths, query strings and cookies built from awkward pieces (huge numbers, stray `%`,
Arabic-Indic digits, quotes, brackets, NUL, right-to-left override, path traversal, 3,000
letters). Every answer must be below 500 and no connection may drop; prints each that is
not and the count. Python's standard library only.

    rasid serve --data DIR --listen 127.0.0.1:8099 --no-crawl &
    python3 bench/fuzz_http.py SEED COUNT [PORT]
"""
import http.client
import random
import sys
import urllib.parse

PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 8099
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
routes = ["/", "/search", "/search.atom", "/search.rss", "/search.json", "/tag/{v}", "/tag/{v}.atom", "/entity/{v}", "/entity/{v}.json", "/source/{v}", "/source/{v}.rss",
          "/section/{v}", "/section/{v}.atom", "/story/{v}", "/story/{v}.rss", "/article/{v}", "/feed.atom", "/feed.json", "/feed.{v}", "/settings", "/api/v1/search", "/api/v1/stories",
          "/api/v1/articles/{v}", "/api/v1/articles/{v}/related", "/api/v1/stories/{v}", "/api/v1/tags", "/api/v1/entities", "/api/v1/outlets", "/api/v1/outlets/{v}", "/api/v1/topics", "/topics", "/admin", "/admin/sites", "/static/{v}", "/{v}"]
params = ["q", "page", "cursor", "offset", "limit", "sort", "from", "to", "since", "section", "tag", "entity", "source", "facets", "kind", "lang", "digits", "back", "by", "days", "order", "x"]
atoms = ["", "0", "-1", "1", "99999999999999999999", "abc", "%", "%zz", "٣", "العراق", "place:العراق", "person:", ":", "\"", "(", ")", "OR", "-", "*", "\\", "/", "//evil.com", "..", "../../etc/passwd",
         "2024-01-01", "0001-01-01", "9999-12-31", "24h", "99999w", "±Ò", "\x00", "\u202e", "<script>", "'", "a" * 3000, "1.2.3", "nan", "inf", "true", "date", "relevance", "rising", "count", "7", "𩍟", "CNN", "cnn", "سكاي نيوز عربية", "Sports", "رياضة",
         "middle east", ".atom", ".json"]
def rnd():
    return "".join(random.choice(atoms) for _ in range(random.randint(1, 3)))
bad = 0
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3000):
    path = random.choice(routes).replace("{v}", urllib.parse.quote(rnd(), safe=""))
    qs = "&".join(f"{random.choice(params)}={urllib.parse.quote(rnd(), safe='')}" for _ in range(random.randint(0, 4)))
    url = path + ("?" + qs if qs else "")
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        c.request("GET", url, headers={"Cookie": random.choice(["", "lang=en", "lang=xx", "digits=%", "rasid_session=zz"])})
        r = c.getresponse(); body = r.read()
        if r.status >= 500:
            bad += 1; print("5xx", r.status, url, body[:200])
    except Exception as e:
        bad += 1; print("ERR", type(e).__name__, url)
    finally:
        c.close()
print("done, bad:", bad)
sys.exit(1 if bad else 0)
