package lint

import (
	"bytes"

	"github.com/dcycle/dcycle/internal/phpast"
)

var dc015 = &Rule{
	ID:          "DC015",
	Name:        "output-outside-php",
	Severity:    SeverityWarning,
	NeedsSource: true,
	Check:       checkOutputOutsidePHP,
	Doc: Doc{
		Title: "A byte order mark, bytes before <?php, or output after a closing ?>",
		Why: `Anything outside the PHP tags is output: PHP prints it every time the file is
loaded, which for an .install file is on every "drush updb", every module
list rebuild and every visit to update.php. On the web that output comes
before the headers ("Cannot modify header information - headers already
sent"), and in drush it pollutes output that scripts parse. A UTF-8 byte
order mark, saved by some Windows editors, is the invisible case. PHP
swallows exactly one newline ("\n", "\r\n" or "\r") right after a closing
?>, so a file that ends with "?>" and one newline is fine (and so is an empty
file: it prints nothing); anything more
(a second newline, a space, text) is output. Drupal's coding standard omits
the closing ?> altogether.`,
		Bad: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}
?>

`,
		Good: `function example_deploy_update_7001() {
  variable_set('preprocess_js', 1);
}`,
		Fix: `Save the file as UTF-8 without BOM, delete whatever precedes <?php, and
delete the closing ?> and what follows it.`,
		Since: since,
	},
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func checkOutputOutsidePHP(p *Pass) {
	for _, f := range p.Module.Files() {
		start := 0
		if f.BOM {
			start = len(utf8BOM)
			p.Report(f, phpast.Span{Start: 0, End: start}, nil, "the file starts with a UTF-8 byte order mark: PHP prints it every time the file is loaded")
		}
		switch {
		case f.OpenTag.Start < 0 && len(f.Src) > start:
			p.Report(f, phpast.Span{Start: start, End: start}, nil, "there is no <?php tag: the whole file is output instead of run")
		case f.OpenTag.Start > start:
			p.Report(f, phpast.Span{Start: start, End: f.OpenTag.Start}, nil, "%d bytes before <?php are printed every time the file is loaded", f.OpenTag.Start-start)
		}
		if f.HasCloseTag {
			after := f.CloseTag.Start + len("?>")
			rest := f.Src[after:]
			for _, nl := range [][]byte{[]byte("\r\n"), []byte("\n"), []byte("\r")} {
				if bytes.HasPrefix(rest, nl) {
					after += len(nl)
					break
				}
			}
			if after < len(f.Src) {
				p.Report(f, phpast.Span{Start: after, End: len(f.Src)}, nil, "%d bytes after the closing ?> are printed every time the file is loaded: remove the ?>", len(f.Src)-after)
			}
		}
	}
}
