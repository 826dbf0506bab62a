// Package timeline builds the dated events about a topic from passages:
// `briefbot timeline` and `/brief timeline`. It needs no Bleve; the index
// finds the passages (index.Passages, with ask's relevance cut) and this
// package reads them.
//
// Dates come from the text (Resolve), against the document's publication
// date: absolute ones ("13 October 2024", "October 2024", "in 2022",
// "2024-10-13") keep their precision; ones without a year ("on 13
// October", "in June") take the year that puts them nearest before
// publication; relative ones ("yesterday", "on Wednesday", "last month",
// "earlier this year", "three days ago") count back from it. An undated
// document's month names are read against the latest year its text puts
// an event in (InferAnchor); its relative dates stay unresolved. What
// cannot be resolved is left out, never guessed.
//
// Choices where the issue was silent:
//   - A year alone is the date of an event only after "in", "during" or
//     "at" ("in 2022 North Korea began…", "in the summer of 2023", "in
//     mid-2022"); "the 2024 G7 summit" names a thing and "since 2022", "as
//     early as 2022", "by 2030" bound a period.
//   - Spans ("2022–24", "13 and 14 October", "from June to August") are not
//     the date of one event.
//   - Seasons and "early/mid/late" keep the precision of the year or month
//     they qualify: "in the summer of 2023" is 2023.
//   - "last week" and "a few days later" are left out: no day, month or
//     year holds them for sure.
//   - A day up to 31 days after publication ("on 20 October" in a report
//     of the 16th) is announced, not happened; such events and anything
//     in a sentence about what will or may happen are left out, unless the
//     sentence reports a statement ("officials said on Monday that…").
//   - Month precision is written as the month's first day in JSON
//     ("2024-10-01" with precision "month"), a year as 1 January.
//
// Events: a prose sentence about the topic (MinSentenceCover) with a date
// in event context. A sentence that dates nothing is dated by its
// document's publication only when it leads the document and tells of
// something done (a past tense or a reporting verb): news leads report the
// day's news, later sentences mostly background. Reports whose dates may
// name the same moment (one contains the other) and whose words other than
// the topic's overlap enough (SameEvent) are one event, citing each
// document once; its date is the most precise one reported.
//
// With a limit, the best supported events are kept (most sources, then
// the most relevant passage), and shown oldest first.
package timeline
