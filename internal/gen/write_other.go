//go:build !unix

package gen

import "os"

// fileGroup reports no group where files have none dcycle could keep.
func fileGroup(os.FileInfo) (gid int, ok bool) { return 0, false }

// linkCount is 1 where os.FileInfo does not tell.
func linkCount(os.FileInfo) int { return 1 }
