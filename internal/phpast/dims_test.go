package phpast

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDims(t *testing.T) {
	t.Parallel()
	src := `<?php
function m_update_8001(&$sandbox) {
  if (!isset($sandbox['total'])) {
    $sandbox['total'] = 10;
    $sandbox["done"] = 0;
  }
  $sandbox['done'] += 5;
  $sandbox['log'][] = 'x';
  $sandbox[0]++;
  unset($sandbox['tmp']);
  $ref = &$sandbox['byref'];
  $sandbox[$key] = 1;
  $sandbox["a$b"] = 1;
  $obj->list['p'] = 1;
  function m_inner($sandbox) {
    return $sandbox['inner'];
  }
  $sandbox['finished'] = $sandbox['done'] / $sandbox['total'];
}
`
	f := parseString(t, "m", src)
	type got struct {
		Var, Key string
		Kind     ValueKind
		Write    bool
		Text     string
		KeyText  string
	}
	var gots []got
	for _, d := range f.Functions[0].Dims {
		gots = append(gots, got{d.Var, d.Key.Text, d.Key.Kind, d.Write, src[d.Span.Start:d.Span.End], src[d.KeySpan.Start:d.KeySpan.End]})
	}
	want := []got{
		{"sandbox", "total", ValueString, false, "$sandbox['total']", "'total'"},
		{"sandbox", "total", ValueString, true, "$sandbox['total']", "'total'"},
		{"sandbox", "done", ValueString, true, `$sandbox["done"]`, `"done"`},
		{"sandbox", "done", ValueString, true, "$sandbox['done']", "'done'"},
		{"sandbox", "log", ValueString, true, "$sandbox['log']", "'log'"},
		{"sandbox", "0", ValueInt, true, "$sandbox[0]", "0"},
		{"sandbox", "tmp", ValueString, true, "$sandbox['tmp']", "'tmp'"},
		{"sandbox", "byref", ValueString, true, "$sandbox['byref']", "'byref'"},
		{"sandbox", "finished", ValueString, true, "$sandbox['finished']", "'finished'"},
		{"sandbox", "done", ValueString, false, "$sandbox['done']", "'done'"},
		{"sandbox", "total", ValueString, false, "$sandbox['total']", "'total'"},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("dims (-want +got):\n%s", diff)
	}
	if n := len(f.Functions[0].DimsOf("sandbox", "done")); n != 3 {
		t.Errorf("DimsOf(sandbox, done) = %d dims, want 3", n)
	}
	if n := len(f.Functions[0].DimsOf("sandbox", "0")); n != 0 {
		t.Errorf("DimsOf(sandbox, \"0\") = %d dims, want 0: an integer key is no string key", n)
	}
	if inner := f.Functions[1]; len(inner.Dims) != 1 || inner.Dims[0].Key.Text != "inner" {
		t.Errorf("the nested function's dims = %+v, want its own 'inner' only", inner.Dims)
	}
}
