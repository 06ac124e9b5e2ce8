package content

import (
	"fmt"
	"strings"
)

// Kind says what an article is about.
type Kind string

const (
	KindError Kind = "error" // one Winsock error code
	KindKB    Kind = "kb"    // one known issue (a Microsoft KB article)
)

// Errno is the POSIX equivalent of a Winsock error, with its number on each
// platform. A zero number means the platform has no such errno.
type Errno struct {
	Name    string `yaml:"name" json:"name,omitempty"`
	Linux   int    `yaml:"linux" json:"linux,omitempty"`
	MacOS   int    `yaml:"macos" json:"macos,omitempty"`
	FreeBSD int    `yaml:"freebsd" json:"freebsd,omitempty"`
	MSVC    int    `yaml:"msvc" json:"msvc,omitempty"`
}

// NodeError is how Node.js (libuv) reports the error on Windows.
type NodeError struct {
	Code  string `yaml:"code" json:"code,omitempty"`
	Errno int    `yaml:"errno" json:"errno,omitempty"`
}

// JavaError is how the JDK reports the error on Windows.
type JavaError struct {
	Exception string `yaml:"exception" json:"exception,omitempty"`
	Message   string `yaml:"message" json:"message,omitempty"`
}

// GAI is a getaddrinfo error (EAI_*), with its number in each C library.
// A zero number means the library has no such error.
type GAI struct {
	Name    string `yaml:"name" json:"name,omitempty"`
	Glibc   int    `yaml:"glibc" json:"glibc,omitempty"`
	Musl    int    `yaml:"musl" json:"musl,omitempty"`
	MacOS   int    `yaml:"macos" json:"macos,omitempty"`
	FreeBSD int    `yaml:"freebsd" json:"freebsd,omitempty"`
}

// A Message is Windows' own text of an error in one display language, with
// a public page where Windows was seen printing it.
type Message struct {
	Lang   string `yaml:"lang" json:"lang,omitempty"`     // a tag of [Languages], such as "zh-CN"
	Text   string `yaml:"text" json:"text,omitempty"`     // verbatim
	Source string `yaml:"source" json:"source,omitempty"` // an https URL
}

// FrontMatter is the YAML at the top of an article file, as written.
type FrontMatter struct {
	ID       string   `yaml:"id"`
	Kind     Kind     `yaml:"kind"`
	Title    string   `yaml:"title"`
	Summary  string   `yaml:"summary"`
	Aliases  []string `yaml:"aliases"`
	SeenAs   []string `yaml:"seen_as"`
	Symptoms []string `yaml:"symptoms"`
	Fix      []string `yaml:"fix"`
	Reviewed string   `yaml:"reviewed"`

	// Error articles.
	Code        int        `yaml:"code"`
	Family      string     `yaml:"family"`
	Message     string     `yaml:"message"`
	Messages    []Message  `yaml:"messages"`
	Errno       *Errno     `yaml:"errno"`
	GAI         *GAI       `yaml:"gai"`
	Equivalents []string   `yaml:"equivalents"`
	DotNet      string     `yaml:"dotnet"`
	Node        *NodeError `yaml:"node"`
	Python      string     `yaml:"python"`
	Java        *JavaError `yaml:"java"`
	Functions   []string   `yaml:"functions"`
	SeeAlso     []string   `yaml:"see_also"`

	// Known-issue articles.
	Errors     []string `yaml:"errors"`
	AppliesTo  []string `yaml:"applies_to"`
	Historical bool     `yaml:"historical"`
}

// An Article is one page of the knowledge base: its front matter, its
// rendered body and the links computed across the corpus.
type Article struct {
	FrontMatter

	Path string // path of the source file within the corpus FS

	HTML     string    // the body rendered to HTML, with cross-links
	Text     string    // the body as plain text, for search
	Headings []Heading // the body's sections, in order
	FixHTML  string    // the fix as an HTML ordered list; "" when there is none
	FixText  []string  // the fix's steps as plain text

	SeeAlsoArticles    []*Article // see_also, resolved
	ErrorArticles      []*Article // a KB article's errors, resolved
	ReferencedBy       []*Article // articles that link here (see_also, errors or body text)
	KnownIssues        []*Article // KB articles whose errors name this error: current ones first, then historical
	EquivalentArticles []*Article // the same condition on another system, in both directions
	Mentions           []*Article // articles this body mentions, in order of first mention
}

// A Heading is a section of an article body.
type Heading struct {
	Level int
	ID    string // the anchor, unique within the article
	Title string
	Text  string // plain text of the section, up to the next heading
}

// URL is the canonical path of the article's page.
func (a *Article) URL() string {
	if a.Kind == KindKB {
		return "/kb/" + a.ID
	}
	return "/errors/" + a.ID
}

// Winsock reports whether the article is about a Winsock error code. Error
// articles without one are POSIX or resolver errors (EPIPE, EAI_AGAIN).
func (a *Article) Winsock() bool { return a.Kind == KindError && a.Code != 0 }

// Hex is the error code in hexadecimal, as Windows headers write it (0x2746).
func (a *Article) Hex() string {
	if !a.Winsock() {
		return ""
	}
	return fmt.Sprintf("0x%04X", a.Code)
}

// HRESULT is the code wrapped as HRESULT_FROM_WIN32 (0x80072746), the form
// COM, WinRT and .NET's HResult show.
func (a *Article) HRESULT() string {
	if !a.Winsock() {
		return ""
	}
	return fmt.Sprintf("0x%08X", HRESULT(a.Code))
}

// HRESULT returns HRESULT_FROM_WIN32(code).
func HRESULT(code int) uint32 {
	return 0x80070000 | uint32(code)&0xFFFF
}

// Label is how the article is named in lists: "WSAECONNRESET (10054)" or
// "KB 196271".
func (a *Article) Label() string {
	switch {
	case a.Kind == KindKB:
		return "KB " + a.ID
	case a.Code == 0:
		return a.ID
	}
	return fmt.Sprintf("%s (%d)", a.ID, a.Code)
}

// Section returns the plain text of the section whose heading matches title
// (case-insensitive), or "" when there is none.
func (a *Article) Section(title string) string {
	for _, h := range a.Headings {
		if strings.EqualFold(h.Title, title) {
			return h.Text
		}
	}
	return ""
}
