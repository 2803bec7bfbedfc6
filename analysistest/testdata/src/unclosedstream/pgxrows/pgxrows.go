package pgxrows // want package:"provides resources"

// pgx's Rows: from an interface method (Tx.Query), a concrete one
// (Conn.Query) and another package (pgxpool.Pool.Query).

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func fromTx(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, "select 1") // want `the Rows created here is not closed`
	if err != nil {
		return err
	}
	_ = rows
	return nil
}

func fromConn(ctx context.Context, c *pgx.Conn) error {
	rows, err := c.Query(ctx, "select 1") // want `the Rows created here is not closed`
	if err != nil {
		return err
	}
	_ = rows
	return nil
}

func fromPool(ctx context.Context, p *pgxpool.Pool) error {
	rows, err := p.Query(ctx, "select 1") // want `the Rows created here is not closed`
	if err != nil {
		return err
	}
	_ = rows
	return nil
}

func closed(ctx context.Context, tx pgx.Tx, c *pgx.Conn, p *pgxpool.Pool) error {
	r1, err := tx.Query(ctx, "select 1") // ok
	if err != nil {
		return err
	}
	defer r1.Close()
	r2, err := c.Query(ctx, "select 1") // ok
	if err != nil {
		return err
	}
	defer func() { r2.Close() }()
	r3, err := p.Query(ctx, "select 1") // ok
	if err != nil {
		return err
	}
	r3.Close()
	return nil
}

// The scan loop's early return.
func ids(ctx context.Context, p *pgxpool.Pool) ([]int, error) {
	rows, err := p.Query(ctx, "select id from t") // want `the Rows created here is not closed on the path through the return at line 69: its connection stays busy`
	if err != nil {
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CollectRows closes what it is given.
func collected(ctx context.Context, tx pgx.Tx) ([]int, error) {
	rows, err := tx.Query(ctx, "select id from t") // ok
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.Row) (int, error) {
		var id int
		err := r.Scan(&id)
		return id, err
	})
}

// QueryRow has nothing to close.
func row(ctx context.Context, tx pgx.Tx) (int, error) {
	var id int
	err := tx.QueryRow(ctx, "select 1").Scan(&id) // ok
	return id, err
}

// Returned to the caller.
func query(ctx context.Context, p *pgxpool.Pool) (pgx.Rows, error) { // want query:"returns resource in result 0"
	return p.Query(ctx, "select 1")
}
