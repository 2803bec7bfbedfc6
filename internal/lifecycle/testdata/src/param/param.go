package param // want "needs SSA"

import "context"

func Use(ctx context.Context) {}

// After calls stop when done: importers need the fact.
func After(done <-chan struct{}, stop func()) { // want After:"releases param 1"
	<-done
	stop()
}
