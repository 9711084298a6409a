// Package phpast owns everything dcycle knows about PHP source: it is the only
// package that imports the PHP parser. It converts a parsed file once into the
// model every command reads (files, functions, calls, the install replay),
// keeps byte offsets that convert to line:col, and applies byte-range edits.
package phpast

// Span is a half-open byte range [Start, End) in a file's source.
type Span struct {
	Start int
	End   int
}

// Contains reports whether o lies entirely inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Kind classifies a function by its role in a Drupal module.
type Kind int

// Function kinds, by the hook a function implements.
const (
	KindOther Kind = iota
	KindUpdate
	KindPostUpdate
	KindDeploy
	KindInstall
	KindRequirements
	KindUpdateLastRemoved
	KindUpdateDependencies
	KindSchema
)

var kindNames = [...]string{"other", "update", "post_update", "deploy", "install", "requirements", "update_last_removed", "update_dependencies", "schema"}

func (k Kind) String() string { return kindNames[k] }

// File is one parsed PHP file of a module.
type File struct {
	Path string
	// Src is the file as read, BOM included; every Span indexes into it.
	Src   []byte
	Lines *LineIndex
	// BOM is true when Src starts with the UTF-8 byte order mark.
	BOM bool
	// EOL is the file's dominant line ending, "\n" or "\r\n".
	EOL string
	// Indent is the unit the file indents function bodies with: "\t" or "  ".
	Indent string
	// OpenTag is the span of the first "<?php" tag; Start > 0 means bytes
	// (a BOM, blank lines, HTML) come before it.
	OpenTag Span
	// CloseTag is the span of a trailing "?>" and whatever follows it, or a
	// zero Span when the file ends in PHP.
	CloseTag    Span
	HasCloseTag bool
	Functions   []*Function
	// Version is the grammar that parsed the file: "8.1", or "7.4" for old
	// syntax that PHP 8 removed.
	Version string
}

// Function is one function declaration.
type Function struct {
	Name   string
	Kind   Kind
	Number int // update number for KindUpdate, else 0
	// NumberText is the digits as written after "_update_" (may keep a
	// leading zero, as in "015401").
	NumberText string
	// Slug is the NAME of hook_post_update_NAME / hook_deploy_NAME.
	Slug string
	Doc  Doc
	// Span covers the docblock (when present) through the closing brace.
	Span Span
	// DeclSpan covers "function" through the closing brace.
	DeclSpan Span
	// NameSpan covers the function's name.
	NameSpan Span
	// BodySpan covers the braces of the body, "{" through "}".
	BodySpan Span
	// Sandbox is true when the function takes &$sandbox.
	Sandbox bool
	Params  []string
	Calls   []*Call
	// Replay is set for KindInstall functions.
	Replay *Replay
	// Return is the value of the first top-level return statement
	// (hook_update_last_removed() returns a number), nil when none.
	Return *Value
}

// Doc is a function's docblock.
type Doc struct {
	Present bool
	Span    Span
	// Text is the docblock without comment markers, lines joined by "\n".
	Text string
	// Issues are the issue references the first line starts with.
	Issues []string
	// Summary is the rest of the first line after the issue references.
	Summary string
}

// CallKind tells how a call is written.
type CallKind int

// Call kinds.
const (
	CallFunction CallKind = iota
	CallMethod
	CallStatic
	CallNew
)

// Call is one call expression inside a function.
type Call struct {
	Kind CallKind
	// Name is the called function or method name as written, without a
	// leading backslash ("variable_set", "save", "create"). For a dynamic
	// call ($candidate()) it is the variable, "$candidate".
	Name string
	// Class is the class of a static call or new ("Drupal", "Node").
	Class string
	// Chain renders the callee with its receivers, arguments elided:
	// "Drupal::configFactory()->getEditable()->set".
	Chain string
	Args  []Arg
	Span  Span
	// Conditions are the enclosing if/elseif/else conditions, outermost
	// first, and the early-return guards that precede the call.
	Conditions []Condition
}

