package phpast

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// loaded summarises what LoadFS returned, for comparing with cmp.
type loaded struct {
	Install string   // the .install's path, "" when it is nil
	Files   []string // every parsed file as path:kind:kind…
	Broken  []string // every broken file as path:line:col
	Dir     string
	Updates []int
}

func summarise(m *Module, broken []BrokenFile) loaded {
	l := loaded{Dir: m.Dir}
	if m.Install != nil {
		l.Install = m.Install.Path
	}
	for _, f := range m.Files() {
		s := f.Path
		for _, fn := range f.Functions {
			s += ":" + fn.Kind.String()
		}
		l.Files = append(l.Files, s)
	}
	for _, b := range broken {
		l.Broken = append(l.Broken, b.Err.Path+":"+strconv.Itoa(b.Err.Line)+":"+strconv.Itoa(b.Err.Col))
	}
	for _, u := range m.Updates() {
		l.Updates = append(l.Updates, u.Number)
	}
	return l
}

func TestLoadFS(t *testing.T) {
	t.Parallel()
	file := func(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(src)} }
	install := file("<?php\n\nfunction shop_deploy_install() {\n}\n\nfunction shop_deploy_update_10002() {\n}\n\nfunction shop_deploy_update_10001() {\n}\n")
	post := file("<?php\n\nfunction shop_deploy_post_update_10003_tidy() {\n}\n")
	deploy := file("<?php\n\nfunction shop_deploy_deploy_10004_cache() {\n}\n\nfunction shop_deploy_update_10005() {\n}\n")
	broken := file("<?php\n\nfunction shop_deploy_post_update_10003_tidy( {\n}\n")
	tests := []struct {
		name  string
		files fstest.MapFS
		want  loaded
	}{
		{
			name:  ".install only",
			files: fstest.MapFS{"shop_deploy.install": install, "shop_deploy.module": file("<?php\n")},
			want: loaded{
				Install: "shop_deploy.install", Dir: ".",
				Files:   []string{"shop_deploy.install:install:update:update"},
				Updates: []int{10001, 10002},
			},
		},
		{
			name:  "all three files",
			files: fstest.MapFS{"shop_deploy.install": install, "shop_deploy.post_update.php": post, "shop_deploy.deploy.php": deploy},
			want: loaded{
				Install: "shop_deploy.install", Dir: ".",
				Files: []string{
					"shop_deploy.install:install:update:update",
					"shop_deploy.post_update.php:post_update",
					"shop_deploy.deploy.php:deploy:update",
				},
				Updates: []int{10001, 10002, 10005},
			},
		},
		{
			name:  "a parse error in one file",
			files: fstest.MapFS{"shop_deploy.install": install, "shop_deploy.post_update.php": broken, "shop_deploy.deploy.php": deploy},
			want: loaded{
				Install: "shop_deploy.install", Dir: ".",
				Files:   []string{"shop_deploy.install:install:update:update", "shop_deploy.deploy.php:deploy:update"},
				Broken:  []string{"shop_deploy.post_update.php:3:46"},
				Updates: []int{10001, 10002, 10005},
			},
		},
		{
			name:  "a parse error in every file",
			files: fstest.MapFS{"shop_deploy.install": broken, "shop_deploy.post_update.php": broken},
			want: loaded{
				Dir:    ".",
				Broken: []string{"shop_deploy.install:3:46", "shop_deploy.post_update.php:3:46"},
			},
		},
		{
			name:  "missing .install",
			files: fstest.MapFS{"shop_deploy.info.yml": file("name: Shop\n"), "shop_deploy.deploy.php": deploy},
			want: loaded{
				Dir:     ".",
				Files:   []string{"shop_deploy.deploy.php:deploy:update"},
				Updates: []int{10005},
			},
		},
		{
			name:  "another module's files are not read",
			files: fstest.MapFS{"blog_deploy.install": install, "shop_deploy.install.orig": broken},
			want:  loaded{Dir: "."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, broken, err := LoadFS(tt.files, "shop_deploy", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != "shop_deploy" {
				t.Errorf("module name %q, want shop_deploy", m.Name)
			}
			if diff := cmp.Diff(tt.want, summarise(m, broken)); diff != "" {
				t.Errorf("LoadFS (-want +got):\n%s", diff)
			}
			for _, b := range broken {
				if b.Src == nil || string(b.Src) != string(tt.files[b.Err.Path].Data) {
					t.Errorf("broken file %s keeps source %q, want what was read", b.Err.Path, b.Src)
				}
			}
		})
	}
}

// TestLoadFSPaths checks that files and errors are named as a PathFS shows
// them: the working tree by the path given, not the name inside the FS.
func TestLoadFSPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// A lone .install whose file name is not the module's, beside the
	// module's post-update file.
	lone := write("fires.install", "<?php\nfunction example_deploy_update_7001() {\n}\n")
	post := write("example_deploy.post_update.php", "<?php\nfunction example_deploy_post_update_x( {\n}\n")
	files := ModuleDir(dir, "example_deploy")
	files["example_deploy.install"] = lone
	m, broken, err := LoadFS(files, "example_deploy", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := loaded{Install: lone, Dir: dir, Files: []string{lone + ":update"}, Broken: []string{post + ":2:40"}, Updates: []int{7001}}
	if diff := cmp.Diff(want, summarise(m, broken)); diff != "" {
		t.Errorf("LoadFS (-want +got):\n%s", diff)
	}

	_, err = LoadModule("example_deploy", lone, Options{})
	var perr *Error
	if !errors.As(err, &perr) || perr.Path != post {
		t.Errorf("LoadModule error = %v, want the parse error of %s", err, post)
	}
	missing := filepath.Join(dir, "gone_deploy.install")
	_, err = LoadModule("gone_deploy", missing, Options{})
	var pathErr *fs.PathError
	if !errors.As(err, &pathErr) || pathErr.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadModule of a missing .install: error %v, want one naming %s", err, missing)
	}
}

// TestLoadFSReadError checks that a file that exists but cannot be read
// stops the load with one error naming the file once.
func TestLoadFSReadError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A folder where the post-update file should be cannot be read as one.
	if err := os.Mkdir(filepath.Join(dir, "x_deploy.post_update.php"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadFS(ModuleDir(dir, "x_deploy"), "x_deploy", Options{})
	want := "read " + filepath.Join(dir, "x_deploy.post_update.php") + ": is a directory"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
