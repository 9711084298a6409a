// Package releasetest gives the tests of the composer package and of the
// GitHub Action a dcycle release to download, as the releases page serves
// it: the snapshot GoReleaser built when DCYCLE_SNAPSHOT_DIST names its dist
// folder (CI runs these tests once more against it, after the snapshot),
// else a stand-in built with go build and named and checksummed as
// .goreleaser.yaml names them. It is imported by tests alone.
package releasetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// Release is a folder holding the files of one release.
type Release struct {
	Dir     string
	Version string
	// Binary is the release binary for this machine, by its release name.
	Binary string
}

var built struct {
	once sync.Once
	rel  Release
	err  error
}

// Get returns the release the tests download: GoReleaser's snapshot when
// DCYCLE_SNAPSHOT_DIST names its dist folder, else the stand-in.
func Get(t testing.TB) Release {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "dcycle-release-")
		if err != nil {
			built.err = err
			return
		}
		if dist := os.Getenv("DCYCLE_SNAPSHOT_DIST"); dist != "" {
			built.rel, built.err = fromDist(dist, dir)
			return
		}
		built.rel, built.err = standIn(dir)
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.rel
}

// Cleanup removes the release folder; call it from TestMain.
func Cleanup() {
	if built.rel.Dir != "" {
		os.RemoveAll(built.rel.Dir)
	}
}

// platform is this machine as release names say it: linux_amd64…
func platform() string { return runtime.GOOS + "_" + runtime.GOARCH }

// fromDist gathers, from GoReleaser's dist folder, the files a release
// publishes (archives, named binaries, the checksums) under their names.
func fromDist(dist, dir string) (Release, error) {
	data, err := os.ReadFile(filepath.Join(dist, "artifacts.json"))
	if err != nil {
		return Release{}, err
	}
	var artifacts []struct {
		Type, Name, Path string
	}
	if err := json.Unmarshal(data, &artifacts); err != nil {
		return Release{}, err
	}
	rel := Release{Dir: dir}
	for _, a := range artifacts {
		switch {
		case a.Type == "Checksum":
			rel.Version = strings.TrimSuffix(strings.TrimPrefix(a.Name, "dcycle_"), "_checksums.txt")
		case a.Type == "Archive", a.Type == "Binary" && strings.HasPrefix(a.Name, "dcycle_"):
		default:
			continue
		}
		src := a.Path
		if !filepath.IsAbs(src) {
			// Paths are relative to where goreleaser ran: dist's parent.
			src = filepath.Join(filepath.Dir(dist), src)
		}
		if err := copyFile(src, filepath.Join(dir, a.Name)); err != nil {
			return Release{}, err
		}
	}
	if rel.Version == "" {
		return Release{}, fmt.Errorf("%s: no checksums file among the artifacts", dist)
	}
	rel.Binary = "dcycle_" + rel.Version + "_" + platform() + exe()
	if _, err := os.Stat(filepath.Join(dir, rel.Binary)); err != nil {
		return Release{}, fmt.Errorf("the snapshot has no %s: %w", rel.Binary, err)
	}
	return rel, nil
}

func exe() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// standIn builds dcycle for this machine as the release does, with its
// checksums file.
func standIn(dir string) (Release, error) {
	rel := Release{Dir: dir, Version: "0.0.0-test"}
	rel.Binary = "dcycle_" + rel.Version + "_" + platform() + exe()
	path := filepath.Join(dir, rel.Binary)
	ldflags := "-X main.version=" + rel.Version + " -X main.commit=0000000000000000000000000000000000000000"
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", path, "github.com/dcycle/dcycle/cmd/dcycle")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return Release{}, fmt.Errorf("go build: %v\n%s", err, out)
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return Release{}, err
	}
	checksums := sum + "  " + rel.Binary + "\n"
	return rel, os.WriteFile(filepath.Join(dir, "dcycle_"+rel.Version+"_checksums.txt"), []byte(checksums), 0o644)
}

func fileSHA256(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o755)
}

// Copy copies the release into a new folder, for a test that changes it.
func (r Release) Copy(t testing.TB) Release {
	t.Helper()
	out := r
	out.Dir = t.TempDir()
	entries, err := os.ReadDir(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(r.Dir, e.Name()), filepath.Join(out.Dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ServePHP serves dir with PHP's built-in web server on a free port of
// 127.0.0.1, as a release's download folder, until the test ends or stop
// is called; it returns the server's URL and a log of the requests it
// served.
func ServePHP(t testing.TB, php, dir string) (url string, requests func() string, stop func()) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	logPath := filepath.Join(t.TempDir(), "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(php, "-S", addr, "-t", dir)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cmd.Process.Kill()
			cmd.Wait()
			logFile.Close()
		})
	}
	t.Cleanup(stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			log, _ := os.ReadFile(logPath)
			t.Fatalf("php -S %s did not start: %v\n%s", addr, err, log)
		}
		time.Sleep(20 * time.Millisecond)
	}
	requests = func() string {
		data, _ := os.ReadFile(logPath)
		return string(data)
	}
	return "http://" + addr, requests, stop
}
