#!/usr/bin/env python3
"""A blind comparison of two rasid builds' related articles (beyond the story).

    bench/related-blind.py draw OLD_RASID NEW_RASID DATA_DIR KEY.json [--articles 40]
        [--per-build N] [--range MAX_ID] [--old-data DIR]
    bench/related-blind.py score KEY.json NOT_RELATED

`draw` picks 40 articles of DATA_DIR at random (seed 7; from the stored ids, or with
`--range` from 1..=MAX_ID), asks each build for `rasid related --json`, keeps each
article's first five related articles of other stories (with `--per-build N`, a seeded
sample of N pairs of each build instead of all), mixes them, and prints them numbered —
article title ⟷ related title, without saying which build gave which — with each build's
coverage (related shown, articles with at least one). Judge each numbered pair; then
`score` with the numbers judged not related (comma-separated) prints each build's share
judged related. A pair both builds gave is judged once. With `--old-data DIR` the old
build reads DIR (the same corpora as the old build ingested them: its tags, entities and
index) and the new one DATA_DIR; the ids must match (the same inputs, ingested alike).
"""
import json
import random
import subprocess
import sys


def related(binary, data, article):
    out = subprocess.run(
        [binary, "related", "--data", data, str(article), "--json", "--limit", "30"],
        capture_output=True, text=True)
    if out.returncode != 0:
        return None
    v = json.loads(out.stdout)
    return [x["title"] for x in v["related"] if x["reason"] != "same story"][:5]


def title(binary, data, article):
    out = subprocess.run([binary, "article", "--data", data, str(article)],
                         capture_output=True, text=True)
    return out.stdout.split("\n")[0]


def draw(old, new, data, key, articles=40, per_build=0, max_id=0, old_data=None):
    import sqlite3
    if max_id:
        ids = range(1, max_id + 1)
    else:
        ids = [r[0] for r in sqlite3.connect(f"{data}/rasid.db").execute("SELECT id FROM articles")]
    random.seed(7)
    sample = random.sample(ids, min(articles, len(ids)))
    pairs = {"old": [], "new": []}
    for build, binary, d in (("old", old, old_data or data), ("new", new, data)):
        with_any = 0
        for a in sample:
            r = related(binary, d, a) or []
            with_any += bool(r)
            pairs[build] += [(a, t) for t in r]
        print(f"{build}: {len(pairs[build])} related over {len(sample)} articles, "
              f"{with_any} with at least one", file=sys.stderr)
    random.seed(3)
    chosen = {b: random.sample(p, min(per_build, len(p))) if per_build else p
              for b, p in pairs.items()}
    builds = {}
    for b, p in chosen.items():
        for pair in p:
            builds.setdefault(pair, []).append(b)
    items = list(builds.items())
    random.shuffle(items)
    titles = {a: title(new, data, a) for a in sample if any(p[0] == a for p in builds)}
    json.dump([[a, t, b] for (a, t), b in items], open(key, "w"), ensure_ascii=False)
    for i, ((a, t), _) in enumerate(items):
        print(i, titles[a][:80], " ⟷ ", t[:80])


def score(key, not_related):
    items = json.load(open(key))
    bad = {int(x) for x in not_related.split(",") if x.strip()}
    tally = {}
    for i, (_, _, builds) in enumerate(items):
        for b in builds:
            good, n = tally.get(b, (0, 0))
            tally[b] = (good + (i not in bad), n + 1)
    for b, (good, n) in sorted(tally.items()):
        print(f"{b}: {good}/{n} related ({good / n:.2f})")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["draw"] and len(args) >= 5:
        opts = dict(zip(args[5::2], args[6::2]))
        draw(*args[1:5], articles=int(opts.get("--articles", 40)),
             per_build=int(opts.get("--per-build", 0)), max_id=int(opts.get("--range", 0)),
             old_data=opts.get("--old-data"))
    elif args[:1] == ["score"] and len(args) == 3:
        score(args[1], args[2])
    else:
        sys.exit(__doc__)
