"""R@1 / R@3 per set when the encoder's cosine joins briefbot's score.

python3 eval/encoder/score.py CANDS.json COS.json

Each question's scores and cosines are standardised over its citations;
the order is score + w * cosine, for every w shown (w = 0 is briefbot's
order, w = 100 the encoder's alone).
"""
import collections
import json
import sys

rows = json.load(open(sys.argv[1]))
cosines = json.load(open(sys.argv[2]))


def hit(r, c):
    return any(a.lower() in c["p"].lower() for a in r["answers"])


def z(xs):
    m = sum(xs) / len(xs)
    sd = (sum((x - m) ** 2 for x in xs) / len(xs)) ** 0.5 or 1
    return [(x - m) / sd for x in xs]


for w in [0, 0.25, 0.5, 1, 2, 100]:
    agg = collections.defaultdict(lambda: [0, 0, 0])
    for r, co in zip(rows, cosines):
        a = agg[r["set"]]
        a[2] += 1
        c = r["cands"]
        if not c:
            continue
        zs, zc = z([x["score"] for x in c]), z(co)
        order = sorted(range(len(c)), key=lambda i: -(zs[i] + w * zc[i]))
        h = [hit(r, c[i]) for i in order]
        a[0] += h[0]
        a[1] += any(h[:3])
    print(f"w={w:<5}", "  ".join(f"{k} {v[0]/v[2]:.3f}/{v[1]/v[2]:.3f}" for k, v in agg.items()))
