package sqlclose // want package:"provides resources"

// The shapes of sqlclosecheck's database/sql test cases
// (github.com/ryanrolds/sqlclosecheck, pkg/analyzer/testdata/rows and
// stmt), written anew. Where leaklint's rules disagree with
// sqlclosecheck's expectation, the case says why.

import (
	"context"
	"database/sql"
	"log"
)

var (
	ctx context.Context
	db  *sql.DB
)

func titles(year int) []string {
	rows, err := db.QueryContext(ctx, "select title from books where year = ?", year) // ok
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			log.Fatal(err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	return out
}

func titlesClosedInBlock(year int) []string {
	rows, err := db.QueryContext(ctx, "select title from books where year = ?", year) // ok
	if err != nil {
		log.Fatal(err)
	}
	defer func() {
		if err := rows.Close(); err != nil {
			log.Print(err)
		}
	}()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			log.Fatal(err)
		}
		out = append(out, t)
	}
	return out
}

// sqlclosecheck wants this reported; by leaklint's rules it is not a
// leak: the loop only ends when Next returns false, which closes the
// rows, and a failed scan ends the process.
func titlesNoClose(year int) []string {
	rows, err := db.QueryContext(ctx, "select title from books where year = ?", year) // ok
	if err != nil {
		log.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			log.Fatal(err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	return out
}

// sqlclosecheck asks for a defer here; the rows are closed on every path,
// which is what leaklint checks.
func titlesClosedAtEnd(year int) []string {
	rows, err := db.QueryContext(ctx, "select title from books where year = ?", year) // ok
	if err != nil {
		log.Fatal(err)
	}
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			log.Fatal(err)
		}
		out = append(out, t)
	}
	rows.Close()
	return out
}

func closesRows(r *sql.Rows) { r.Close() } // want closesRows:"releases param 0"

func ignoresRows(*sql.Rows) {} // want ignoresRows:"ignores param 0"

func passedToCloser() {
	rows, err := db.QueryContext(ctx, "select 1") // ok
	if err != nil {
		log.Fatal(err)
	}
	closesRows(rows)
}

func passedToNoop() {
	rows, err := db.QueryContext(ctx, "select 1") // want `the Rows created here is not closed`
	if err != nil {
		log.Fatal(err)
	}
	ignoresRows(rows)
}

func returned() (*sql.Rows, error) { // want returned:"returns resource in result 0"
	rows, err := db.QueryContext(ctx, "select 1")
	if err != nil {
		log.Fatal(err)
	}
	return rows, nil
}

func returnedDirectly() (*sql.Rows, error) { // want returnedDirectly:"returns resource in result 0"
	return db.QueryContext(ctx, "select 1")
}

func lookup(id int) string {
	stmt, err := db.PrepareContext(ctx, "select name from users where id = ?") // ok
	if err != nil {
		log.Fatal(err)
	}
	defer stmt.Close()
	var name string
	switch err := stmt.QueryRowContext(ctx, id).Scan(&name); {
	case err == sql.ErrNoRows:
		log.Fatalf("no user %d", id)
	case err != nil:
		log.Fatal(err)
	}
	return name
}

func lookupNoClose(id int) string {
	stmt, err := db.PrepareContext(ctx, "select name from users where id = ?") // want `the Stmt created here is not closed`
	if err != nil {
		log.Fatal(err)
	}
	var name string
	switch err := stmt.QueryRowContext(ctx, id).Scan(&name); {
	case err == sql.ErrNoRows:
		log.Fatalf("no user %d", id)
	case err != nil:
		log.Fatal(err)
	}
	return name
}

// Closed, without a defer: not a leak.
func lookupClosedAtEnd(id int) string {
	stmt, err := db.PrepareContext(ctx, "select name from users where id = ?") // ok
	if err != nil {
		log.Fatal(err)
	}
	var name string
	if err := stmt.QueryRowContext(ctx, id).Scan(&name); err != nil {
		log.Fatal(err)
	}
	stmt.Close()
	return name
}

func prepared() (*sql.Stmt, error) { // want prepared:"returns resource in result 0"
	stmt, err := db.PrepareContext(ctx, "select 1")
	if err != nil {
		return nil, err
	}
	return stmt, nil
}

func preparedDirectly() (*sql.Stmt, error) { // want preparedDirectly:"returns resource in result 0"
	return db.PrepareContext(ctx, "select 1")
}
