// Package digest builds digests: it selects the documents first seen in a
// time range (through the index, filtered to a topic by relevance), groups
// reports of the same story across sources, picks the one or two sentences
// of each story that carry the news, and ranks the stories by relevance,
// coverage and recency. It knows nothing about chat platforms or
// schedules.
package digest
