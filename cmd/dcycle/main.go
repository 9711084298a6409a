// Command dcycle writes and checks the update hooks of a Drupal site
// deployment module.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit bounds the heap once collection is left to the limit alone.
const memoryLimit = 64 << 20

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], systemStreams(), systemEnv()))
}

// tuneGC trades memory for speed in a short-lived process: parsing PHP
// allocates heavily and keeps little, so collecting at the default pace costs
// a third of a run (measured by bench/lint.sh). The collector runs only when
// the heap nears memoryLimit. GOGC or GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(memoryLimit)
}
