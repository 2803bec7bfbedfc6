package osfile // want package:"provides resources"

// os.File, named in -unclosedstream.types.

import (
	"bytes"
	"io"
	"os"
)

// os.IsNotExist(err) holds only when the open failed.
func token(path string) (string, error) {
	f, err := os.Open(path) // ok
	if os.IsNotExist(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	var buf bytes.Buffer
	_, err = io.Copy(&buf, f)
	return buf.String(), err
}

// A failed Stat returns with the file open.
func size(name string) (io.ReadCloser, int64, error) { // want size:"returns resource in result 0"
	f, err := os.Open(name) // want `the File created here is not closed on the path through the return at line 34`
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	return f, st.Size(), nil
}
