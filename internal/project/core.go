package project

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// corePackages are the composer packages whose version is the core's, most
// telling first. drupal/drupal is how composer-managed Drupal 7 sites (and
// old Drupal 8 ones) require core.
var corePackages = []string{"drupal/core", "drupal/core-recommended", "drupal/core-dev", "drupal/drupal"}

// DetectCore returns the Drupal core major of m from what the project says
// outside PHP: --core, else .dcycle.yml's core, else 7 when the module has a
// .info file or the project's web root is a Drupal 7 one, else the major of
// the core package in the project's composer.lock, then in its
// composer.json constraints, else the highest major of the .info.yml's
// core_version_requirement (or its Drupal 8-era core: 8.x), else 0. A source
// that is missing or unreadable passes the question on to the next: lint
// reports broken files, not this. Discover and Resolve call it; Module.Load
// settles a 0 with the update numbers, the last source.
func DetectCore(m *Module, opts Options, cfg *Config) int {
	if opts.Core > 0 {
		return opts.Core
	}
	if cfg != nil && cfg.Core > 0 {
		return cfg.Core
	}
	if m == nil {
		return 0
	}
	if strings.HasSuffix(m.InfoPath, ".info") {
		return 7
	}
	if m.Root != "" {
		// includes/bootstrap.inc exists in the web root only up to
		// Drupal 7; later cores keep it under core/.
		if isDrupal7WebRoot(webRoot(m.Root, m.Layout)) {
			return 7
		}
		if n := composerLockMajor(filepath.Join(m.Root, "composer.lock")); n > 0 {
			return n
		}
		if n := composerJSONMajor(filepath.Join(m.Root, "composer.json")); n > 0 {
			return n
		}
	}
	if strings.HasSuffix(m.InfoPath, ".info.yml") {
		if n := infoYMLMajor(m.InfoPath); n > 0 {
			return n
		}
	}
	return 0
}

// coreOfUpdate is the core major an update number belongs to: 7001 → 7,
// 8001 → 8, 10001 → 10, by the schema numbering scheme; 0 below 7000.
func coreOfUpdate(n int) int {
	if n/1000 >= 7 {
		return n / 1000
	}
	return 0
}

func composerLockMajor(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	type pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	var lock struct {
		Packages    []pkg `json:"packages"`
		PackagesDev []pkg `json:"packages-dev"`
	}
	if json.Unmarshal(data, &lock) != nil {
		return 0
	}
	for _, name := range corePackages {
		for _, p := range append(lock.Packages, lock.PackagesDev...) {
			if p.Name == name {
				if n := versionMajor(p.Version); n >= 7 {
					return n
				}
			}
		}
	}
	return 0
}

func composerJSONMajor(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var composer struct {
		Require    map[string]string `json:"require"`
		RequireDev map[string]string `json:"require-dev"`
	}
	if json.Unmarshal(data, &composer) != nil {
		return 0
	}
	for _, name := range corePackages {
		for _, req := range []map[string]string{composer.Require, composer.RequireDev} {
			if n := constraintMajor(req[name]); n >= 7 {
				return n
			}
		}
	}
	return 0
}

func infoYMLMajor(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var info struct {
		CoreVersionRequirement string `yaml:"core_version_requirement"`
		Core                   string `yaml:"core"`
	}
	if yaml.Unmarshal(data, &info) != nil {
		return 0
	}
	for _, c := range []string{info.CoreVersionRequirement, info.Core} {
		if n := constraintMajor(c); n >= 7 {
			return n
		}
	}
	return 0
}

// constraintMajor returns the highest major version a composer constraint
// mentions: "^10.3" → 10, "~10.2.0" → 10, "10.2.x" → 10, "^9.5 || ^10" → 10,
// ">=9.5 <11" → 10 (an exclusive bound on a bare major excludes it),
// "11.x-dev" → 11. It returns 0 when no version is mentioned ("*",
// "self.version", "dev-main"). "!=" terms are ignored.
func constraintMajor(constraint string) int {
	best := 0
	for _, alt := range strings.Split(strings.ReplaceAll(constraint, "||", "|"), "|") {
		for _, term := range strings.FieldsFunc(alt, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
			if strings.HasPrefix(term, "!=") {
				continue
			}
			exclusive := strings.HasPrefix(term, "<") && !strings.HasPrefix(term, "<=")
			v := strings.TrimLeft(term, "<>=^~")
			n := versionMajor(v)
			if exclusive && n > 0 && isBareMajor(v) {
				n--
			}
			best = max(best, n)
		}
	}
	return best
}

// versionMajor returns the leading number of a version: "10.3.6" → 10,
// "v10.3.6" → 10, "11.x-dev" → 11, "dev-11.x" → 11; 0 when there is none.
func versionMajor(v string) int {
	v = strings.TrimPrefix(strings.TrimSpace(v), "dev-")
	v = strings.TrimPrefix(v, "v")
	n, digits := 0, 0
	for _, r := range v {
		if r < '0' || r > '9' || digits == 4 {
			break
		}
		n = n*10 + int(r-'0')
		digits++
	}
	return n
}

// isBareMajor reports whether v is N, N.0 or N.0.0, so that "<11" and
// "<11.0.0" mean "up to 10" while "<10.3" still allows 10.
func isBareMajor(v string) bool {
	_, rest, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	return strings.Trim(rest, "0.") == ""
}
