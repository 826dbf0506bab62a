#!/usr/bin/env python3
"""Find candidate sentences for eval/current-b.jsonl.

How the set was made
--------------------
current-b.jsonl holds present-tense questions whose answer changed within the
news-2024 corpus ("Who coaches the Lakers?", "How big is the US national
debt now?", "What team is Kirk Cousins the quarterback for?"): 21 about who
holds a post (office), 10 about a figure (figure), 10 other (team, name...).  Subjects were chosen to
differ from eval/current.jsonl (no post, person or figure of that file is
reused).  For each subject this script was run with a regex for the post,
person or figure; it prints every sentence that matches, oldest article first,
with the article's date and URL.  From that listing:

  * `answers` is what the NEWEST article(s) stating the fact say, copied as a
    short literal substring of the article text (a surname, a team nickname, a
    figure exactly as written), plus alternatives when the text writes it
    several ways;
  * `stale` is a different answer literally present in an OLDER article;
  * the listing was read to the last weeks of the corpus (late Dec 2024) to
    check that no even newer article gives yet another answer.

Then `--check` verifies every row of the output file: each answer string
occurs (case-insensitively) in the text of current_url, each stale string in
the text of stale_url, and stale_url is older than current_url.

The ranking code of briefbot was not run or read while making the set.

Usage
-----
  python3 eval/current-b.py CORPUS PATTERN [PATTERN2 ...] [--since YYYY/MM] [--title]
      print sentences matching PATTERN (Python regex, case-insensitive);
      with several patterns, the sentence must match all of them.
  python3 eval/current-b.py CORPUS --check eval/current-b.jsonl
"""
import json
import re
import sys

from readjsonl import load


def sentences(text):
    for para in text.split("\n"):
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", para):
            s = s.strip()
            if s:
                yield s


def search(docs, patterns, since="", titles=False):
    rx = [re.compile(p, re.I) for p in patterns]
    hits = []
    for d in docs:
        if d.get("published", "") < since:
            continue
        src = [d.get("title", "")] if titles else sentences(d.get("text", ""))
        for s in src:
            if all(r.search(s) for r in rx):
                hits.append((d.get("published", ""), d["url"], s))
    hits.sort()
    for pub, url, s in hits:
        print(f"{pub}  {url}\n    {s[:400]}")
    print(f"-- {len(hits)} sentences")


def check(docs, path):
    by_url = {d["url"]: d for d in docs}
    bad = 0
    n = 0
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        n += 1
        q = json.loads(line)
        cur, old = by_url.get(q["current_url"]), by_url.get(q["stale_url"])
        errs = []
        if cur is None or old is None:
            errs.append("url not in corpus")
        else:
            ct, ot = cur["text"].lower(), old["text"].lower()
            if not any(a.lower() in ct for a in q["answers"]):
                errs.append("no answer in current article")
            for a in q["answers"]:
                if a.lower() not in ct:
                    errs.append(f"alt {a!r} not in current article")
            if not any(s.lower() in ot for s in q["stale"]):
                errs.append("no stale answer in stale article")
            if cur["published"] != q["current_published"]:
                errs.append(f"current_published is {cur['published']}")
            if old["published"] >= cur["published"]:
                errs.append("stale article not older")
        if errs:
            bad += 1
            print(f"{q['question']}: {'; '.join(errs)}")
    print(f"-- {n} rows, {bad} with problems")
    return bad == 0


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    corpus, rest = argv[1], argv[2:]
    docs = list(load(corpus))
    if rest[0] == "--check":
        return 0 if check(docs, rest[1]) else 1
    since, titles, pats = "", False, []
    i = 0
    while i < len(rest):
        if rest[i] == "--since":
            since = rest[i + 1]
            i += 2
            continue
        if rest[i] == "--title":
            titles = True
        else:
            pats.append(rest[i])
        i += 1
    search(docs, pats, since, titles)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
