#!/usr/bin/env python3
"""A blind comparison of two rasid builds' key phrases (tags).

    bench/tags-blind.py draw OLD_DATA NEW_DATA KEY.json [--articles 40] [--seed 5]
    bench/tags-blind.py score KEY.json JUDGED

OLD_DATA and NEW_DATA are data directories the two builds ingested from the same
corpora (`rasid ingest … --data DIR`). `draw` picks articles whose tags differ (seeded),
and prints each title with its two tag lists as A and B in a random order, without saying
which build gave which. Judge each numbered article A, B or = (no better), then `score`
with the judgements (`1A,2=,3B,…`) prints how often each build's tags were preferred.
"""
import json
import random
import sqlite3
import sys


def tags(data):
    rows = sqlite3.connect(f"{data}/rasid.db").execute(
        "select external_id, title, key_phrases from articles")
    return {e: (t, json.loads(k or "[]")) for e, t, k in rows}


def draw(old, new, key, articles=40, seed=5):
    a, b = tags(old), tags(new)
    differ = sorted(e for e in b if e in a and a[e][1] != b[e][1])
    rng = random.Random(seed)
    picked = rng.sample(differ, min(articles, len(differ)))
    order = []
    print(f"{len(differ)} of {len(b)} articles' tags differ; {len(picked)} drawn (seed {seed})\n")
    for i, e in enumerate(picked, 1):
        flip = rng.random() < 0.5
        first, second = (b[e][1], a[e][1]) if flip else (a[e][1], b[e][1])
        order.append("new" if flip else "old")
        print(f"{i}. {b[e][0]}\n   A: {'، '.join(first)}\n   B: {'، '.join(second)}\n")
    with open(key, "w") as f:
        json.dump({"articles": picked, "a_is": order}, f)


def score(key, judged):
    k = json.load(open(key))
    prefer = {"old": 0, "new": 0, "=": 0}
    for item in judged.split(","):
        item = item.strip()
        n, verdict = int(item[:-1]), item[-1].upper()
        if verdict == "=":
            prefer["="] += 1
        else:
            a_is = k["a_is"][n - 1]
            other = "new" if a_is == "old" else "old"
            prefer[a_is if verdict == "A" else other] += 1
    total = sum(prefer.values())
    print(f"judged {total}: new preferred {prefer['new']}, old preferred {prefer['old']}, "
          f"no better {prefer['=']}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["draw"] and len(args) >= 4:
        opts = dict(zip(args[4::2], args[5::2]))
        draw(args[1], args[2], args[3], int(opts.get("--articles", 40)),
             int(opts.get("--seed", 5)))
    elif args[:1] == ["score"] and len(args) == 3:
        score(args[1], args[2])
    else:
        sys.exit(__doc__)
