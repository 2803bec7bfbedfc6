package leak

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/leaklint/leaklint/runtime/internal/reportfile"
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
// several checks) all keep their report (package reportfile).
func (r *LeakReport) writeJSON(dir string) (string, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", fmt.Errorf("encoding the JSON report: %v", err)
	}
	return reportfile.Write(dir, r.Test, data)
}
