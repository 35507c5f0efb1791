package extract

import (
	"fmt"
	"os"
	"testing"
)

func TestDebugParas(t *testing.T) {
	in := os.Getenv("EXTRACT_IN")
	if in == "" || os.Getenv("DEBUG_PARAS") == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(in)
	for i, p := range splitParas(string(b)) {
		s := []rune(p.text)
		if len(s) > 60 {
			s = append(s[:30], append([]rune(" … "), s[len(s)-30:]...)...)
		}
		fmt.Printf("%d %v %s\n", i, p.table, string(s))
	}
}
