package corpus

import "testing"

func TestQuerySearched(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`What is the last name of "Bob," the schoolteacher?`, "What is the last name of the schoolteacher? Bob,"},
		{`shells source:cnn after:2024-01-01`, "shells"},
		{`"Kim Jong-un" "Putin"`, " Kim Jong-un Putin"},
	} {
		q, err := ParseQuery(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := q.Searched(); got != tt.want {
			t.Errorf("ParseQuery(%q).Searched() = %q, want %q", tt.in, got, tt.want)
		}
	}
}
