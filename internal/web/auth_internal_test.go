package web

import "testing"

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ next, want string }{
		{"/work", "/work"},
		{"/targets/12?lang=en#history", "/targets/12?lang=en#history"},
		{"/plans/dalian-2023-livelihood?section=二(八)", "/plans/dalian-2023-livelihood?section=二(八)"},
		{"/%09/evil.example", "/%09/evil.example"}, // an encoded tab stays in the path
		{"", "/"},
		{"work", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/\t/evil.example/x", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\u0085/evil.example", "/"}, // a C1 control
		{"/x\\y", "/"},
		{"\\\\evil.example", "/"},
		{" /evil", "/"},
		{"https://evil.example/", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"/%2F/evil.example", "/"}, // decodes to //evil.example: refused to be safe
		{"/\xff", "/"},
	} {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}
