// Package pgx is a small stand-in for github.com/jackc/pgx/v5: the shape
// of its query API, enough for the unclosedstream tests.
package pgx

import "context"

// Rows must be closed, or read until Next returns false.
type Rows interface {
	Close()
	Err() error
	Next() bool
	Scan(dest ...any) error
}

// Row is a single row: nothing to close.
type Row interface {
	Scan(dest ...any) error
}

// Tx is a transaction.
type Tx interface {
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}

// Conn is a connection.
type Conn struct{ busy bool }

type baseRows struct {
	conn   *Conn
	closed bool
	n      int
}

func (r *baseRows) Close() {
	if !r.closed {
		r.closed = true
		r.conn.busy = false
	}
}

func (r *baseRows) Err() error { return nil }

func (r *baseRows) Next() bool {
	if r.n == 0 {
		r.Close()
		return false
	}
	r.n--
	return true
}

func (r *baseRows) Scan(dest ...any) error { return nil }

// Query runs a query.
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) {
	c.busy = true
	return &baseRows{conn: c, n: 3}, nil
}

// Begin starts a transaction.
func (c *Conn) Begin(ctx context.Context) (Tx, error) { return nil, nil }

// RowToFunc maps a row to a value.
type RowToFunc[T any] func(row Row) (T, error)

// CollectRows reads every row and closes rows.
func CollectRows[T any](rows Rows, fn RowToFunc[T]) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := fn(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
