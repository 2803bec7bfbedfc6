// Package pgxpool is a small stand-in for github.com/jackc/pgx/v5/pgxpool:
// the pool wraps the rows of a connection it lends out.
package pgxpool

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Pool is a connection pool.
type Pool struct{ conns []*pgx.Conn }

type poolRows struct {
	r pgx.Rows
	p *Pool
}

func (r *poolRows) Close()                 { r.r.Close() }
func (r *poolRows) Err() error             { return r.r.Err() }
func (r *poolRows) Next() bool             { return r.r.Next() }
func (r *poolRows) Scan(dest ...any) error { return r.r.Scan(dest...) }

var all []*poolRows

// Query runs a query on a pooled connection.
func (p *Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := p.conns[0].Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	pr := &poolRows{r: rows, p: p}
	all = append(all, pr) // the pool keeps an eye on what it lends
	return pr, nil
}
