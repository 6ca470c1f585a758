// Command pyscout turns a candidate's public GitHub portfolio into a
// pre-interview report for hiring Python developers.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], systemStreams(), os.Getenv)
	stop()
	os.Exit(code)
}
