package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
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
	docs     map[string]string // function name → its page in Microsoft's documentation
}

// Articles returns every article: errors by code, then known issues by number.
func (c *Corpus) Articles() []*Article { return c.articles }

// Errors returns the error articles: Winsock errors by code, then the
// others (POSIX and resolver errors) by id.
func (c *Corpus) Errors() []*Article { return c.errors }

// KnownIssues returns the KB articles, by number.
func (c *Corpus) KnownIssues() []*Article { return c.kbs }

// Article returns the article with the given id, ignoring case, or nil.
func (c *Corpus) Article(id string) *Article { return c.byID[strings.ToUpper(id)] }

// ByCode returns the error article with the given code, or nil.
func (c *Corpus) ByCode(code int) *Article { return c.byCode[code] }

// FunctionDoc returns the URL of Microsoft's documentation of a Winsock
// function (from functions.tsv), or "" when there is none.
func (c *Corpus) FunctionDoc(name string) string { return c.docs[name] }

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
// cannot exhaust memory and no body takes goldmark long: rendering costs
// up to a few seconds a megabyte for some ordinary shapes (long code
// blocks, thousands of headings), so the limit is 128 KiB, nine times the
// largest built-in article (14 KB).
const maxArticleSize = 128 << 10

// Load reads every article of fsys (errors/*.md and kb/*.md), validates it
// and the links between articles, renders the bodies and computes the
// cross-links. On any problem it returns a [Problems] error listing all of
// them, each with its file and line.
func Load(fsys fs.FS) (*Corpus, error) {
	var ps problems
	var all []*source
	// The ids of files too broken to read: what names them is not
	// reported too, as it would be for an id no file has.
	broken := map[string]bool{}
	unlisted := false // a folder could not be read
	for _, f := range folders {
		// Not fs.Glob: it takes a folder it cannot read for an empty one,
		// and a content folder that lost its permissions would silently
		// drop its articles.
		entries, err := fs.ReadDir(fsys, f.dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			ps.add(f.dir, 0, "cannot read the folder: %v", unwrapPath(err))
			unlisted = true
			continue
		}
		for _, e := range entries {
			if path.Ext(e.Name()) != ".md" {
				continue
			}
			name := f.dir + "/" + e.Name()
			src := parseFile(fsys, name, f.kind, &ps)
			if src == nil {
				broken[strings.ToUpper(strings.TrimSuffix(e.Name(), ".md"))] = true
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
	if unlisted {
		// Every article naming one in a folder that could not be read
		// would be a problem too, and none of them the one to fix.
		ps.list.sort()
		return nil, ps.list
	}

	c := &Corpus{byID: map[string]*Article{}, byCode: map[int]*Article{}}
	c.docs = readFunctionDocs(fsys, &ps)
	aliases := map[string]*source{}
	byID := map[string]*source{}
	for _, s := range all {
		key := strings.ToUpper(s.ID)
		if prev, ok := byID[key]; ok {
			ps.add(s.Path, s.line("id"), "duplicate id %q: also in %s", s.ID, prev.Path)
			continue
		}
		byID[key] = s
		if s.Kind == KindError && s.Code != 0 {
			if prev := c.byCode[s.Code]; prev != nil {
				ps.add(s.Path, s.line("code"), "duplicate code %d: also in %s", s.Code, prev.Path)
			} else {
				c.byCode[s.Code] = s.Article
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
			case t == nil && broken[strings.ToUpper(id)]:
			case t == nil:
				ps.add(s.Path, s.item(field, i), "%s names %q, which is not an article", field, id)
			case t.Kind != want:
				ps.add(s.Path, s.item(field, i), "%s names %q, which is a %s article, not an %s article", field, id, t.Kind, want)
			case t == s:
				ps.add(s.Path, s.item(field, i), "%s names the article itself", field)
			case seen[t.Article]:
				ps.add(s.Path, s.item(field, i), "%s names %q twice", field, id)
			default:
				seen[t.Article] = true
				out = append(out, t.Article)
			}
		}
		return out
	}
	for _, s := range all {
		s.SeeAlsoArticles = resolve(s, "see_also", s.SeeAlso, KindError)
		s.ErrorArticles = resolve(s, "errors", s.Errors, KindError)
		s.EquivalentArticles = resolve(s, "equivalents", s.Equivalents, KindError)
	}
	if len(ps.list) > 0 {
		ps.list.sort()
		return nil, ps.list
	}

	for _, s := range all {
		a := s.Article
		c.byID[strings.ToUpper(a.ID)] = a
		if a.Kind == KindKB {
			c.kbs = append(c.kbs, a)
		} else {
			c.errors = append(c.errors, a)
		}
	}
	// Winsock errors by code, then the POSIX and resolver errors by name.
	slices.SortFunc(c.errors, func(a, b *Article) int {
		return cmp.Or(cmp.Compare(b2i(!a.Winsock()), b2i(!b.Winsock())), cmp.Compare(a.Code, b.Code), strings.Compare(a.ID, b.ID))
	})
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
	par.Each(len(all), func(i int) {
		s := all[i]
		// A panic in goldmark or chroma on some input is that file's
		// problem: it must not take a serving process down with it.
		defer func() {
			if r := recover(); r != nil {
				errs[i] = fmt.Errorf("rendering failed (a bug: please report it with this file): %v", r)
			}
		}()
		if errs[i] = md.render(s.Article, s.body); errs[i] == nil {
			errs[i] = md.renderFix(s.Article)
		}
	})
	for i, err := range errs {
		if err != nil {
			line := all[i].bodyLine
			var se *sourceError
			if errors.As(err, &se) && se.offset <= len(all[i].body) {
				line += bytes.Count(all[i].body[:se.offset], []byte("\n"))
			}
			ps.add(all[i].Path, line, "%v", err)
		}
	}
	if len(ps.list) > 0 {
		ps.list.sort()
		return nil, ps.list
	}
	c.link()
	return c, nil
}

// functionDocs is the corpus file that maps function names to the pages
// of Microsoft's documentation: name, URL and how the page was verified,
// tab-separated, with # comments.
const functionDocs = "functions.tsv"

// readFunctionDocs reads functionDocs, if the corpus has it.
func readFunctionDocs(fsys fs.FS, ps *problems) map[string]string {
	docs := map[string]string{}
	data, err := fs.ReadFile(fsys, functionDocs)
	if errors.Is(err, fs.ErrNotExist) {
		return docs
	}
	if err != nil {
		ps.add(functionDocs, 0, "%v", err)
		return docs
	}
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		switch {
		case len(cols) != 3:
			ps.add(functionDocs, i+1, "%d columns, want 3: name, URL and how the page was verified", len(cols))
		case !strings.HasPrefix(cols[1], "https://learn.microsoft.com/"):
			ps.add(functionDocs, i+1, "%q is not a page of Microsoft's documentation (https://learn.microsoft.com/…)", cols[1])
		case strings.TrimSpace(cols[2]) == "":
			ps.add(functionDocs, i+1, "say how the page of %s was verified", cols[0])
		case docs[cols[0]] != "":
			ps.add(functionDocs, i+1, "%s is listed twice", cols[0])
		default:
			docs[cols[0]] = cols[1]
		}
	}
	return docs
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
		for _, t := range a.EquivalentArticles {
			addRef(a, t)
			if !slices.Contains(t.EquivalentArticles, a) {
				t.EquivalentArticles = append(t.EquivalentArticles, a)
			}
		}
		for _, t := range a.Mentions {
			addRef(a, t)
		}
	}
	for _, a := range c.articles {
		a.ReferencedBy = refs[a] // in corpus order: errors by code, then KBs
		// Issues that still bite come before the historical ones.
		slices.SortStableFunc(a.KnownIssues, func(x, y *Article) int {
			return cmp.Compare(b2i(x.Historical), b2i(y.Historical))
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// source is an article while it loads. Only the Article outlives the load.
type source struct {
	*Article
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
	data, problem := readArticle(fsys, name)
	if problem != "" {
		ps.add(name, 0, "%s", problem)
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
	// Before goldmark ever sees the body: a shape it is slow on is a
	// problem, reported with the rest.
	checkShape(name, body, bodyLine, ps)
	const offset = 1 // front matter starts on line 2 of the file

	var root yaml.Node
	if err := yaml.Unmarshal(front, &root); err != nil {
		addYAMLError(ps, name, offset, err)
		return nil
	}
	src := &source{Article: &Article{}, lines: map[string]int{}, items: map[string][]int{}, body: body, bodyLine: bodyLine}
	src.Path = name
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		ps.add(name, 2, "front matter must be a YAML mapping of fields")
		return nil
	}
	// Anchors and aliases can make a small file expand to gigabytes when
	// decoded; articles have no use for them.
	if n := findAlias(&root); n != nil {
		ps.add(name, n.Line+offset, "YAML anchors and aliases (&name, *name) are not allowed in front matter")
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
	// Decoded with known fields only, so a misspelt field is an error,
	// not silently dropped.
	dec := yaml.NewDecoder(bytes.NewReader(front))
	dec.KnownFields(true)
	if err := dec.Decode(&src.FrontMatter); err != nil {
		addYAMLError(ps, name, offset, err)
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil
		}
		// The rest of the fields decoded: check them too, but not the
		// ones already reported.
		src.badLines = map[int]bool{}
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

// readArticle reads one article file, or says why it will not: only a
// regular file of at most maxArticleSize bytes is read. Its type is
// checked before it is opened, since opening a named pipe blocks until a
// writer comes, and a device (a symbolic link to /dev/zero) never ends.
func readArticle(fsys fs.FS, name string) ([]byte, string) {
	st, err := fs.Stat(fsys, name) // follows a symbolic link, opens nothing
	if err != nil {
		if l, lerr := fs.Lstat(fsys, name); lerr == nil && l.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Sprintf("symbolic link not followed (%v): a link must be relative and lead to a file inside the content folder", unwrapPath(err))
		}
		return nil, fmt.Sprintf("cannot read: %v", unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Sprintf("not a regular file but %s: skipped", fileType(st.Mode()))
	}
	if st.Size() > maxArticleSize {
		return nil, tooBig(st.Size())
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Sprintf("cannot read: %v", unwrapPath(err))
	}
	defer f.Close()
	// The file can grow (or be a file of /proc, whose size says 0) between
	// the Stat and now: never read more than one byte past the limit.
	data, err := io.ReadAll(io.LimitReader(f, maxArticleSize+1))
	if err != nil {
		return nil, fmt.Sprintf("cannot read: %v", unwrapPath(err))
	}
	if len(data) > maxArticleSize {
		return nil, tooBig(-1)
	}
	return data, ""
}

func tooBig(size int64) string {
	if size < 0 {
		return fmt.Sprintf("file is more than the limit of %d bytes", maxArticleSize)
	}
	return fmt.Sprintf("file is %d bytes, more than the limit of %d", size, maxArticleSize)
}

// unwrapPath drops the operation and path from a *fs.PathError: a
// problem already names its file.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// fileType names what a file that is not a regular file is.
func fileType(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// findAlias returns the first node of the tree that is an alias or carries
// an anchor, or nil.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

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
		_, hasCode := s.lines["code"]
		switch {
		case !hasCode && s.Errno == nil && s.GAI == nil:
			ps.add(s.Path, 1, `missing required field "code" (or, for an error Winsock has no code for, "errno" or "gai")`)
		case hasCode && (s.Code <= 0 || s.Code > 0xFFFF) && !s.badLines[s.line("code")]:
			ps.add(s.Path, s.line("code"), "code %d is out of range: want 1 to 65535", s.Code)
		}
		require("message", s.Message)
		if s.Errno != nil && s.Errno.Name == "" {
			ps.add(s.Path, s.line("errno"), `errno needs a "name"`)
		}
		if s.GAI != nil && !strings.HasPrefix(s.GAI.Name, "EAI_") {
			ps.add(s.Path, s.line("gai"), `gai needs a "name" starting with EAI_`)
		}
		if s.Family != "" && FamilyName(s.Family) == "" {
			keys := make([]string, len(Families))
			for i, f := range Families {
				keys[i] = f.Key
			}
			ps.add(s.Path, s.line("family"), "family %q is not one of %s", s.Family, strings.Join(keys, ", "))
		}
		s.checkMessages(ps)
		only("errors", s.Errors != nil, KindKB)
		only("applies_to", s.AppliesTo != nil, KindKB)
		only("historical", s.Historical, KindKB)
	case KindKB:
		if len(s.Errors) == 0 {
			ps.add(s.Path, s.line("errors"), `field "errors" must name at least one error`)
		}
		only("code", s.Code != 0, KindError)
		only("family", s.Family != "", KindError)
		only("message", s.Message != "", KindError)
		only("messages", s.Messages != nil, KindError)
		only("errno", s.Errno != nil, KindError)
		only("gai", s.GAI != nil, KindError)
		only("equivalents", s.Equivalents != nil, KindError)
		only("dotnet", s.DotNet != "", KindError)
		only("node", s.Node != nil, KindError)
		only("python", s.Python != "", KindError)
		only("java", s.Java != nil, KindError)
		only("functions", s.Functions != nil, KindError)
		only("see_also", s.SeeAlso != nil, KindError)
	}
	for _, key := range []string{"aliases", "seen_as", "symptoms", "functions", "applies_to"} {
		for i, v := range s.list(key) {
			if strings.TrimSpace(v) == "" {
				ps.add(s.Path, s.item(key, i), "%s has an empty entry", key)
			}
		}
	}
	if len(s.Fix) > maxFixSteps {
		ps.add(s.Path, s.line("fix"), "fix has %d steps: at most %d (the fix in brief; the body has the rest)", len(s.Fix), maxFixSteps)
	}
	for i, v := range s.Fix {
		switch {
		case strings.TrimSpace(v) == "":
			ps.add(s.Path, s.item("fix", i), "fix has an empty step")
		case strings.ContainsAny(v, "\n\r"):
			ps.add(s.Path, s.item("fix", i), "a fix step is one line")
		case utf8.RuneCountInString(v) > maxFixStep:
			ps.add(s.Path, s.item("fix", i), "fix step is %d characters: at most %d", utf8.RuneCountInString(v), maxFixStep)
		}
	}
	if s.Reviewed != "" {
		if _, err := time.Parse(time.DateOnly, s.Reviewed); err != nil {
			ps.add(s.Path, s.line("reviewed"), "reviewed %q is not a date such as 2026-12-04", s.Reviewed)
		}
	}
}

// validSource reports whether s names where a localized message was seen:
// an https URL, or words that say where ("seen in public code files").
func validSource(s string) bool {
	if strings.HasPrefix(s, "seen in ") && len(s) > len("seen in ")+4 {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// Limits on the fix in brief: it must fit a box at the top of a page and
// a terminal.
const (
	maxFixSteps = 6
	maxFixStep  = 240 // characters
)

// checkMessages validates the localized messages: a known language tag,
// one text per language, one line of text, a public https source.
func (s *source) checkMessages(ps *problems) {
	seen := map[string]bool{}
	for i, m := range s.Messages {
		line := s.item("messages", i)
		switch {
		case LanguageName(m.Lang) == "":
			ps.add(s.Path, line, "messages: language %q is not one of the display languages in content.Languages", m.Lang)
		case seen[m.Lang]:
			ps.add(s.Path, line, "messages: a second text for %s: keep one per language", m.Lang)
		}
		seen[m.Lang] = true
		switch {
		case strings.TrimSpace(m.Text) == "":
			ps.add(s.Path, line, "messages: the %s text is empty", m.Lang)
		case strings.ContainsAny(m.Text, "\n\r"):
			ps.add(s.Path, line, "messages: the %s text is more than one line", m.Lang)
		}
		if !validSource(m.Source) {
			ps.add(s.Path, line, `messages: the %s text needs a source: the https URL of a page where Windows printed it, or where it was seen ("seen in public code files")`, m.Lang)
		}
	}
}

func (s *source) list(key string) []string {
	switch key {
	case "aliases":
		return s.Aliases
	case "seen_as":
		return s.SeenAs
	case "symptoms":
		return s.Symptoms
	case "functions":
		return s.Functions
	case "applies_to":
		return s.AppliesTo
	}
	return nil
}
