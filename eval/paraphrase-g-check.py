#!/usr/bin/env python3
"""Extra checks for a paraphrase set (written for news-paraphrase-g.jsonl).

For every row:
  * fields are exactly question, answers, url, published, in that order;
  * the url is in the corpus and published equals the corpus date;
  * EVERY answer string (not just one) occurs in the article text,
    lower-cased and whitespace-normalised;
  * no answer string occurs in the question itself;
  * the question shares no run of 4 consecutive words with the article
    (words: lower-cased [a-z0-9] runs, NFKC, curly apostrophes made straight,
    so "Kyiv's" is one word and "year-round" is two);
  * with --disjoint FILE (repeatable), the url is not used by those files;
  * one question per article (no url twice).

Usage:
  python3 eval/paraphrase-g-check.py [--corpus ../shared/corpora/news-2024.jsonl.gz] \
      [--disjoint FILE ...] eval/news-paraphrase-g.jsonl
"""
import argparse
import re
import sys
import unicodedata

from readjsonl import load


def norm(s):
    return " ".join(s.lower().split())


def words(s):
    s = unicodedata.normalize("NFKC", s).lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:['.,][a-z0-9]+)*", s)


def grams(t, n=4):
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--corpus", default="../shared/corpora/news-2024.jsonl.gz")
    ap.add_argument("--disjoint", action="append", default=[])
    args = ap.parse_args()
    docs = {}
    for d in load(args.corpus):
        docs.setdefault(d["url"], d)
    used = set()
    for p in args.disjoint:
        used |= {r.get("url") for r in load(p)}
    rows = list(load(args.file))
    seen, fails = set(), 0
    for i, r in enumerate(rows, 1):
        why = []
        if list(r) != ["question", "answers", "url", "published"]:
            why.append("fields %s" % list(r))
        d = docs.get(r.get("url"))
        if d is None:
            why.append("url not in corpus")
        else:
            if r["published"] != d.get("published"):
                why.append("published differs from corpus")
            text = d.get("text", "")
            miss = [a for a in r["answers"] if norm(a) not in norm(text)]
            if miss:
                why.append("answers not in text: %s" % miss)
            shared = grams(words(r["question"])) & grams(words(text))
            if shared:
                why.append("4-word runs shared with article: %s" % [" ".join(g) for g in shared])
        inq = [a for a in r["answers"] if norm(a) in norm(r["question"])]
        if inq:
            why.append("answer in question: %s" % inq)
        if r.get("url") in used:
            why.append("url used by a --disjoint set")
        if r.get("url") in seen:
            why.append("url used twice in this set")
        seen.add(r.get("url"))
        if why:
            fails += 1
            print("row %d: %s\n  %s" % (i, "; ".join(why), r.get("question")))
    print("%d rows, %d articles, %d failed" % (len(rows), len(seen), fails))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
