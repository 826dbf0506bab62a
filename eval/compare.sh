#!/usr/bin/env bash
# Runs two briefbot binaries over the same data dir and question sets, one
# after the other per set, so that before/after figures come from one run.
#
#   eval/compare.sh OLD_BINARY NEW_BINARY DATA_DIR [NEW_DATA_DIR]
#
# With NEW_DATA_DIR each binary answers from the index it built.
# DATA_DIR holds XQuAD-in-news: briefbot --data DIR ingest
#   ../shared/corpora/xquad-en.json ../shared/corpora/news-2024.jsonl.gz
set -euo pipefail
old=$1 new=$2 data=$3 newdata=${4:-$3}
here=$(cd "$(dirname "$0")" && pwd)
shared=${BRIEFBOT_SHARED:-$here/../../shared}
for set in "$shared/corpora/xquad-en.json" "$here"/news-paraphrase-a.jsonl "$here"/news-paraphrase-b.jsonl \
	"$here"/news-paraphrase-c.jsonl "$here"/news-paraphrase-d.jsonl "$here"/news-paraphrase-e.jsonl "$here"/news-paraphrase-f.jsonl "$here"/news-paraphrase-g.jsonl "$here"/news-paraphrase-h.jsonl \
	"$here"/default-paraphrase.jsonl "$here"/default-paraphrase-b.jsonl "$here"/default-paraphrase-c.jsonl "$here"/default-paraphrase-d.jsonl \
	"$here"/current.jsonl "$here"/current-b.jsonl "$here"/current-c.jsonl "$here"/current-d.jsonl "$here"/current-e.jsonl \
	"$here"/current-f.jsonl "$here"/current-g.jsonl "$here"/current-h.jsonl "$here"/current-i.jsonl "$here"/current-j.jsonl; do
	[ -f "$set" ] || continue
	echo "== $(basename "$set")"
	printf 'before: '; "$old" --data "$data" eval "$set"
	printf 'after:  '; "$new" --data "$newdata" eval "$set"
done
# Declined: an answer with no citations (eval --unanswerable; it reads
# each question from its JSON, quotes inside it included).
declined() {
	"$1" --data "$2" eval --unanswerable "$3" | sed 's/.*declined \([0-9]*\).*/\1/'
}
for set in "$here"/unanswerable.jsonl "$here"/unanswerable-b.jsonl "$here"/unanswerable-c.jsonl "$here"/unanswerable-d.jsonl "$here"/unanswerable-e.jsonl "$here"/unanswerable-f.jsonl "$here"/unanswerable-g.jsonl "$here"/unanswerable-h.jsonl; do
	echo "== $(basename "$set"): declined of $(grep -c . "$set")"
	echo "before: $(declined "$old" "$data" "$set")"
	echo "after:  $(declined "$new" "$newdata" "$set")"
done
