package analysisutil

import (
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestListFlagAppendsAndValidates(t *testing.T) {
	var list []string
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	fs.Var(ListFlag{List: &list, Check: func(s string) error {
		if strings.Contains(s, " ") {
			return errors.New("no spaces inside an entry")
		}
		return nil
	}}, "items", "")

	if err := fs.Parse([]string{"-items= a, ,b", "-items=c"}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(list, "|"); got != "a|b|c" {
		t.Fatalf("list = %q, want a|b|c", got)
	}
	if err := fs.Set("items", "d e"); err == nil || !strings.Contains(err.Error(), "no spaces") {
		t.Fatalf("Set(malformed) = %v, want the Check error", err)
	}
	if got := (ListFlag{}).String(); got != "" {
		t.Fatalf("zero ListFlag String() = %q, want empty (flag.PrintDefaults calls it)", got)
	}
}
