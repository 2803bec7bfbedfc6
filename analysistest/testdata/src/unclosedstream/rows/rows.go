package rows // want package:"provides resources"

// *sql.Rows are released by Close, or by Next returning false; inside
// the scan loop they are open.

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"testing"
)

// A return inside the scan loop leaks the rows: Next returned true.
func names(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "select name from users") // want `the Rows created here is not closed on the path through the return at line 24: its connection stays busy`
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Closed on the early return, exhausted otherwise.
func namesClosedOnError(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "select name from users") // ok
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func namesDeferred(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, "select name from users") // ok
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// A break out of the loop leaves the rows open.
func first(db *sql.DB) (string, error) {
	rows, err := db.Query("select name from users") // want `the Rows created here is not closed on the path through the return at line 78`
	if err != nil {
		return "", err
	}
	var n string
	for rows.Next() {
		if err := rows.Scan(&n); err == nil {
			break
		}
	}
	return n, nil
}

// Read until exhausted; a scan error is fatal: nothing leaks.
func fatal(db *sql.DB) []string {
	rows, err := db.Query("select name from users") // ok
	if err != nil {
		log.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			log.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// A panic out of the loop body leaves the rows open (a recover upstream
// keeps the process, and the connection, alive): not a return, so it is
// not reported, as for any value.
func panics(db *sql.DB) []string {
	rows, err := db.Query("select name from users") // ok
	if err != nil {
		panic(err)
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			panic(err)
		}
		out = append(out, n)
	}
	return out
}

// if !rows.Next(): nothing to read, and nothing left open; after one
// row, though, the rows are.
func one(db *sql.DB) (string, error) {
	rows, err := db.Query("select name from users limit 1") // want `the Rows created here is not closed on the path through the return at line 129`
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		return "", errors.New("no rows")
	}
	var n string
	err = rows.Scan(&n)
	return n, err
}

// scanAll reads its rows to the end: iterating them counts as a release.
func scanAll(rows *sql.Rows) (n int, err error) { // want scanAll:"releases param 0"
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func count(db *sql.DB) (int, error) {
	rows, err := db.Query("select 1") // ok
	if err != nil {
		return 0, err
	}
	return scanAll(rows)
}

// The result of Next kept in a variable: a release, as before.
func stored(db *sql.DB) bool {
	rows, err := db.Query("select 1") // ok
	if err != nil {
		return false
	}
	more := rows.Next()
	log.Println(more)
	return more
}

// A prepared statement must be closed.
func prepared(ctx context.Context, db *sql.DB, id int) (string, error) {
	stmt, err := db.PrepareContext(ctx, "select name from users where id = ?") // want `the Stmt created here is not closed`
	if err != nil {
		return "", err
	}
	var n string
	err = stmt.QueryRowContext(ctx, id).Scan(&n)
	return n, err
}

func preparedClosed(ctx context.Context, db *sql.DB, id int) (string, error) {
	stmt, err := db.PrepareContext(ctx, "select name from users where id = ?") // ok
	if err != nil {
		return "", err
	}
	defer stmt.Close()
	var n string
	err = stmt.QueryRowContext(ctx, id).Scan(&n)
	return n, err
}

// (*sql.Tx).Stmt makes a transaction-specific statement.
func txStmt(tx *sql.Tx, s *sql.Stmt) error { // want txStmt:"keeps param 1"
	ts := tx.Stmt(s) // want `the Stmt created here is not closed`
	_, err := ts.Exec()
	return err
}

// Returned: the caller's.
func query(db *sql.DB) (*sql.Rows, error) { // want query:"returns resource in result 0"
	return db.Query("select 1")
}

// Query used where Exec was meant: the rows are dropped while open.
func queryForExec(db *sql.DB) error {
	_, err := db.Query("delete from t") // want `the Rows created here is discarded, so it is never closed`
	if err != nil {
		return err
	}
	return nil
}

// A query that is expected to fail: only its error is wanted, and
// nothing shows a path where it succeeds.
func expectFailure(db *sql.DB, check func(error)) {
	_, err := db.Query("select 'unterminated") // ok
	check(err)
}

// Opened for their column types and never closed.
func columns(db *sql.DB) ([]string, error) {
	rows, err := db.Query("select * from t") // want `the Rows created here is not closed`
	if err != nil {
		return nil, err
	}
	return rows.Columns()
}

// Rows of a query made with a context are closed when it is cancelled.
func cancelled(db *sql.DB) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := db.QueryContext(ctx, "select 1") // ok
	if err != nil {
		return err
	}
	return nil
}

// Expected to fail: only a failure comes back.
func mustFail(t *testing.T, db *sql.DB) {
	_, err := db.Query("select 'unterminated") // ok
	if err == nil {
		t.Fatal("want an error")
	}
}

func mustBeCanceled(t *testing.T, c *sql.Conn, ctx context.Context) {
	_, err := c.QueryContext(ctx, "select 1") // ok
	if err != context.Canceled {
		t.Fatalf("got %v", err)
	}
}

// A query whose success only ends the process leaves nothing open.
func fatalOnSuccess(db *sql.DB) {
	rows, err := db.Query("select 1") // ok
	if err == nil {
		log.Fatal(rows.Err())
	}
}