// Callee is the name a rule matches on: "name" for functions,
// "Class::name" for static calls, "->name" for methods, "new Class".
func (c *Call) Callee() string {
	switch c.Kind {
	case CallStatic:
		return c.Class + "::" + c.Name
	case CallMethod:
		return "->" + c.Name
	case CallNew:
		return "new " + c.Class
	}
	return c.Name
}

// Condition is an if condition that encloses a call.
type Condition struct {
	Span Span
	// Negated is true when the call runs only if the condition is false:
	// in an else branch, in an elseif for each earlier condition of its
	// chain, or after an early-return guard (if (!x) return; ... call).
	Negated bool
	// Calls are the calls made inside the condition expression.
	Calls []*Call
	// Text is the condition's source.
	Text string
}

// ValueKind classifies a literal value.
type ValueKind int

// Value kinds.
const (
	ValueOther ValueKind = iota // not a literal: variable, call, expression
	ValueString
	ValueInt
	ValueFloat
	ValueBool
	ValueNull
	ValueArray
	ValueConst // a constant name other than TRUE/FALSE/NULL
)

// Value is an argument's value, resolved when it is a literal.
type Value struct {
	Kind ValueKind
	// Text is the decoded string, the number or constant as written, "TRUE"
	// / "FALSE" / "NULL", or the source text of a non-literal.
	Text  string
	Items []Item
}

// Item is one element of an array literal.
type Item struct {
	Key   *Value // nil when the item has no key
	Value Value
}

// Arg is one call argument.
type Arg struct {
	Name  string // named argument (PHP 8), else ""
	Value Value
	Span  Span
}

// ReplayKind tells how hook_install() replays the updates.
type ReplayKind int

// Replay kinds.
const (
	ReplayNone ReplayKind = iota
	// ReplayRange is a for loop over a numeric range calling prefix.$i.
	ReplayRange
	// ReplayRegistry loops over drupal_get_schema_versions() or the
	// update.update_hook_registry service: it covers every update.
	ReplayRegistry
	// ReplayExplicit calls updates by name.
	ReplayExplicit
)

var replayNames = [...]string{"none", "range", "registry", "explicit"}

func (k ReplayKind) String() string { return replayNames[k] }

// Replay describes how an install function replays updates.
type Replay struct {
	Kind ReplayKind
	// From and To bound a ReplayRange, inclusive.
	From, To int
	// Prefix is the function-name prefix a ReplayRange calls.
	Prefix string
	// Numbers are the updates a ReplayExplicit calls, in call order.
	Numbers []int
	// Span covers the statements that make up the replay, so that a
	// rewrite replaces exactly them.
	Span Span
	// Sandbox is true when the replay passes a sandbox and repeats a call
	// until $sandbox['#finished'] >= 1.
	Sandbox bool
	// Resumable is true when a failure records the last completed update
	// (drupal_set_installed_schema_version / setInstalledVersion).
	Resumable bool
	// Kept are the statements inside Span, between explicit update calls,
	// that are not part of the replay ("variable_set(...);" between two
	// calls). Each covers the text from the end of the statement before it,
	// comments and line breaks included, so that a rewrite can append them
	// after the new replay, in order, as they were written.
	Kept []Span
	// SandboxlessCalls are explicit calls to updates made without an
	// argument (for DC006).
	SandboxlessCalls []int
}

// Covers reports whether the replay calls update number n of a module whose
// update functions start with prefix.
func (r *Replay) Covers(prefix string, n int) bool {
	if r == nil {
		return false
	}
	switch r.Kind {
	case ReplayRegistry:
		return true
	case ReplayRange:
		return r.Prefix == prefix && n >= r.From && n <= r.To
	case ReplayExplicit:
		for _, m := range r.Numbers {
			if m == n {
				return true
			}
		}
	}
	return false
}
