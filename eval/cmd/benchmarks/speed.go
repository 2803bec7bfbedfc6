package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// speedSection measures leaklint against the nilness floor of issue 12 on
// the corpus modules under c.corpus (one scratch module per corpus, as
// eval/speed/speed.sh expects): wall time and peak RSS, alternating, c.reps
// rounds, medians.
func speedSection(ctx context.Context, c config) (string, error) {
	if c.corpus == "" {
		return "", fmt.Errorf("no corpus directory (-corpus)")
	}
	tsv := filepath.Join(c.work, "speed.tsv")
	os.Remove(tsv)
	script := filepath.Join(c.evalDir, "speed", "speed.sh")
	if _, _, err := run(ctx, c.evalDir, nil, true, script, c.corpus, fmt.Sprint(c.reps), tsv); err != nil {
		return "", err
	}
	table, _, err := run(ctx, c.evalDir, nil, true, "python3", filepath.Join(c.evalDir, "speed", "summarize.py"), tsv)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The floor is `eval/cmd/nilnessfloor`, a multichecker running only x/tools' nilness, built against the same x/tools: it loads the packages and builds their SSA form as leaklint does. `eval/speed/speed.sh %s %d OUT.tsv` runs it and leaklint on each corpus with `-json` (tests included), alternating, GOMAXPROCS=2, holding the corpus lock for one corpus's rounds; `/usr/bin/time` gives wall time and peak RSS; `eval/speed/summarize.py OUT.tsv` gives the medians.\n\n", c.corpus, c.reps)
	b.Write(table)
	return b.String(), nil
}
