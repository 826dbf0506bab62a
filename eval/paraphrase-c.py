#!/usr/bin/env python3
"""Check eval/news-paraphrase-c.jsonl (or any paraphrase set) against the corpus.

How the set was made
--------------------
    go run ./eval/draw -n 120 -seed 3 > drawn.jsonl

Of those 120 articles, the one whose URL is already in news-paraphrase-a or -b
was dropped (drawn article 23); the remaining articles were taken in draw
order, one or two questions each, until there were 100 questions (drawn
articles 1-54 less article 23: 53 articles).  Questions were written from the
article text only, paraphrased (synonyms, other word order, descriptions
instead of names); `answers` are short literal substrings of the article text.
briefbot was not run on the questions and its rankings were not looked at.

What is checked, for every row
------------------------------
  * the row has "question", "answers" (non-empty list of strings), "url" and
    "published";
  * the url is an article of the corpus and "published" is that article's date;
  * one of the answers occurs in the article's text, compared as briefbot eval
    compares them: lower-cased, runs of whitespace made one space;
  * with --disjoint FILE (repeatable), the url is not used by any row of those files.

Usage
-----
  python3 eval/paraphrase-c.py [--corpus ../shared/corpora/news-2024.jsonl.gz] \\
      [--disjoint eval/news-paraphrase-a.jsonl --disjoint eval/news-paraphrase-b.jsonl] \\
      eval/news-paraphrase-c.jsonl

Prints one line per failure and a summary; exits 1 if any row fails.

Absence checks for eval/unanswerable-b.jsonl
--------------------------------------------
  python3 eval/paraphrase-c.py --grep REGEX [REGEX ...]

lists the documents of news-2024 (title and text), xquad-en.json (every
string) and ../shared/seed/ that match ALL the regexes (case-insensitive),
newest first, with a snippet around the last regex.  Each question of
unanswerable-b.jsonl was checked this way on its key names and figures
(e.g. `--grep Gukesh`, `--grep Mangione 'GPA|grade point'`,
`--grep 'Australian Open' 2025`): no document gives the answer.
"""
import argparse
import glob
import json
import os
import re
import sys

from readjsonl import load


def norm(s):
    return " ".join(s.lower().split())


def strings(o):
    if isinstance(o, dict):
        for v in o.values():
            yield from strings(v)
    elif isinstance(o, list):
        for v in o:
            yield from strings(v)
    elif isinstance(o, str):
        yield o


def grep(corpus, xquad, seed, patterns):
    rx = [re.compile(p, re.I) for p in patterns]
    docs = [("news", d["url"], d.get("published", ""), d.get("title", "") + "\n" + d.get("text", ""))
            for d in load(corpus)]
    with open(xquad, encoding="utf-8") as f:
        docs.append(("xquad", xquad, "", "\n".join(strings(json.load(f)))))
    for p in sorted(glob.glob(os.path.join(seed, "**", "*"), recursive=True)):
        if os.path.isfile(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                docs.append(("seed", p, "", f.read()))
    hits = [d for d in docs if all(r.search(d[3]) for r in rx)]
    hits.sort(key=lambda d: d[2], reverse=True)
    print("%s: %d documents" % (" & ".join(patterns), len(hits)))
    for src, u, pub, text in hits[:8]:
        m = rx[-1].search(text)
        snip = " ".join(text[max(0, m.start() - 120):m.end() + 120].split())
        print("  %s %s %s\n    ...%s..." % (src, pub, u, snip))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?")
    ap.add_argument("--corpus", default="../shared/corpora/news-2024.jsonl.gz")
    ap.add_argument("--xquad", default="../shared/corpora/xquad-en.json")
    ap.add_argument("--seed", default="../shared/seed")
    ap.add_argument("--grep", nargs="+", metavar="REGEX",
                    help="list documents of all three corpora matching every REGEX")
    ap.add_argument("--disjoint", action="append", default=[], metavar="FILE",
                    help="question file whose urls must not be reused (repeatable)")
    args = ap.parse_args()
    if args.grep:
        grep(args.corpus, args.xquad, args.seed, args.grep)
        return
    if not args.file:
        ap.error("a question file, or --grep")

    docs = {}
    for d in load(args.corpus):
        docs.setdefault(d["url"], d)
    used = {}
    for p in args.disjoint:
        for r in load(p):
            if r.get("url"):
                used[r["url"]] = p

    rows = list(load(args.file))
    fails = 0
    urls = set()
    for i, r in enumerate(rows, 1):
        q = r.get("question")
        why = []
        ans = r.get("answers")
        if not isinstance(q, str) or not q.strip():
            why.append("no question")
        if not isinstance(ans, list) or not ans or not all(isinstance(a, str) and a.strip() for a in ans):
            why.append("answers must be a non-empty list of strings")
            ans = []
        d = docs.get(r.get("url"))
        if d is None:
            why.append("url not in corpus")
        else:
            if r.get("published") != d.get("published"):
                why.append("published %r, corpus says %r" % (r.get("published"), d.get("published")))
            text = norm(d.get("text", ""))
            if ans and not any(norm(a) in text for a in ans):
                why.append("no answer occurs in the article text")
        if r.get("url") in used:
            why.append("url also used in " + used[r["url"]])
        urls.add(r.get("url"))
        if why:
            fails += 1
            print("row %d: %s\n  %s\n  answers=%s url=%s" % (i, "; ".join(why), q, ans, r.get("url")))
    print("%d rows, %d articles, %d failed" % (len(rows), len(urls), fails))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
