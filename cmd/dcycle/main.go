// Command dcycle writes and checks the update hooks of a Drupal site
// deployment module.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams(), systemEnv()))
}
