package gen

import (
	"testing"

	"github.com/dcycle/dcycle/internal/phpast"
	"github.com/dcycle/dcycle/templates"
)

// module parses src as the .install of a module called name.
func module(t testing.TB, name string, core int, src string) *phpast.Module {
	t.Helper()
	f, err := phpast.ParseFile(name+".install", []byte(src), phpast.Options{Module: name})
	if err != nil {
		t.Fatal(err)
	}
	return &phpast.Module{Name: name, Dir: ".", Core: core, Install: f}
}

// builtin are the embedded templates.
var builtin = templates.PHP()

func mustRequest(t testing.TB, text string, recipes ...Recipe) Request {
	t.Helper()
	req, err := ParseRequest(text, phpast.DefaultIssuePattern, false)
	if err != nil {
		t.Fatal(err)
	}
	req.Recipes = recipes
	return req
}
