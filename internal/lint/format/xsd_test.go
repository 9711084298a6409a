package format

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// No XSD validator for Go could be had from the module proxy, so the JUnit
// tests check reports against testdata/junit.xsd with this structural
// validator of the part of XML Schema that file uses: global elements
// (referenced with ref, or typed xs:string), complex types of a sequence or
// a choice of element references with minOccurs and maxOccurs, attributes
// with use and a type, and simple content extending xs:string. Anything
// else in the schema is an error, so the check never passes by ignoring a
// rule. xmllint, where it is installed, validates with libxml2 as well.

// xmlNode is any element, with its attributes, children and text.
type xmlNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []xmlNode  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *xmlNode) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

const xsdNS = "http://www.w3.org/2001/XMLSchema"

// xsdSchema is a parsed schema: its global element declarations by name.
type xsdSchema struct {
	elements map[string]*xmlNode
}

func loadXSD(path string) (*xsdSchema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var root xmlNode
	if err := xml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if root.XMLName.Space != xsdNS || root.XMLName.Local != "schema" {
		return nil, fmt.Errorf("%s: the root is not xs:schema", path)
	}
	s := &xsdSchema{elements: map[string]*xmlNode{}}
	for i := range root.Nodes {
		n := &root.Nodes[i]
		name, _ := n.attr("name")
		if n.XMLName.Space != xsdNS || n.XMLName.Local != "element" || name == "" {
			return nil, fmt.Errorf("%s: unsupported top-level %s", path, n.XMLName.Local)
		}
		s.elements[name] = n
	}
	return s, nil
}

// validate checks an XML document against the schema.
func (s *xsdSchema) validate(data []byte) error {
	var root xmlNode
	if err := xml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		return fmt.Errorf("not well-formed: %w", err)
	}
	return s.element(&root, "/"+root.XMLName.Local)
}

func (s *xsdSchema) element(n *xmlNode, where string) error {
	decl, ok := s.elements[n.XMLName.Local]
	if !ok || n.XMLName.Space != "" {
		return fmt.Errorf("%s: element not declared", where)
	}
	if typ, ok := decl.attr("type"); ok {
		if typ != "xs:string" {
			return fmt.Errorf("%s: unsupported element type %s", where, typ)
		}
		if len(n.Attrs) > 0 || len(n.Nodes) > 0 {
			return fmt.Errorf("%s: a text-only element has attributes or children", where)
		}
		return nil
	}
	if len(decl.Nodes) != 1 || decl.Nodes[0].XMLName.Local != "complexType" {
		return fmt.Errorf("%s: unsupported declaration (want one xs:complexType)", where)
	}
	ct := &decl.Nodes[0]
	var attrs []*xmlNode
	var model *xmlNode
	simple := false
	for i := range ct.Nodes {
		c := &ct.Nodes[i]
		switch c.XMLName.Local {
		case "attribute":
			attrs = append(attrs, c)
		case "sequence", "choice":
			model = c
		case "simpleContent":
			ext := c.Nodes
			if len(ext) != 1 || ext[0].XMLName.Local != "extension" {
				return fmt.Errorf("%s: unsupported simpleContent", where)
			}
			if base, _ := ext[0].attr("base"); base != "xs:string" {
				return fmt.Errorf("%s: unsupported simpleContent base %s", where, base)
			}
			for j := range ext[0].Nodes {
				if ext[0].Nodes[j].XMLName.Local != "attribute" {
					return fmt.Errorf("%s: unsupported %s in an extension", where, ext[0].Nodes[j].XMLName.Local)
				}
				attrs = append(attrs, &ext[0].Nodes[j])
			}
			simple = true
		default:
			return fmt.Errorf("%s: unsupported %s in a complexType", where, c.XMLName.Local)
		}
	}
	if err := checkAttributes(n, attrs, where); err != nil {
		return err
	}
	if simple {
		if len(n.Nodes) > 0 {
			return fmt.Errorf("%s: text-only element has child elements", where)
		}
		return nil
	}
	if strings.TrimSpace(n.Text) != "" {
		return fmt.Errorf("%s: text %q where only elements are allowed", where, strings.TrimSpace(n.Text))
	}
	rest, err := s.match(model, n.Nodes, where)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%s: unexpected element %s", where, rest[0].XMLName.Local)
	}
	for i := range n.Nodes {
		if err := s.element(&n.Nodes[i], where+"/"+n.Nodes[i].XMLName.Local+"["+strconv.Itoa(i+1)+"]"); err != nil {
			return err
		}
	}
	return nil
}

