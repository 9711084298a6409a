// Command parseonly parses every .install file below the folders it is
// given, on all cores, and does nothing else: it is the floor that
// bench/lint.sh compares "dcycle lint" with.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dcycle/dcycle/internal/phpast"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(dirs []string) int {
	var paths []string
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(p, ".install") {
				paths = append(paths, p)
			}
			return err
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "parseonly:", err)
			return 2
		}
	}
	next := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				src, err := os.ReadFile(p)
				if err == nil {
					name := strings.TrimSuffix(filepath.Base(p), ".install")
					_, err = phpast.ParseFile(p, src, phpast.Options{Module: name})
				}
				if err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range paths {
		next <- p
	}
	close(next)
	wg.Wait()
	fmt.Printf("parsed %d files, %d failed\n", len(paths), failed)
	if failed > 0 {
		return 1
	}
	return 0
}
