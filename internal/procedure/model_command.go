package procedure

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// classify says what a command step is, from its name and arguments:
// drush (and maintenance mode), a PHP reset, an in-place code update.
// Switches by link are settled by linkState, which sees the steps in
// order. yes is true when the command's input is piped from yes.
func classify(s *Step, yes bool) {
	name, args := s.Name, s.Args
	base := filepath.Base(name)
	if base == "php" && len(args) > 0 && isDrush(args[0]) {
		name, args = args[0], args[1:]
		base = filepath.Base(name)
	}
	switch {
	case isDrush(name):
		d := parseDrush(args)
		if d == nil {
			return
		}
		d.Yes = d.Yes || yes
		s.Drush = d
		s.Kind = KindDrush
		if on, ok := maintenance(d); ok {
			s.Kind = KindMaintenanceOff
			if on {
				s.Kind = KindMaintenanceOn
			}
		} else if d.Command == "php:eval" && mentions(d.Args, "opcache_reset") {
			s.Kind, s.Reset = KindReset, &Reset{ReachesFPM: false}
		}
	case base == "php" && hasOpcacheReset(args):
		s.Kind, s.Reset = KindReset, &Reset{ReachesFPM: false}
	default:
		if r := resetOf(base, args); r != nil {
			s.Kind, s.Reset = KindReset, r
		} else if link, ok := inPlaceUpdate(base, args); ok {
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchInPlace, Link: link}
		}
	}
}

// isDrush reports whether a command word runs drush: drush, a path to it,
// drush.php, or a variable named after it ($DRUSH).
func isDrush(word string) bool {
	switch filepath.Base(word) {
	case "drush", "drush.php", "drush.launcher", "drush8", "drush7":
		return true
	}
	return strings.HasPrefix(word, "$") && strings.Contains(strings.ToLower(word), "drush")
}

// drushValueOpts are drush's global options that take their value as the
// next word.
var drushValueOpts = map[string]bool{
	"-r": true, "--root": true, "-l": true, "--uri": true, "-u": true, "--user": true,
	"--alias-path": true, "--config": true, "--include": true, "-i": true,
}

// parseDrush reads drush's arguments: global options and site alias, the
// command, its arguments and options. nil when no command is given.
func parseDrush(args []string) *Drush {
	d := &Drush{}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if isYes(a) {
			d.Yes = true
			continue
		}
		if strings.HasPrefix(a, "@") {
			continue
		}
		if strings.HasPrefix(a, "-") {
			if drushValueOpts[a] {
				i++
			}
			continue
		}
		break
	}
	if i >= len(args) {
		return nil
	}
	d.Written = args[i]
	d.Command = canonicalDrush(args[i])
	for _, a := range args[i+1:] {
		switch {
		case isYes(a):
			d.Yes = true
		case strings.HasPrefix(a, "-"):
		default:
			d.Args = append(d.Args, a)
		}
	}
	return d
}

func isYes(a string) bool { return a == "-y" || a == "--yes" || a == "--no-interaction" }

// maintenance reads a drush command that sets maintenance mode: D7 vset
// maintenance_mode (site_offline on D6), D8+ state:set
// system.maintenance_mode, maint:set.
func maintenance(d *Drush) (on, ok bool) {
	var setting string
	switch d.Command {
	case "variable:set":
		if len(d.Args) < 2 || (d.Args[0] != "maintenance_mode" && d.Args[0] != "site_offline") {
			return false, false
		}
		setting = d.Args[1]
	case "state:set":
		if len(d.Args) < 2 || d.Args[0] != "system.maintenance_mode" {
			return false, false
		}
		setting = d.Args[1]
	case "maint:set":
		if len(d.Args) < 1 {
			return false, false
		}
		setting = d.Args[0]
	default:
		return false, false
	}
	switch strings.ToLower(setting) {
	case "1", "true", "on":
		return true, true
	case "0", "false", "off":
		return false, true
	}
	return false, false
}

func mentions(args []string, s string) bool {
	for _, a := range args {
		if strings.Contains(a, s) {
			return true
		}
	}
	return false
}

func hasOpcacheReset(args []string) bool {
	for i, a := range args {
		if (a == "-r" || a == "-R") && i+1 < len(args) && strings.Contains(args[i+1], "opcache_reset") {
			return true
		}
	}
	return false
}

// phpServer matches the services whose reload resets the PHP that serves
// the site: PHP-FPM, and Apache running mod_php.
var phpServer = regexp.MustCompile(`(?i)(php[0-9.]*-?fpm|fpm-php|apache2?|httpd)`)

