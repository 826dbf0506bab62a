"""Reading JSON Lines, plain or gzipped, for the scripts in eval/."""
import gzip
import json


def load(path):
    """Yields each non-empty line of path (.jsonl or .jsonl.gz) as JSON."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)
