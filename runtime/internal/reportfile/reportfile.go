// Package reportfile writes a failing check's JSON report into the report
// directory under a name made from the test's, without overwriting an
// earlier report: repeated failures of one test (-count=N, several checks
// in one test) each keep theirs.
package reportfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DirEnv is the environment variable that names the report directory
// (the public ReportDirEnv), for error messages.
const DirEnv = "LEAKLINT_REPORT_DIR"

// Write writes data to dir as <Name(test)>-<n>.json, with the first n not
// taken, creating dir if needed, and returns the file's path.
func Write(dir, test string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the report directory %s=%q: %v", DirEnv, dir, err)
	}
	base := Name(test)
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
	return "", fmt.Errorf("writing the JSON report: too many reports for %q in %s", test, dir)
}

// Name turns a test name ("TestX/sub case") into a file name.
func Name(test string) string {
	if test == "" {
		return "leaklint"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, test)
}
