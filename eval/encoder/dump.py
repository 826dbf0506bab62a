"""Writes each question's top-10 citations, as briefbot ranks them.

python3 eval/encoder/dump.py BRIEFBOT DATA OUT.json SET...

A SET ending in .json is SQuAD-format (every fourth question is taken);
others are eval JSONL files. Declined questions keep their related
passages, so the rerank sees what a user would.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from readjsonl import load  # noqa: E402

binary, data, out, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rows = []
for s in sets:
    if s.endswith(".json"):
        qs = []
        for art in json.load(open(s))["data"]:
            for p in art["paragraphs"]:
                for qa in p["qas"]:
                    qs.append({"question": qa["question"], "answers": [a["text"] for a in qa["answers"]]})
        qs = qs[::4]
    else:
        qs = list(load(s))
    res = subprocess.run([binary, "--data", data, "ask", "--json", "-n", "10", "-"],
                         input="\n".join(r["question"] for r in qs) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    for r, line in zip(qs, res):
        o = json.loads(line)
        cs = o.get("citations") or o.get("related") or []
        rows.append({"set": s.split("/")[-1], "question": r["question"], "answers": r["answers"],
                     "cands": [{"p": c["passage"], "score": c["score"]} for c in cs]})
json.dump(rows, open(out, "w"))
print(len(rows), "questions")
