// Copyright 2025 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// A stand-in for the corpus's main.go: commonpatterns.go is copied
// unchanged from $GOROOT/src/runtime/testdata/testgoroutineleakprofile,
// except for the expectations added to it, as a regression test of lostsend on the
// LeakProf patterns (earlyReturn, nCastLeak, timeout, doubleSend,
// noCloseRange's workers, workerLifecycle).
package main

const yieldCount = 10

func register(name string, f func()) {}

func main() {}
