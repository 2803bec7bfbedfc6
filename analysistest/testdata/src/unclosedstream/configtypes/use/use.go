package use

import "unclosedstream/configtypes/conn"

func _() {
	c := conn.Open() // want `the Conn created here is not released by Shutdown on the path through the return at line 8: it leaks`
	_ = c
}

func _() {
	c := conn.Open() // ok
	defer c.Shutdown()
}
