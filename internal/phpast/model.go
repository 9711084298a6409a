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
	// Stmts are every statement of the body, in source order, each after
	// the statement that holds it (pre-order). Blocks ({ … }) are not
	// statements of their own; else, elseif, catch, finally and case
	// clauses are, so that a statement inside one knows it.
	Stmts []Stmt
	// Assigns are the plain assignments ($x = …, $x[] = …) of the body.
	Assigns []Assign
	// Dims are the elements of plain variables the body reads or writes
	// with a literal key ($sandbox['#finished']), in source order.
	Dims []Dim
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
	// NameSpan covers the callee's name as written: the function, method
	// or class name.
	NameSpan Span
	// Receiver is the object a method is called on ($config in
	// $config->set(), the getEditable() call in …->getEditable('x')->set());
	// nil for functions, static calls and new.
	Receiver *Expr
	// Use tells what happens to the call's result.
	Use UseKind
	// Target is the variable a UseAssigned result is stored in, without
	// "$": "messages" for $messages[] = f() and for $messages['x'] = f().
	Target string
	// Silenced is true for @f(): PHP hides the warnings the call raises.
	Silenced bool
	// Truth is what the call's value must be for the condition that
	// holds it (Conditions) to be true; TruthUnknown outside conditions
	// and where it cannot be told (a || b, comparisons with variables).
	Truth Truth
	// Stmt indexes the innermost statement of Function.Stmts holding the
	// call, -1 when it lies in none (a default parameter value).
	Stmt int

	Kind CallKind
	// Name is the called function or method name as written, without a
	// leading backslash ("variable_set", "save", "create"). For a dynamic
	// call ($candidate()) it is the variable, "$candidate".
	Name string
	// Class is the class of a static call or new ("Drupal", "Node").
	Class string
	Args  []Arg
	Span  Span
	// Conditions are the enclosing if/elseif/else conditions, outermost
	// first, and the early-return guards that precede the call.
	Conditions []Condition
}

// UseKind tells what happens to a call's result.
type UseKind int

// Uses of a call's result.
const (
	// UseOther: part of a larger expression (an operator, a ternary
	// branch, an array item, a string).
	UseOther UseKind = iota
	// UseStatement: an expression statement of its own; the result is
	// thrown away.
	UseStatement
	// UseAssigned: stored in a variable (Call.Target).
	UseAssigned
	// UseArgument: passed to another call.
	UseArgument
	// UseCondition: an operand of the boolean logic of an if, elseif,
	// while or do-while condition (!f(), f() && g()).
	UseCondition
	// UseReturned: the value of a return statement.
	UseReturned
	// UseReceiver: a method is called on the result, f()->g().
	UseReceiver
)

var useNames = [...]string{"other", "statement", "assigned", "argument", "condition", "returned", "receiver"}

func (u UseKind) String() string { return useNames[u] }

// Truth is what a value is known to be, truthy or falsy, when a condition
// holds.
type Truth int

// Truth values.
const (
	TruthUnknown Truth = iota
	TruthTrue
	TruthFalse
)

// Flip returns the opposite truth; unknown stays unknown.
func (t Truth) Flip() Truth {
	switch t {
	case TruthTrue:
		return TruthFalse
	case TruthFalse:
		return TruthTrue
	}
	return TruthUnknown
}

// ExprKind classifies an expression node the model keeps.
type ExprKind int

// Expression kinds.
const (
	ExprOther ExprKind = iota
	// ExprVar is a plain variable, $name.
	ExprVar
	// ExprCall is a call, new included.
	ExprCall
)

// Expr is an expression the model refers to as a node: a method call's
// receiver.
type Expr struct {
	Kind ExprKind
	Span Span
	// Var is the variable's name without "$" for ExprVar.
	Var string
	// Call is the call for ExprCall.
	Call *Call
}

// StmtKind classifies a statement.
type StmtKind int

// Statement kinds. Else, elseif, catch, finally and case are the clauses
// of the statement that precedes them in Function.Stmts.
const (
	StmtOther StmtKind = iota
	StmtExpression
	StmtReturn
	StmtIf
	StmtElseIf
	StmtElse
	StmtFor
	StmtForeach
	StmtWhile
	StmtDo
	StmtTry
	StmtCatch
	StmtFinally
	StmtSwitch
	StmtCase
	// StmtDecl is a function or class declared inside the body.
	StmtDecl
)

