package phpast

import (
	"bytes"
	"strings"

	"github.com/VKCOM/php-parser/pkg/ast"
)

// Settings is what a Drupal settings file (settings.php, or a file it
// includes) says about configuration management: the steps that name the
// config sync directory, the modules excluded from the config export and
// import, the configuration overrides ($config), and the files it
// includes, in the order PHP runs them. Code inside functions and classes
// is left out: it runs only when called.
type Settings struct {
	Path string
	// Src is the file as read; every Span indexes into it.
	Src   []byte
	Lines *LineIndex
	Steps []SettingsStep
}

// SettingsStepKind tells what a settings step does.
type SettingsStepKind int

// Settings step kinds.
const (
	// SettingSyncDirectory sets the config sync directory:
	// $settings['config_sync_directory'] = PATH, or before Drupal 8.8
	// $config_directories['sync'] (or [CONFIG_SYNC_DIRECTORY]) = PATH.
	SettingSyncDirectory SettingsStepKind = iota
	// SettingExcludeModules replaces the list of modules excluded from
	// the config export and import: $settings['config_exclude_modules'] =
	// ['devel'].
	SettingExcludeModules
	// SettingExcludeModule adds one module to that list:
	// $settings['config_exclude_modules'][] = 'devel'.
	SettingExcludeModule
	// SettingConfigOverride overrides configuration at run time:
	// $config['NAME']['key'] = VALUE.
	SettingConfigOverride
	// SettingInclude runs another file: include, include_once, require or
	// require_once PATH.
	SettingInclude
)

var settingsStepNames = [...]string{"sync directory", "exclude modules", "exclude module", "config override", "include"}

func (k SettingsStepKind) String() string { return settingsStepNames[k] }

// SettingsStep is one statement of a settings file that dcycle reads.
type SettingsStep struct {
	Kind SettingsStepKind
	// Span covers the assignment or the include expression.
	Span Span
	// Path is the path a SettingSyncDirectory sets or a SettingInclude
	// runs.
	Path *PathExpr
	// Value is what a SettingExcludeModules, SettingExcludeModule or
	// SettingConfigOverride assigns.
	Value Value
	// Config and Keys name what a SettingConfigOverride overrides:
	// $config['system.site']['page']['front'] is "system.site" and
	// ["page", "front"]; Keys is empty when the whole object is replaced.
	Config string
	Keys   []string
	// Conditional is true when the step runs only under a condition: in
	// an if, elseif or else branch, a loop, a switch case, a catch or a
	// finally clause.
	Conditional bool
}

// PathExprKind tells what a part of a path expression is.
type PathExprKind int

// Path expression kinds.
const (
	// PathUnknown is anything dcycle does not evaluate (getenv(), a
	// variable of the file's own); Text holds its source.
	PathUnknown PathExprKind = iota
	// PathLiteral is a string; Text holds it decoded.
	PathLiteral
	// PathAppRoot is $app_root, the Drupal root.
	PathAppRoot
	// PathSitePath is $site_path, the site folder relative to the Drupal
	// root ("sites/default").
	PathSitePath
	// PathDrupalRoot is the DRUPAL_ROOT constant, the Drupal root.
	PathDrupalRoot
	// PathDir is __DIR__, the folder of the file.
	PathDir
	// PathFile is __FILE__, the file itself.
	PathFile
	// PathConcat joins Parts with PHP's "." operator or a double-quoted
	// string's interpolation.
	PathConcat
	// PathDirname is dirname(Parts[0], Levels).
	PathDirname
	// PathRealpath is realpath(Parts[0]).
	PathRealpath
)

// PathExpr is a PHP expression that builds a path, as a tree dcycle can
// evaluate once it knows the Drupal root and the site path.
type PathExpr struct {
	Kind  PathExprKind
	Text  string
	Parts []*PathExpr
	// Levels is dirname()'s second argument, 1 when absent.
	Levels int
}

// ParseSettings parses a settings file into the steps it takes. A file that
// does not parse gives a *Error, as ParseFile does.
func ParseSettings(path string, src []byte) (*Settings, error) {
	f := &File{Path: path, Src: src, Lines: NewLineIndex(src)}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := f.Lines.Position(i)
		return nil, &Error{Path: path, Line: line, Col: col, Msg: "binary file: NUL byte, not PHP source"}
	}
	root, _, err := parse(f)
	if err != nil {
		return nil, err
	}
	s := &Settings{Path: path, Src: src, Lines: f.Lines}
	w := settingsWalk{c: &converter{file: f}, s: s}
	if r, ok := root.(*ast.Root); ok {
		w.stmts(r.Stmts, false)
	}
	return s, nil
}

