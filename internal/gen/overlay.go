package gen

import (
	"errors"
	"io/fs"
)

// Overlay returns a file system that reads each file from upper when it has
// it and from lower otherwise: --templates DIR overrides the embedded
// templates one file at a time, and a folder holding only the update
// template still gets the embedded install template.
func Overlay(upper, lower fs.FS) fs.FS { return overlay{upper, lower} }

type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.lower.Open(name)
}