// occurs reads minOccurs and maxOccurs, -1 for unbounded.
func occurs(n *xmlNode) (lo, hi int, err error) {
	lo, hi = 1, 1
	if v, ok := n.attr("minOccurs"); ok {
		if lo, err = strconv.Atoi(v); err != nil {
			return 0, 0, err
		}
	}
	if v, ok := n.attr("maxOccurs"); ok {
		if v == "unbounded" {
			hi = -1
		} else if hi, err = strconv.Atoi(v); err != nil {
			return 0, 0, err
		}
	}
	return lo, hi, nil
}

// match consumes the children that model (a sequence or a choice of
// element references, or nil for empty content) accepts, greedily, and
// returns the rest.
func (s *xsdSchema) match(model *xmlNode, children []xmlNode, where string) ([]xmlNode, error) {
	if model == nil {
		return children, nil
	}
	refOf := func(p *xmlNode) (string, error) {
		ref, ok := p.attr("ref")
		if p.XMLName.Local != "element" || !ok {
			return "", fmt.Errorf("%s: unsupported particle %s", where, p.XMLName.Local)
		}
		return ref, nil
	}
	lo, hi, err := occurs(model)
	if err != nil {
		return nil, err
	}
	switch model.XMLName.Local {
	case "sequence":
		if lo != 1 || hi != 1 {
			return nil, fmt.Errorf("%s: unsupported repeated sequence", where)
		}
		for i := range model.Nodes {
			p := &model.Nodes[i]
			ref, err := refOf(p)
			if err != nil {
				return nil, err
			}
			plo, phi, err := occurs(p)
			if err != nil {
				return nil, err
			}
			n := 0
			for len(children) > 0 && children[0].XMLName.Local == ref && (phi < 0 || n < phi) {
				children = children[1:]
				n++
			}
			if n < plo {
				return nil, fmt.Errorf("%s: %d %s, want at least %d", where, n, ref, plo)
			}
		}
		return children, nil
	case "choice":
		allowed := map[string]bool{}
		for i := range model.Nodes {
			ref, err := refOf(&model.Nodes[i])
			if err != nil {
				return nil, err
			}
			allowed[ref] = true
		}
		n := 0
		for len(children) > 0 && allowed[children[0].XMLName.Local] && (hi < 0 || n < hi) {
			children = children[1:]
			n++
		}
		if n < lo {
			return nil, fmt.Errorf("%s: %d elements, want at least %d", where, n, lo)
		}
		return children, nil
	}
	return nil, fmt.Errorf("%s: unsupported content model %s", where, model.XMLName.Local)
}

func checkAttributes(n *xmlNode, decls []*xmlNode, where string) error {
	declared := map[string]*xmlNode{}
	for _, d := range decls {
		name, _ := d.attr("name")
		declared[name] = d
		if use, _ := d.attr("use"); use == "required" {
			if _, ok := n.attr(name); !ok {
				return fmt.Errorf("%s: required attribute %s is missing", where, name)
			}
		}
	}
	for _, a := range n.Attrs {
		d, ok := declared[a.Name.Local]
		if !ok || a.Name.Space != "" {
			return fmt.Errorf("%s: attribute %s is not declared", where, a.Name.Local)
		}
		typ, _ := d.attr("type")
		if err := checkType(typ, a.Value); err != nil {
			return fmt.Errorf("%s: attribute %s: %w", where, a.Name.Local, err)
		}
	}
	return nil
}

func checkType(typ, v string) error {
	digits := func(s string) bool {
		if s == "" {
			return false
		}
		for _, r := range s {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	switch typ {
	case "xs:string":
		return nil
	case "xs:nonNegativeInteger":
		if digits(v) {
			return nil
		}
	case "xs:positiveInteger":
		if digits(v) && strings.Trim(v, "0") != "" {
			return nil
		}
	case "xs:decimal":
		whole, frac, _ := strings.Cut(strings.TrimPrefix(v, "-"), ".")
		if digits(whole) && (frac == "" && !strings.HasSuffix(v, ".") || digits(frac)) {
			return nil
		}
	default:
		return fmt.Errorf("unsupported type %s", typ)
	}
	return fmt.Errorf("%q is not an %s", v, typ)
}
