//go:build unix

package gen

import (
	"os"
	"syscall"
)

// fileGroup is the group that owns the file info describes.
func fileGroup(info os.FileInfo) (gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Gid), true
}

// linkCount is the number of hard links of the file info describes.
func linkCount(info os.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 1
}
