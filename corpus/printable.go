package corpus

import "strings"

// Printable returns s fit for a terminal: control characters, escape
// sequences' introducers and bidirectional overrides removed, so a
// document cannot clear the screen, plant a link (OSC 8) or reorder what
// is shown. Newlines and tabs stay.
func Printable(s string) string {
	// A stray byte such as 0x9b is a C1 introducer to an 8-bit terminal.
	s = strings.ToValidUTF8(s, "")
	if strings.IndexFunc(s, unprintable) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unprintable(r) {
			return -1
		}
		return r
	}, s)
}

func unprintable(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f: // C0, ESC and DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1, including CSI and OSC
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi overrides and isolates
		return true
	}
	return false
}