// resetOf recognises a reset of PHP's caches: an FPM or Apache reload or
// restart, FPM's USR2 signal, cachetool (through FastCGI unless --cli), a
// web request to an opcache reset page.
func resetOf(base string, args []string) *Reset {
	reloads := func(verb string) bool {
		switch verb {
		case "reload", "restart", "reload-or-restart", "try-restart", "try-reload-or-restart", "force-reload", "graceful":
			return true
		}
		return false
	}
	switch base {
	case "systemctl":
		verb := ""
		for _, a := range args {
			if strings.HasPrefix(a, "-") {
				continue
			}
			if verb == "" {
				verb = a
				continue
			}
			if reloads(verb) && phpServer.MatchString(a) {
				return &Reset{ReachesFPM: true}
			}
		}
	case "service", "invoke-rc.d":
		if len(args) >= 2 && phpServer.MatchString(args[0]) && reloads(args[1]) {
			return &Reset{ReachesFPM: true}
		}
	case "apachectl", "apache2ctl", "httpd":
		for _, a := range args {
			if reloads(a) {
				return &Reset{ReachesFPM: true}
			}
		}
	case "kill", "pkill", "killall":
		usr2 := false
		fpm := false
		for _, a := range args {
			switch a {
			case "-USR2", "-SIGUSR2", "-12", "USR2", "SIGUSR2":
				usr2 = true
			}
			if strings.Contains(a, "fpm") {
				fpm = true
			}
		}
		if usr2 && fpm {
			return &Reset{ReachesFPM: true}
		}
	case "cachetool", "cachetool.phar":
		if mentions(args, "opcache:reset") {
			return &Reset{ReachesFPM: !slices.Contains(args, "--cli")}
		}
	case "curl", "wget":
		if mentions(args, "opcache") {
			return &Reset{ReachesFPM: true}
		}
	default:
		// /etc/init.d/php8.2-fpm reload, php-fpm8.2 restart
		if phpServer.MatchString(base) && len(args) > 0 && reloads(args[0]) {
			return &Reset{ReachesFPM: true}
		}
	}
	return nil
}

// inPlaceUpdate recognises a command that replaces the live code's files
// where they are: dpkg -i, apt install of a package file, git pull.
func inPlaceUpdate(base string, args []string) (string, bool) {
	switch base {
	case "dpkg":
		for i, a := range args {
			if (a == "-i" || a == "--install") && i+1 < len(args) {
				return args[i+1], true
			}
		}
	case "apt", "apt-get":
		if slices.Contains(args, "install") {
			for _, a := range args {
				if strings.HasSuffix(a, ".deb") {
					return a, true
				}
			}
		}
	case "git":
		for i := 0; i < len(args); i++ {
			a := args[i]
			if a == "-C" || a == "--git-dir" || a == "--work-tree" || a == "-c" {
				i++
				continue
			}
			if strings.HasPrefix(a, "-") {
				continue
			}
			if a == "pull" {
				return "the working tree", true
			}
			break
		}
	}
	return "", false
}

// liveNames are the usual names of the link or folder a web server
// serves a Drupal site from.
var liveNames = map[string]bool{
	"current": true, "live": true, "docroot": true, "webroot": true, "web": true, "public_html": true,
	"htdocs": true, "www": true, "html": true, "active": true, "production": true, "prod": true,
}

// isLiveLink reports whether a link name (and the target it points to)
// look like the live release: a usual docroot name, or a target in a
// releases folder.
func isLiveLink(link, target string) bool {
	base := strings.ToLower(filepath.Base(strings.TrimRight(link, "/")))
	if i := strings.LastIndexAny(base, "}"); i >= 0 {
		base = base[i+1:] // ${root}current
	}
	return liveNames[base] || strings.Contains(target, "release")
}

// linkState follows links made, moved and removed across the steps of a
// procedure, to tell how the live link is switched.
type linkState struct {
	// made are the links made by ln -s, by name.
	made map[string]*Step
	// removed are the live links removed by rm or unlink.
	removed map[string]Span
}

func newLinkState() *linkState {
	return &linkState{made: map[string]*Step{}, removed: map[string]Span{}}
}

// fileOptions splits a command's arguments into its one-letter and long
// options and its operands.
func fileOptions(args []string) (flags string, long []string, operands []string) {
	for _, a := range args {
		switch {
		case strings.HasPrefix(a, "--") && len(a) > 2:
			long = append(long, a)
		case strings.HasPrefix(a, "-") && len(a) > 1:
			flags += a[1:]
		default:
			operands = append(operands, strings.TrimRight(a, "/"))
		}
	}
	return flags, long, operands
}

// observe looks at the next step in order and settles whether it
// switches the release.
func (ls *linkState) observe(s *Step) {
	if s.Kind != KindCommand {
		return
	}
	flags, long, ops := fileOptions(s.Args)
	has := func(short byte, longName string) bool {
		return strings.IndexByte(flags, short) >= 0 || slices.Contains(long, longName)
	}
	switch filepath.Base(s.Name) {
	case "ln":
		if !has('s', "--symbolic") || len(ops) < 2 {
			return
		}
		target, link := ops[0], ops[len(ops)-1]
		switch {
		case ls.removed[link] != (Span{}):
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchRemoveThenLink, Link: link, Removed: ls.removed[link]}
			delete(ls.removed, link)
		case has('f', "--force") && isLiveLink(link, target):
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchForceLink, Link: link}
		}
		ls.made[link] = s
	case "mv":
		if len(ops) < 2 {
			return
		}
		src, dst := ops[0], ops[len(ops)-1]
		made := ls.made[src]
		if made == nil && !isLiveLink(dst, "") {
			return
		}
		if made != nil && made.Kind == KindSwitch {
			made.Kind, made.Switch = KindCommand, nil // a link prepared under another name
		}
		if has('T', "--no-target-directory") {
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchAtomic, Link: dst}
		} else if made != nil {
			s.Kind, s.Switch = KindSwitch, &Switch{How: SwitchMoveIntoDir, Link: dst}
		}
	case "rm", "unlink":
		for _, op := range ops {
			if isLiveLink(op, "") {
				ls.removed[op] = s.Span
			}
		}
	}
}
