#!/usr/bin/env python3
"""Checks for default-paraphrase-d.jsonl (held-out paraphrase set on the default corpus).

Verifies:
  * every line is valid JSON with a non-empty "question" and a non-empty "answers" list;
  * the file has exactly 45 lines;
  * every answer is a case-insensitive substring of the source article;
  * no question shares a run of 4 consecutive tokens with the article;
  * word-set Jaccard between each question and every question of
    default-paraphrase.jsonl, default-paraphrase-b.jsonl and default-paraphrase-c.jsonl
    is below 0.4, and below 0.4 between any two questions of this set.
Tokens: lower-cased, split on non-alphanumeric characters ([a-z0-9]+ runs).
Prints the maximum Jaccard (and the pair) for both comparisons.

Usage: python3 eval/default-paraphrase-d-check.py [FILE]   (run from /work/main)
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ARTICLE = "/work/shared/seed/000_8a03083235905069.txt"
EARLIER = ["default-paraphrase.jsonl", "default-paraphrase-b.jsonl", "default-paraphrase-c.jsonl"]
N_EXPECTED = 45
LIMIT = 0.4


def toks(s):
    return re.findall(r"[a-z0-9]+", s.lower())


def grams(t, n=4):
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}


def jaccard(a, b):
    a, b = set(toks(a)), set(toks(b))
    return len(a & b) / len(a | b) if a | b else 0.0


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "default-paraphrase-d.jsonl")
    art = open(ARTICLE, encoding="utf-8").read()
    art_l = art.lower()
    art_grams = grams(toks(art))
    problems = []

    rows = []
    n_answers = 0
    n_lines = 0
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        n_lines = n
        try:
            o = json.loads(line)
        except ValueError as e:
            problems.append("line %d: invalid JSON (%s)" % (n, e))
            continue
        q, ans = o.get("question"), o.get("answers")
        if not isinstance(q, str) or not q.strip():
            problems.append("line %d: empty or missing question" % n)
            q = ""
        if not isinstance(ans, list) or not ans:
            problems.append("line %d: empty or missing answers" % n)
            ans = []
        n_answers += len(ans)
        for a in ans:
            if not isinstance(a, str) or not a.strip():
                problems.append("line %d: empty answer" % n)
            elif a.lower() not in art_l:
                problems.append("line %d: answer not in article: %r" % (n, a))
        shared = grams(toks(q)) & art_grams
        if shared:
            problems.append("line %d: 4-token runs shared with article: %s"
                            % (n, sorted(" ".join(g) for g in shared)))
        rows.append((n, q))
    if n_lines != N_EXPECTED:
        problems.append("expected %d lines, got %d" % (N_EXPECTED, n_lines))

    old = []
    for f in EARLIER:
        for k, line in enumerate(open(os.path.join(HERE, f), encoding="utf-8"), 1):
            old.append(("%s:%d" % (f, k), json.loads(line)["question"]))

    mx_old = (0.0, None, None, None, None)
    for n, q in rows:
        for ref, p in old:
            j = jaccard(q, p)
            if j > mx_old[0]:
                mx_old = (j, n, q, ref, p)
            if j >= LIMIT:
                problems.append("line %d: Jaccard %.3f with %s: %r | %r" % (n, j, ref, q, p))
    mx_in = (0.0, None, None, None, None)
    for i, (n, q) in enumerate(rows):
        for m, p in rows[:i]:
            j = jaccard(q, p)
            if j > mx_in[0]:
                mx_in = (j, n, q, m, p)
            if j >= LIMIT:
                problems.append("lines %d and %d: Jaccard %.3f: %r | %r" % (m, n, j, p, q))

    for p in problems:
        print("PROBLEM", p)
    print("%d lines, %d answers, %d problems" % (n_lines, n_answers, len(problems)))
    print("max Jaccard vs earlier sets: %.3f (line %d %r vs %s %r)" % mx_old)
    print("max Jaccard within this set: %.3f (line %d %r vs line %d %r)" % mx_in)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