type settingsWalk struct {
	c *converter
	s *Settings
}

func (w *settingsWalk) stmts(list []ast.Vertex, cond bool) {
	for _, n := range list {
		w.stmt(n, cond)
	}
}

// stmt walks a statement; cond tells whether it runs only under a
// condition.
func (w *settingsWalk) stmt(n ast.Vertex, cond bool) {
	switch n := n.(type) {
	case *ast.StmtStmtList:
		w.stmts(n.Stmts, cond)
	case *ast.StmtExpression:
		w.expr(n.Expr, cond)
	case *ast.StmtIf:
		w.stmt(n.Stmt, true)
		for _, e := range n.ElseIf {
			if ei, ok := e.(*ast.StmtElseIf); ok {
				w.stmt(ei.Stmt, true)
			}
		}
		if e, ok := n.Else.(*ast.StmtElse); ok {
			w.stmt(e.Stmt, true)
		}
	case *ast.StmtTry:
		w.stmts(n.Stmts, cond)
		for _, c := range n.Catches {
			if c, ok := c.(*ast.StmtCatch); ok {
				w.stmts(c.Stmts, true)
			}
		}
		if f, ok := n.Finally.(*ast.StmtFinally); ok {
			w.stmts(f.Stmts, true)
		}
	case *ast.StmtSwitch:
		for _, c := range n.Cases {
			switch c := c.(type) {
			case *ast.StmtCase:
				w.stmts(c.Stmts, true)
			case *ast.StmtDefault:
				w.stmts(c.Stmts, true)
			}
		}
	case *ast.StmtFor:
		w.stmt(n.Stmt, true)
	case *ast.StmtForeach:
		w.stmt(n.Stmt, true)
	case *ast.StmtWhile:
		w.stmt(n.Stmt, true)
	case *ast.StmtDo:
		w.stmt(n.Stmt, true)
	}
}

func (w *settingsWalk) expr(n ast.Vertex, cond bool) {
	n = unwrap(n)
	var path ast.Vertex
	switch e := n.(type) {
	case *ast.ExprAssign:
		w.assign(e, cond)
		return
	case *ast.ExprInclude:
		path = e.Expr
	case *ast.ExprIncludeOnce:
		path = e.Expr
	case *ast.ExprRequire:
		path = e.Expr
	case *ast.ExprRequireOnce:
		path = e.Expr
	default:
		return
	}
	w.add(SettingsStep{Kind: SettingInclude, Span: span(n.GetPosition()), Path: w.path(path), Conditional: cond})
}

func (w *settingsWalk) add(s SettingsStep) { w.s.Steps = append(w.s.Steps, s) }

// assign records the assignments settings files make to $settings,
// $config_directories and $config.
func (w *settingsWalk) assign(n *ast.ExprAssign, cond bool) {
	root, dims, ok := w.dims(n.Var)
	if !ok || len(dims) == 0 {
		return
	}
	step := SettingsStep{Span: span(n.Position), Conditional: cond}
	switch {
	case root == "settings" && dims[0] == "config_sync_directory" && len(dims) == 1,
		root == "config_directories" && (dims[0] == "sync" || dims[0] == "CONFIG_SYNC_DIRECTORY") && len(dims) == 1:
		step.Kind, step.Path = SettingSyncDirectory, w.path(n.Expr)
	case root == "settings" && dims[0] == "config_exclude_modules" && len(dims) == 1:
		step.Kind, step.Value = SettingExcludeModules, w.c.value(n.Expr)
	case root == "settings" && dims[0] == "config_exclude_modules" && len(dims) == 2 && dims[1] == "":
		step.Kind, step.Value = SettingExcludeModule, w.c.value(n.Expr)
	case root == "config" && dims[0] != "":
		for _, d := range dims[1:] {
			if d == "" {
				return // $config['x'][] = …: not a key dcycle can name
			}
		}
		step.Kind, step.Value, step.Config, step.Keys = SettingConfigOverride, w.c.value(n.Expr), dims[0], dims[1:]
	default:
		return
	}
	w.add(step)
}