// Stmt is one statement of a function body.
type Stmt struct {
	Kind StmtKind
	// Span covers the statement, its ";" included.
	Span Span
	// Parent indexes the statement (or clause) of Function.Stmts that
	// holds this one, -1 at the top level of the body.
	Parent int
	// UntilFinished names, for a do-while or while loop whose condition
	// reads $NAME['#finished'], that variable: the loop runs a batched
	// update until it says it is done.
	UntilFinished string
}

// Compound reports whether the statement holds other statements.
func (s Stmt) Compound() bool {
	switch s.Kind {
	case StmtIf, StmtElseIf, StmtElse, StmtFor, StmtForeach, StmtWhile, StmtDo, StmtTry, StmtCatch, StmtFinally, StmtSwitch, StmtCase:
		return true
	}
	return false
}

// Assign is one plain assignment, $name = value or $name[…] = value.
type Assign struct {
	// Var is the assigned variable without "$".
	Var   string
	Value Value
	Span  Span
	// Call is the assigned call when the value is one, else nil.
	Call *Call
	// Element is true for a write into the variable ($x[] = …,
	// $x['k'] = …), false when the variable itself is replaced.
	Element bool
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
	// Vars are the plain variables the condition reads, with what each
	// must be for the condition to hold.
	Vars []CondVar
}

// CondVar is a variable read by a condition.
type CondVar struct {
	Name  string
	Truth Truth
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
	// ValueObject is an (object) cast of an array literal: Items holds the
	// array's items.
	ValueObject
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
	// Var is the variable's name without "$" when the argument is a plain
	// variable, else "".
	Var string
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
	// ReplaySchemaReset sets the module's installed schema version back
	// below its first update (the seed's alternative), so that the next
	// updb runs every update: it covers every update, at the next updb.
	ReplaySchemaReset
)

var replayNames = [...]string{"none", "range", "registry", "explicit", "schema reset"}

func (k ReplayKind) String() string { return replayNames[k] }

// Replay describes how an install function replays updates.
type Replay struct {
	Kind ReplayKind
	// From and To bound a ReplayRange, inclusive.
	From, To int
	// Prefix is the function-name prefix a ReplayRange calls.
	Prefix string
	// Bound covers the literal upper bound of a ReplayRange (the 8000 of
	// $i < 8000); BoundInclusive is true for $i <= N.
	Bound          Span
	BoundInclusive bool
	// Numbers are the updates a ReplayExplicit calls, in call order, and
	// Calls those calls.
	Numbers []int
	Calls   []*Call
	// Stmts index the top-level statements of the function (in
	// Function.Stmts) that make up the replay: the statement holding the
	// loop and the assignments just before it that only the loop reads,
	// the statements holding explicit calls, or the schema reset. Every
	// other statement is the module's own. Variables are told apart by
	// name, as PHP does, never by a part of a name.
	Stmts []int
	// Span covers the replay's statements, first to last.
	Span Span
	// SeedForm is true when the replay is exactly the seed article's loop,
	// for ($i = N001; $i < M000; $i++) { $c = 'PREFIX' . $i; if
	// (function_exists($c)) { $c(); } }, with nothing else reading its
	// variables: the one form a safe fix replaces whole.
	SeedForm bool
	// PassesSandbox is true when a loop's call of the update passes an
	// argument.
	PassesSandbox bool
	// Sandbox is true when a loop's call of the update passes a variable
	// and repeats until that variable's '#finished' reaches 1: a
	// do-while or while whose condition reads $sandbox['#finished'].
	Sandbox bool
	// Resumable is true when a catch clause of the replay records the
	// last completed update (drupal_set_installed_schema_version,
	// setInstalledVersion).
	Resumable bool
	// SandboxlessCalls are explicit calls to updates made without an
	// argument (for DC006).
	SandboxlessCalls []int
	// Unrecognised covers the first thing in a function without a
	// recognised replay that names the module's updates all the same (a
	// string 'NAME_update_' built into a call_user_func(), a list of
	// numbers): a replay dcycle does not understand, so that no edit adds
	// a second one. Zero when there is none.
	Unrecognised Span
	// Via is the helper function of the same file that holds the replay,
	// when hook_install() calls one instead of replaying itself; Stmts and
	// Span then refer to Via's body.
	Via *Function
	// PostUpdates is how the same body replays the module's post-updates
	// (Drupal 8 and later), apart from the updates.
	PostUpdates PostUpdateReplay
}

// Covers reports whether the replay calls update number n of a module whose
// update functions start with prefix.
func (r *Replay) Covers(prefix string, n int) bool {
	if r == nil {
		return false
	}
	switch r.Kind {
	case ReplayRegistry, ReplaySchemaReset:
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
