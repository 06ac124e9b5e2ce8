package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/sockerr/sockerr/internal/par"
)

// Corpus is a loaded, validated and cross-linked set of articles. It is
// immutable: every method is safe for concurrent use.
type Corpus struct {
	articles []*Article // errors by code, then known issues by number
	errors   []*Article
	kbs      []*Article
	byID     map[string]*Article // upper-cased id
	byCode   map[int]*Article
}

// Articles returns every article: errors by code, then known issues by number.
func (c *Corpus) Articles() []*Article { return c.articles }

// Errors returns the error articles, by code.
func (c *Corpus) Errors() []*Article { return c.errors }

// KnownIssues returns the KB articles, by number.
func (c *Corpus) KnownIssues() []*Article { return c.kbs }

// Article returns the article with the given id, ignoring case, or nil.
func (c *Corpus) Article(id string) *Article { return c.byID[strings.ToUpper(id)] }

// ByCode returns the error article with the given code, or nil.
func (c *Corpus) ByCode(code int) *Article { return c.byCode[code] }

// The folders of a corpus and the kind of article each holds.
var folders = []struct {
	dir  string
	kind Kind
	id   *regexp.Regexp
	want string // what a valid id looks like, for messages
}{
	{"errors", KindError, regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`), "upper-case letters, digits and underscores, like WSAECONNRESET"},
	{"kb", KindKB, regexp.MustCompile(`^[1-9][0-9]{0,8}$`), "a KB number, like 196271"},
}

// maxArticleSize bounds one file, so a stray binary in a content folder
// cannot exhaust memory.
const maxArticleSize = 1 << 20

// Load reads every article of fsys (errors/*.md and kb/*.md), validates it
// and the links between articles, renders the bodies and computes the
// cross-links. On any problem it returns a [Problems] error listing all of
// them, each with its file and line.
func Load(fsys fs.FS) (*Corpus, error) {
	var ps problems
	var all []*source
	for _, f := range folders {
		names, err := fs.Glob(fsys, f.dir+"/*.md")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			src := parseFile(fsys, name, f.kind, &ps)
			if src == nil {
				continue
			}
			if base := strings.TrimSuffix(path.Base(name), ".md"); src.ID != base {
				ps.add(name, src.line("id"), "id %q does not match the file name %q", src.ID, base+".md")
			} else if !f.id.MatchString(src.ID) {
				ps.add(name, src.line("id"), "id %q is not valid here: want %s", src.ID, f.want)
			}
			all = append(all, src)
		}
	}
	if len(all) == 0 && len(ps.list) == 0 {
		ps.add(".", 0, "no articles: want errors/*.md or kb/*.md")
	}

	c := &Corpus{byID: map[string]*Article{}, byCode: map[int]*Article{}}
	aliases := map[string]*source{}
	byID := map[string]*source{}
	for _, s := range all {
		key := strings.ToUpper(s.ID)
		if prev, ok := byID[key]; ok {
			ps.add(s.Path, s.line("id"), "duplicate id %q: also in %s", s.ID, prev.Path)
			continue
		}
		byID[key] = s
		if s.Kind == KindError {
			if prev := c.byCode[s.Code]; prev != nil {
				ps.add(s.Path, s.line("code"), "duplicate code %d: also in %s", s.Code, prev.Path)
			} else {
				c.byCode[s.Code] = &s.Article
			}
		}
	}
	for _, s := range all {
		for i, a := range s.Aliases {
			key := strings.ToUpper(a)
			if other, ok := byID[key]; ok && other != s {
				ps.add(s.Path, s.item("aliases", i), "alias %q is the id of %s", a, other.Path)
			} else if prev, ok := aliases[key]; ok && prev != s {
				ps.add(s.Path, s.item("aliases", i), "alias %q is also an alias in %s", a, prev.Path)
			}
			aliases[key] = s
		}
	}

	// Resolve references between articles.
	resolve := func(s *source, field string, ids []string, want Kind) []*Article {
		var out []*Article
		seen := map[*Article]bool{}
		for i, id := range ids {
			t := byID[strings.ToUpper(id)]
			switch {
			case t == nil:
				ps.add(s.Path, s.item(field, i), "%s names %q, which is not an article", field, id)
			case t.Kind != want:
				ps.add(s.Path, s.item(field, i), "%s names %q, which is a %s article, not an %s article", field, id, t.Kind, want)
			case t == s:
				ps.add(s.Path, s.item(field, i), "%s names the article itself", field)
			case seen[&t.Article]:
				ps.add(s.Path, s.item(field, i), "%s names %q twice", field, id)
			default:
				seen[&t.Article] = true
				out = append(out, &t.Article)
			}
		}
		return out
	}
	for _, s := range all {
		s.SeeAlsoArticles = resolve(s, "see_also", s.SeeAlso, KindError)
		s.ErrorArticles = resolve(s, "errors", s.Errors, KindError)
	}
	if len(ps.list) > 0 {
		ps.list.sort()
		return nil, ps.list
	}

	for _, s := range all {
		a := &s.Article
		c.byID[strings.ToUpper(a.ID)] = a
		if a.Kind == KindKB {
			c.kbs = append(c.kbs, a)
		} else {
			c.errors = append(c.errors, a)
		}
	}
	slices.SortFunc(c.errors, func(a, b *Article) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(c.kbs, func(a, b *Article) int {
		x, _ := strconv.Atoi(a.ID)
		y, _ := strconv.Atoi(b.ID)
		return cmp.Compare(x, y)
	})
	c.articles = append(slices.Clip(c.errors), c.kbs...)

	// Rendering (syntax highlighting above all) is most of the cost of a
	// load, and articles render independently: use every core.
	md := newMarkdown(c)
	errs := make([]error, len(all))
	par.Each(len(all), func(i int) { errs[i] = md.render(&all[i].Article, all[i].body) })
	for i, err := range errs {
		if err != nil {
			ps.add(all[i].Path, all[i].bodyLine, "rendering Markdown: %v", err)
		}
	}
	if len(ps.list) > 0 {
		ps.list.sort()
		return nil, ps.list
	}
	c.link()
	return c, nil
}

// link computes the backlinks and known issues of every article.
func (c *Corpus) link() {
	refs := map[*Article][]*Article{}
	addRef := func(from, to *Article) {
		if from != to && !slices.Contains(refs[to], from) {
			refs[to] = append(refs[to], from)
		}
	}
	for _, a := range c.articles {
		for _, t := range a.SeeAlsoArticles {
			addRef(a, t)
		}
		for _, t := range a.ErrorArticles {
			addRef(a, t)
			t.KnownIssues = append(t.KnownIssues, a)
		}
		for _, t := range a.Mentions {
			addRef(a, t)
		}
	}
	for _, a := range c.articles {
		a.ReferencedBy = refs[a] // in corpus order: errors by code, then KBs
	}
}

// source is an article while it loads.
type source struct {
	Article
	lines    map[string]int   // front-matter key → line in the file
	items    map[string][]int // list key → line of each item
	body     []byte
	bodyLine int          // line in the file where the body starts
	badLines map[int]bool // lines whose value did not decode
}

func (s *source) line(key string) int {
	if l, ok := s.lines[key]; ok {
		return l
	}
	return 1
}

func (s *source) item(key string, i int) int {
	if ls := s.items[key]; i < len(ls) {
		return ls[i]
	}
	return s.line(key)
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// parseFile reads and checks one article file. It returns nil when the file
// is too broken to take part in cross-file checks.
func parseFile(fsys fs.FS, name string, kind Kind, ps *problems) *source {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		ps.add(name, 0, "%v", err)
		return nil
	}
	if len(data) > maxArticleSize {
		ps.add(name, 0, "file is %d bytes, more than the limit of %d", len(data), maxArticleSize)
		return nil
	}
	if !utf8.Valid(data) {
		ps.add(name, lineOfInvalidUTF8(data), "invalid UTF-8")
		return nil
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		if bodyLine == 0 {
			ps.add(name, 1, `missing front matter: the file must start with a line "---"`)
		} else {
			ps.add(name, 1, `front matter is not closed by a line "---"`)
		}
		return nil
	}
	const offset = 1 // front matter starts on line 2 of the file

	var root yaml.Node
	if err := yaml.Unmarshal(front, &root); err != nil {
		addYAMLError(ps, name, offset, err)
		return nil
	}
	src := &source{lines: map[string]int{}, items: map[string][]int{}, body: body, bodyLine: bodyLine}
	src.Path = name
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		ps.add(name, 2, "front matter must be a YAML mapping of fields")
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		src.lines[k.Value] = k.Line + offset
		if v.Kind == yaml.SequenceNode {
			for _, it := range v.Content {
				src.items[k.Value] = append(src.items[k.Value], it.Line+offset)
			}
		}
	}
	// The tree parsed above is decoded as it is (parsing the front matter
	// again with a KnownFields decoder was a third of the time to load a
	// large corpus); unknown fields are found on the tree instead, at any
	// depth, as KnownFields would.
	unknownFields(m, reflect.TypeFor[FrontMatter](), func(line int, key string) {
		ps.add(name, line+offset, "unknown field %q", key)
		if src.badLines == nil {
			src.badLines = map[int]bool{}
		}
		src.badLines[line+offset] = true
	})
	if err := m.Decode(&src.FrontMatter); err != nil {
		addYAMLError(ps, name, offset, err)
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil
		}
		// The rest of the fields decoded: check them too, but not the
		// ones already reported.
		if src.badLines == nil {
			src.badLines = map[int]bool{}
		}
		for _, msg := range te.Errors {
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				src.badLines[n+offset] = true
			}
		}
	}
	src.check(kind, ps)
	return src
}

// unknownFields reports every key of a mapping in n that the Go type t has
// no field for, recursing into the fields that are structs (or slices or
// pointers of them), with the key's 0-based line as yaml.v3 gives it.
func unknownFields(n *yaml.Node, t reflect.Type, report func(line int, key string)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch n.Kind {
	case yaml.MappingNode:
		if t.Kind() != reflect.Struct {
			return // a map (or an interface) takes any key
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				report(k.Line, k.Value)
				continue
			}
			unknownFields(v, ft, report)
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for _, c := range n.Content {
				unknownFields(c, t.Elem(), report)
			}
		}
	}
}

// yamlFields maps the YAML keys of a struct type to their fields' types,
// by yaml.v3's rules: the tag's name, or the field's name in lower case;
// "-" is no key; inline structs lend theirs.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := yamlFieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			for k, v := range yamlFields(f.Type) {
				fields[k] = v
			}
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		fields[tag] = f.Type
	}
	yamlFieldCache.Store(t, fields)
	return fields
}

var yamlFieldCache sync.Map // reflect.Type → map[string]reflect.Type

// splitFrontMatter splits a file into its front matter and body. bodyLine is
// the 1-based line where the body starts; it is 0 when the file does not
// start with "---".
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t")) == "---" {
			next := off + len(l) + 1
			if next > len(rest) {
				next = len(rest)
			}
			return rest[:off], rest[next:], line + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, line, false
}

func addYAMLError(ps *problems, name string, offset int, err error) {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, msg := range msgs {
		msg = strings.TrimPrefix(msg, "yaml: ")
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			if strings.HasPrefix(m[2], "did not find expected") {
				// yaml.v3 reports these parser errors at the 0-based line
				// of the construct they concern; make it 1-based.
				n++
			}
			ps.add(name, n+offset, "%s", tidyYAMLMessage(m[2]))
		} else {
			ps.add(name, 1, "front matter: %s", msg)
		}
	}
}

var unknownField = regexp.MustCompile(`^field (\S+) not found in type \S+$`)

func tidyYAMLMessage(msg string) string {
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown field %q", m[1])
	}
	return msg
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return line
}

// check validates what one file can tell on its own.
func (s *source) check(kind Kind, ps *problems) {
	require := func(key, value string) {
		if strings.TrimSpace(value) == "" && !s.badLines[s.line(key)] {
			if _, ok := s.lines[key]; ok {
				ps.add(s.Path, s.line(key), "field %q is empty", key)
			} else {
				ps.add(s.Path, 1, "missing required field %q", key)
			}
		}
	}
	require("id", s.ID)
	require("kind", string(s.Kind))
	require("title", s.Title)
	require("summary", s.Summary)
	if s.Kind != "" && s.Kind != kind {
		ps.add(s.Path, s.line("kind"), "kind %q does not belong in this folder: want %q", s.Kind, kind)
	}
	only := func(key string, set bool, k Kind) {
		if set {
			ps.add(s.Path, s.line(key), "field %q is only for %s articles", key, k)
		}
	}
	switch kind {
	case KindError:
		if _, ok := s.lines["code"]; !ok {
			ps.add(s.Path, 1, `missing required field "code"`)
		} else if (s.Code <= 0 || s.Code > 0xFFFF) && !s.badLines[s.line("code")] {
			ps.add(s.Path, s.line("code"), "code %d is out of range: want 1 to 65535", s.Code)
		}
		require("message", s.Message)
		if s.Errno != nil && s.Errno.Name == "" {
			ps.add(s.Path, s.line("errno"), `errno needs a "name"`)
		}
		only("errors", s.Errors != nil, KindKB)
		only("applies_to", s.AppliesTo != nil, KindKB)
	case KindKB:
		if len(s.Errors) == 0 {
			ps.add(s.Path, s.line("errors"), `field "errors" must name at least one error`)
		}
		only("code", s.Code != 0, KindError)
		only("message", s.Message != "", KindError)
		only("errno", s.Errno != nil, KindError)
		only("dotnet", s.DotNet != "", KindError)
		only("node", s.Node != nil, KindError)
		only("python", s.Python != "", KindError)
		only("java", s.Java != nil, KindError)
		only("functions", s.Functions != nil, KindError)
		only("see_also", s.SeeAlso != nil, KindError)
	}
	for _, key := range []string{"aliases", "seen_as", "functions", "applies_to"} {
		for i, v := range s.list(key) {
			if strings.TrimSpace(v) == "" {
				ps.add(s.Path, s.item(key, i), "%s has an empty entry", key)
			}
		}
	}
}

func (s *source) list(key string) []string {
	switch key {
	case "aliases":
		return s.Aliases
	case "seen_as":
		return s.SeenAs
	case "functions":
		return s.Functions
	case "applies_to":
		return s.AppliesTo
	}
	return nil
}
