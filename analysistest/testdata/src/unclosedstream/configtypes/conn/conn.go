package conn // want package:"provides resources"

// Conn has no directive: it is must-close only through the Types config.
type Conn struct{}

func (*Conn) Shutdown() {} // want Shutdown:"ignores param 0"

func Open() *Conn { return &Conn{} } // want Open:"returns resource in result 0"
