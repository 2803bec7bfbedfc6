package hiddenstd

// Standard-library must-close types, configured with
// -unclosedstream.types=os.File,database/sql.Rows,database/sql.Tx:Rollback.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
)

func _(name string) ([]byte, error) {
	f, err := os.Open(name) // ok
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func _(name string) ([]byte, error) {
	f, err := os.Open(name) // want `the File created here is not closed on the path through the return at line 31`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// errors.Is on the error of os.Open.
func _(name string) error {
	f, err := os.Open(name) // ok
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

func _(ctx context.Context, db *sql.DB) (n int, err error) {
	rows, err := db.QueryContext(ctx, "select 1") // ok
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// sqlclosecheck's classic: rows read once and never closed. (Iterating
// until Next returns false closes them: that is a release.)
func _(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, "select 1") // want `the Rows created here is not closed`
	if err != nil {
		return 0, err
	}
	return 0, rows.Err()
}

func _(db *sql.DB) error {
	rows, err := db.Query("select 1") // ok: closed when the scan fails, and by Next returning false
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(); err != nil {
			rows.Close()
			return err
		}
	}
	return nil
}

// A transaction rolled back on every path but the commit.
func _(db *sql.DB) error {
	tx, err := db.Begin() // ok
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("insert"); err != nil {
		return err
	}
	return tx.Commit()
}

func _(db *sql.DB) error {
	tx, err := db.Begin() // want `the Tx created here is not released by Rollback on the path through the return at line 101`
	if err != nil {
		return err
	}
	if _, err := tx.Exec("insert"); err != nil {
		return err
	}
	defer tx.Rollback()
	return tx.Commit()
}

// Handed to the caller as an io.ReadCloser.
func _(name string) (io.ReadCloser, error) {
	f, err := os.Open(name) // ok
	if err != nil {
		return nil, err
	}
	return f, nil
}

// A file kept in a struct that a Close method closes.
type logger struct{ f *os.File }

func (l *logger) _(name string) error {
	f, err := os.Create(name) // ok
	if err != nil {
		return err
	}
	l.f = f
	return nil
}

func (l *logger) Close() error { return l.f.Close() }

// http.NewRequest keeps an io.Reader body in the request it returns, and
// the Client closes a body that is an io.Closer: handed over.
func _(name string, c *http.Client) error {
	f, err := os.Open(name) // ok
	if err != nil {
		return err
	}
	req, err := http.NewRequest("PUT", "http://example.com/", f)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Written to with fmt.Fprintf and never closed.
func _(name string) error {
	f, err := os.Create(name) // want `the File created here is not closed`
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "hello")
	return err
}
