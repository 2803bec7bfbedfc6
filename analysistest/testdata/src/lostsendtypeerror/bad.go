// Package lostsendtypeerror does not type-check: lostsend must decline it.
package lostsendtypeerror

func _(err error) int {
	ch := make(chan int)
	go func() { ch <- undefined() }()
	if err != nil {
		return 0
	}
	return <-ch + "x"
}
