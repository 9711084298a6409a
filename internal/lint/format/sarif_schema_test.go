package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dcycle/dcycle/internal/lint"
)

// TestSARIFValidatesAgainstSchema checks dcycle's SARIF, for a module with
// several findings and for a clean one, against the SARIF 2.1.0 JSON schema
// shipped in testdata: GitHub code scanning rejects a log that does not
// validate.
func TestSARIFValidatesAgainstSchema(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}

	golden, err := os.ReadFile(filepath.Join("testdata", "d7_lint_broken.sarif.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var clean bytes.Buffer
	if err := (SARIF{}).Format(&clean, &Report{Rules: lint.Registry(), Version: "test"}, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"findings": golden, "clean": clean.Bytes()} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: SARIF does not validate: %v", name, err)
		}
	}

	// The schema must be able to fail: a result without a message is invalid.
	var log map[string]any
	if err := json.Unmarshal(golden, &log); err != nil {
		t.Fatal(err)
	}
	result := log["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	delete(result, "message")
	broken, _ := json.Marshal(log)
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(broken))
	if schema.Validate(inst) == nil {
		t.Error("a result without a message validated: the schema check proves nothing")
	}
}