// dims flattens $root['a']['b'][] into "root" and ["a", "b", ""]. A
// dimension that is not a string literal (or, for the sync directory, the
// CONFIG_SYNC_DIRECTORY constant) makes it unreadable.
func (w *settingsWalk) dims(n ast.Vertex) (string, []string, bool) {
	var dims []string
	for {
		switch e := n.(type) {
		case *ast.ExprArrayDimFetch:
			switch d := e.Dim.(type) {
			case nil:
				dims = append(dims, "")
			case *ast.ScalarString:
				dims = append(dims, unquote(string(d.Value)))
			case *ast.ExprConstFetch:
				dims = append(dims, w.c.nameOf(d.Const))
			default:
				return "", nil, false
			}
			n = e.Var
		case *ast.ExprVariable:
			for i, j := 0, len(dims)-1; i < j; i, j = i+1, j-1 {
				dims[i], dims[j] = dims[j], dims[i]
			}
			return variableName(e), dims, true
		default:
			return "", nil, false
		}
	}
}

// path converts an expression that builds a path.
func (w *settingsWalk) path(n ast.Vertex) *PathExpr {
	n = unwrap(n)
	switch e := n.(type) {
	case *ast.ScalarString:
		return &PathExpr{Kind: PathLiteral, Text: unquote(string(e.Value))}
	case *ast.ScalarEncapsed:
		return w.interpolated(e.Parts)
	case *ast.ScalarHeredoc:
		return w.interpolated(e.Parts)
	case *ast.ExprVariable:
		switch variableName(e) {
		case "app_root":
			return &PathExpr{Kind: PathAppRoot}
		case "site_path":
			return &PathExpr{Kind: PathSitePath}
		}
	case *ast.ExprConstFetch:
		if w.c.nameOf(e.Const) == "DRUPAL_ROOT" {
			return &PathExpr{Kind: PathDrupalRoot}
		}
	case *ast.ScalarMagicConstant:
		switch strings.ToUpper(string(e.Value)) {
		case "__DIR__":
			return &PathExpr{Kind: PathDir}
		case "__FILE__":
			return &PathExpr{Kind: PathFile}
		}
	case *ast.ExprBinaryConcat:
		left, right := w.path(e.Left), w.path(e.Right)
		parts := make([]*PathExpr, 0, 2)
		for _, p := range []*PathExpr{left, right} {
			if p.Kind == PathConcat {
				parts = append(parts, p.Parts...)
			} else {
				parts = append(parts, p)
			}
		}
		return &PathExpr{Kind: PathConcat, Parts: parts}
	case *ast.ExprFunctionCall:
		if p := w.pathCall(e); p != nil {
			return p
		}
	}
	if n == nil {
		return &PathExpr{Kind: PathUnknown}
	}
	return &PathExpr{Kind: PathUnknown, Text: w.c.text(n.GetPosition())}
}

// pathCall converts dirname(PATH[, LEVELS]) and realpath(PATH); nil for any
// other call.
func (w *settingsWalk) pathCall(e *ast.ExprFunctionCall) *PathExpr {
	var args []*ast.Argument
	for _, a := range e.Args {
		arg, ok := a.(*ast.Argument)
		if !ok || arg.VariadicTkn != nil || arg.Name != nil {
			return nil
		}
		args = append(args, arg)
	}
	switch strings.ToLower(w.c.nameOf(e.Function)) {
	case "dirname":
		if len(args) < 1 || len(args) > 2 {
			return nil
		}
		levels := 1
		if len(args) == 2 {
			n, ok := intValue(args[1].Expr)
			if !ok || n < 1 {
				return nil
			}
			levels = n
		}
		return &PathExpr{Kind: PathDirname, Parts: []*PathExpr{w.path(args[0].Expr)}, Levels: levels}
	case "realpath":
		if len(args) != 1 {
			return nil
		}
		return &PathExpr{Kind: PathRealpath, Parts: []*PathExpr{w.path(args[0].Expr)}}
	}
	return nil
}

// interpolated converts the parts of a double-quoted string or heredoc:
// "$app_root/$site_path/settings.local.php".
func (w *settingsWalk) interpolated(parts []ast.Vertex) *PathExpr {
	out := &PathExpr{Kind: PathConcat}
	for _, p := range parts {
		switch p := p.(type) {
		case *ast.ScalarEncapsedStringPart:
			out.Parts = append(out.Parts, &PathExpr{Kind: PathLiteral, Text: unquote(`"` + string(p.Value) + `"`)})
		case *ast.ScalarEncapsedStringBrackets:
			out.Parts = append(out.Parts, w.path(p.Var))
		default:
			out.Parts = append(out.Parts, w.path(p))
		}
	}
	return out
}
