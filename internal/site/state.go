package site

import (
	"bytes"
	"encoding/json"
	"errors"
)

// State is what a deployment decides about a site, as verify compares it.
type State struct {
	Core int
	// Variables are Drupal 7's variables, each as the JSON of its
	// unserialized value.
	Variables map[string]json.RawMessage
	// Extensions are Drupal 7's installed or enabled modules and themes,
	// keyed "module NAME" / "theme NAME".
	Extensions map[string]Extension
	// Tables are row counts: every table on Drupal 7 (caches, sessions,
	// watchdog, queue, semaphore, flood and batch left out), every entity
	// table on Drupal 8+.
	Tables map[string]int
	// Config is Drupal 8+'s active configuration by object name, each
	// without its uuid and _core keys.
	Config map[string]json.RawMessage
	// Schema is Drupal 8+'s installed schema version of each module.
	Schema map[string]int
	// PostUpdates and DeployHooks are the functions recorded as run.
	PostUpdates []string
	DeployHooks []string
}

// Extension is a Drupal 7 module or theme as the system table records it.
type Extension struct {
	Status int `json:"status"`
	Schema int `json:"schema"`
}

// parseState reads the state an embedded script dumped.
func parseState(core int, data json.RawMessage) (*State, error) {
	if len(bytes.TrimSpace(data)) == 0 || bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, errors.New("the dump is empty")
	}
	var raw struct {
		Variables   map[string]json.RawMessage `json:"variables"`
		Extensions  map[string]Extension       `json:"extensions"`
		Tables      map[string]int             `json:"tables"`
		Config      map[string]json.RawMessage `json:"config"`
		Schema      map[string]int             `json:"schema"`
		PostUpdates []string                   `json:"post_updates"`
		DeployHooks []string                   `json:"deploy_hooks"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	return &State{
		Core:        core,
		Variables:   raw.Variables,
		Extensions:  raw.Extensions,
		Tables:      raw.Tables,
		Config:      raw.Config,
		Schema:      raw.Schema,
		PostUpdates: raw.PostUpdates,
		DeployHooks: raw.DeployHooks,
	}, nil
}
