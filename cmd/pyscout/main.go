// Command pyscout turns a candidate's public GitHub portfolio into a
// pre-interview report for hiring Python developers.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go onInterrupt(sigs, func() {
		cancel()
		fmt.Fprintln(os.Stderr, "pyscout: stopping; press Ctrl-C again to quit at once")
	}, func() {
		fmt.Fprintln(os.Stderr, "pyscout: interrupted again; quitting now")
		os.Exit(exitInterrupted)
	})
	code := run(ctx, os.Args[1:], systemStreams(), os.Getenv)
	signal.Stop(sigs)
	cancel()
	os.Exit(code)
}

// onInterrupt calls first at the first signal, so that the run stops
// cleanly (no half-written report), and again at the second, for a user
// who will not wait for a step that is slow to notice.
func onInterrupt(sigs <-chan os.Signal, first, again func()) {
	if _, ok := <-sigs; !ok {
		return
	}
	first()
	if _, ok := <-sigs; !ok {
		return
	}
	again()
}
