package analysisutil

import "strings"

// ListFlag is a comma-separated flag.Value that appends to *List, so that a
// flag given twice adds up. Check, when set, rejects a malformed entry: a
// typo in a pass's configuration should fail the run, not silently check
// nothing.
type ListFlag struct {
	List  *[]string
	Check func(item string) error
}

func (f ListFlag) String() string {
	if f.List == nil {
		return ""
	}
	return strings.Join(*f.List, ",")
}

func (f ListFlag) Set(s string) error {
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if f.Check != nil {
			if err := f.Check(item); err != nil {
				return err
			}
		}
		*f.List = append(*f.List, item)
	}
	return nil
}
