package claim

// Lemma is a word's singular, lower case, without a possessive:
// "containers" → "container", "casualties" → "casualty". The answer
// reader (index) compares what a "how many" question counts with this.
func Lemma(w string) string { return lemma(w) }

// IsPlural reports whether a word reads as a plural noun.
func IsPlural(w string) bool { return isPlural(w) }

// Unpossessive is w without its possessive "’s" or "'s".
func Unpossessive(w string) string { return unpossessive(w) }
