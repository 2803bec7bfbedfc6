package lostsendctx

import (
	"context"

	"lostsendctxprod"
)

func forgetSession(ctx context.Context) {
	lostsendctxprod.Open(ctx) // want `goroutine may block forever: Open returns a Session whose goroutine only Session\.Close releases, and this function can return without calling it`
}

func useSession(ctx context.Context, bad bool) error {
	s := lostsendctxprod.Open(ctx) // want `goroutine may block forever: Open returns a Session whose goroutine only Session\.Close releases`
	if bad {
		return nil
	}
	s.Close()
	return nil
}

func closeSession(ctx context.Context) {
	s := lostsendctxprod.Open(ctx) // ok: closed on the way out
	defer s.Close()
}

func keepSession(ctx context.Context) *lostsendctxprod.Session {
	return lostsendctxprod.Open(ctx) // ok: the caller owns it
}

func forgetCursor(ctx context.Context) {
	var c lostsendctxprod.Cursor
	c.Begin(ctx) // want `goroutine may block forever: Cursor\.Begin starts a goroutine that only Cursor\.End releases`
}

func endCursor(ctx context.Context) {
	var c lostsendctxprod.Cursor
	c.Begin(ctx) // ok: ended
	c.End()
}

func timed(ctx context.Context, work <-chan int) {
	var t lostsendctxprod.Timed
	t.Run(ctx, work) // ok: its goroutine also leaves when work arrives
}

// The same shapes inside one package.

type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

type db struct{}

func (d *db) begin(ctx context.Context) *tx { // want begin:`returns a value whose goroutine is released by rollback`
	ctx, cancel := context.WithCancel(ctx)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.await()
	return t
}

func (t *tx) await() { <-t.ctx.Done() }

func (t *tx) rollback() { t.cancel() }

func run(d *db) {
	d.begin(context.Background()) // want `goroutine may block forever: db\.begin returns a tx whose goroutine only tx\.rollback releases`
}

func runFixed(d *db) {
	t := d.begin(context.Background()) // ok: rolled back
	t.rollback()
}
