package leak

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// reportDir returns where the JSON report goes, or "".
func (c *detectorConfig) reportDirectory() string {
	if c.reportDirSet {
		return c.reportDir
	}
	return os.Getenv(ReportDirEnv)
}

// writeJSON writes r to dir as <sanitized test name>-<n>.json, picking the
// first n not taken so that repeated failures of one test (-count=N,
// several checks) all keep their report.
func (r *LeakReport) writeJSON(dir string) (string, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encoding the JSON report: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the report directory %s=%q: %v", ReportDirEnv, dir, err)
	}
	base := detectorSanitize(r.Test)
	for n := 1; n < 1<<20; n++ {
		path := filepath.Join(dir, base+"-"+strconv.Itoa(n)+".json")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("writing the JSON report: %v", err)
		}
		_, werr := f.Write(append(data, '\n'))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return "", fmt.Errorf("writing the JSON report %s: %v", path, werr)
		}
		return path, nil
	}
	return "", fmt.Errorf("writing the JSON report: too many reports for %q in %s", r.Test, dir)
}

// detectorSanitize turns a test name ("TestX/sub case") into a file name.
func detectorSanitize(name string) string {
	if name == "" {
		return "leaklint"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, name)
}
