package content

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Native lexers for the languages most code blocks are in: C, PowerShell,
// and bare command lines (console blocks without prompts). chroma's regular-expression lexers spend about half a
// millisecond on an eight-line block, which made highlighting the largest
// part of loading a big corpus; these scan each byte once. They emit
// chroma's CSS classes into chroma's HTML shape, so the same style sheet
// colours both, and they know what the corpus's blocks need (PowerShell's
// native commands with `netsh`-style arguments, which chroma's lexer marks
// as errors). Every other language still goes to chroma.

// A token is a run of code of one class ("" for plain text).
type token struct {
	class string
	text  string
}

// nativeLexers maps a fenced block's language to its lexer.
var nativeLexers = map[string]func(string) []token{
	"c":          lexC,
	"h":          lexC,
	"powershell": lexPowerShell,
	"ps1":        lexPowerShell,
	"pwsh":       lexPowerShell,
	"posh":       lexPowerShell,
}

// formatTokens writes tokens as chroma's HTML formatter does with classes:
// one <span class="line"><span class="cl"> per line, tokens split at line
// ends.
func formatTokens(toks []token) string {
	var b strings.Builder
	b.WriteString(`<pre class="chroma"><code><span class="line"><span class="cl">`)
	for i, t := range toks {
		text := t.text
		last := i == len(toks)-1
		for text != "" {
			line, rest, nl := strings.Cut(text, "\n")
			if line != "" {
				if t.class != "" {
					b.WriteString(`<span class="` + t.class + `">`)
				}
				b.WriteString(html.EscapeString(line))
				if t.class != "" {
					b.WriteString(`</span>`)
				}
			}
			if nl {
				b.WriteString("\n</span></span>")
				if rest != "" || !last {
					b.WriteString(`<span class="line"><span class="cl">`)
				}
			}
			text = rest
		}
	}
	if n := len(toks); n == 0 || !strings.HasSuffix(toks[n-1].text, "\n") {
		b.WriteString("</span></span>")
	}
	b.WriteString("</code></pre>\n")
	return b.String()
}

// scanner is the state both lexers share: the source, the position and the
// tokens so far, with plain runs merged.
type scanner struct {
	src  string
	pos  int
	toks []token
}

func (s *scanner) emit(class string, end int) {
	text := s.src[s.pos:end]
	s.pos = end
	if text == "" {
		return
	}
	if n := len(s.toks); n > 0 && s.toks[n-1].class == class {
		s.toks[n-1].text = s.src[end-len(s.toks[n-1].text)-len(text) : end]
		return
	}
	s.toks = append(s.toks, token{class, text})
}

// until returns the index of the first occurrence of sep at or after from,
// or the end of the source.
func (s *scanner) until(from int, sep string) int {
	if i := strings.Index(s.src[from:], sep); i >= 0 {
		return from + i
	}
	return len(s.src)
}

// lineEnd is the index of the newline ending the line at from (or the end).
func (s *scanner) lineEnd(from int) int { return s.until(from, "\n") }

// quoted returns the end of a string opened at from by quote, with
// backslash escapes when esc is set. An unterminated string ends its line.
func (s *scanner) quoted(from int, quote byte, esc bool) int {
	for i := from + 1; i < len(s.src); i++ {
		switch c := s.src[i]; {
		case c == '\\' && esc && i+1 < len(s.src) && s.src[i+1] != '\n':
			i++
		case c == quote:
			return i + 1
		case c == '\n':
			return i
		}
	}
	return len(s.src)
}

func isIdentStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isIdent(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skipRune is the end of the (possibly multi-byte) character at i.
func skipRune(src string, i int) int {
	if src[i] < utf8.RuneSelf {
		return i + 1
	}
	_, n := utf8.DecodeRuneInString(src[i:])
	return i + n
}

// number returns the end of a numeric literal at from and its class.
func (s *scanner) number(from int) (int, string) {
	i, class := from, "mi"
	if strings.HasPrefix(s.src[from:], "0x") || strings.HasPrefix(s.src[from:], "0X") {
		i += 2
		for i < len(s.src) && strings.IndexByte("0123456789abcdefABCDEF", s.src[i]) >= 0 {
			i++
		}
		class = "mh"
	} else {
		for i < len(s.src) && isDigit(s.src[i]) {
			i++
		}
		if i+1 < len(s.src) && s.src[i] == '.' && isDigit(s.src[i+1]) {
			class = "mf"
			for i++; i < len(s.src) && isDigit(s.src[i]); i++ {
			}
		}
	}
	for i < len(s.src) && isIdent(s.src[i]) { // suffixes: 10UL, 1.5f, 64KB
		i++
	}
	return i, class
}

var cKeywords = wordSet(`auto break case const continue default do else enum extern for goto if
	inline register restrict return sizeof static struct switch typedef union volatile while
	_Alignas _Alignof _Atomic _Noreturn _Static_assert _Thread_local`)

var cTypes = wordSet(`bool char double float int long short signed unsigned void _Bool
	size_t ssize_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t`)

var cConstants = wordSet(`NULL true false`)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// lexC tokenises C: comments, preprocessor lines, strings, characters,
// numbers, keywords, types, and names, with a call's name as a function.
func lexC(src string) []token {
	s := &scanner{src: src}
	lineStart := true // only spaces since the last newline
	for s.pos < len(src) {
		c := src[s.pos]
		switch {
		case c == '\n':
			lineStart = true
			s.emit("", s.pos+1)
			continue
		case c == ' ' || c == '\t' || c == '\r':
			s.emit("", s.pos+1)
			continue
		case c == '#' && lineStart:
			end := s.pos
			for { // a directive continues over lines ending in a backslash
				end = s.lineEnd(end)
				if end > 0 && src[end-1] == '\\' && end < len(src) {
					end++
					continue
				}
				break
			}
			s.emit("cp", end)
		case strings.HasPrefix(src[s.pos:], "//"):
			s.emit("c1", s.lineEnd(s.pos))
		case strings.HasPrefix(src[s.pos:], "/*"):
			end := s.until(s.pos+2, "*/")
			s.emit("cm", min(end+2, len(src)))
		case c == '"':
			s.stringWithEscapes(s.quoted(s.pos, '"', true))
		case c == '\'':
			s.emit("sc", s.quoted(s.pos, '\'', true))
		case isDigit(c) || c == '.' && s.pos+1 < len(src) && isDigit(src[s.pos+1]):
			end, class := s.number(s.pos)
			s.emit(class, end)
		case isIdentStart(c):
			end := s.pos
			for end < len(src) && isIdent(src[end]) {
				end++
			}
			word := src[s.pos:end]
			// L"wide" and u8"text" are string prefixes.
			if end < len(src) && src[end] == '"' && (word == "L" || word == "u8" || word == "u" || word == "U") {
				s.emit("sa", end)
				continue
			}
			class := "n"
			switch {
			case cKeywords[word]:
				class = "k"
			case cTypes[word]:
				class = "kt"
			case cConstants[word]:
				class = "kc"
			default:
				next := end
				for next < len(src) && (src[next] == ' ' || src[next] == '\t') {
					next++
				}
				if next < len(src) && src[next] == '(' {
					class = "nf"
				}
			}
			s.emit(class, end)
		case strings.IndexByte("()[]{},;", c) >= 0:
			s.emit("p", s.pos+1)
		case strings.IndexByte("+-*/%=<>!&|^~?:.", c) >= 0:
			end := s.pos + 1
			for end < len(src) && strings.IndexByte("+-*/%=<>!&|^~?:.", src[end]) >= 0 &&
				!strings.HasPrefix(src[end:], "//") && !strings.HasPrefix(src[end:], "/*") {
				end++
			}
			s.emit("o", end)
		default:
			s.emit("", skipRune(src, s.pos))
		}
		lineStart = false
	}
	return s.toks
}

// stringWithEscapes emits a C string literal ending at end, with its
// escape sequences marked.
func (s *scanner) stringWithEscapes(end int) {
	i := s.pos
	for i < end {
		if s.src[i] == '\\' && i+1 < end {
			s.emit("s", i)
			s.emit("se", i+2)
			i += 2
			continue
		}
		i++
	}
	s.emit("s", end)
}

var psKeywords = wordSet(`begin break catch class continue data do dynamicparam else elseif end
	exit filter finally for foreach function if in param process return switch throw trap try
	until using while`)

var psOperators = wordSet(`eq ne gt ge lt le like notlike match notmatch contains notcontains
	in notin replace split join and or xor not band bor bxor bnot shl shr is isnot as f
	ieq ine igt ige ilt ile ilike inotlike imatch inotmatch ireplace isplit
	ceq cne cgt cge clt cle clike cnotlike cmatch cnotmatch creplace csplit`)

// lexPowerShell tokenises PowerShell as a shell: the word in command
// position is the command (a Verb-Noun cmdlet or a native program like
// netsh), -Name words are parameters or operators, and the rest are
// arguments, strings, variables, numbers and comments.
func lexPowerShell(src string) []token { return lexShell(src, true) }

// lexCommands tokenises command lines of any shell (cmd, sh) as
// lexPowerShell does, without what only PowerShell has: type literals,
// hashtables, properties, keywords and assignments; an = is part of an
// argument (capture=yes, -type=AAAA).
func lexCommands(src string) []token { return lexShell(src, false) }

func lexShell(src string, ps bool) []token {
	s := &scanner{src: src}
	command := true // the next word is in command position
	// Open braces, true for a hashtable's: inside one, ; separates entries
	// and = ends a key.
	var braces []bool
	inHash := func() bool { return len(braces) > 0 && braces[len(braces)-1] }
	for s.pos < len(src) {
		c := src[s.pos]
		typeEnd := 0 // the end of a PowerShell [Type] literal here
		if ps && c == '[' {
			typeEnd = s.typeLiteral()
		}
		switch {
		case c == '\n':
			s.emit("", s.pos+1)
			// A line ending in a pipe or a backtick continues the command.
			if prev := lastNonSpace(src[:s.pos-1]); prev != '|' && prev != '`' {
				command = true
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
			s.emit("", s.pos+1)
			continue
		case strings.HasPrefix(src[s.pos:], "<#"):
			end := s.until(s.pos+2, "#>")
			s.emit("cm", min(end+2, len(src)))
			continue
		case c == '#':
			s.emit("c1", s.lineEnd(s.pos))
			continue
		case c == '\'':
			end := s.pos + 1
			for end < len(src) { // '' is a quote inside
				if src[end] == '\'' {
					if end+1 < len(src) && src[end+1] == '\'' {
						end += 2
						continue
					}
					end++
					break
				}
				end++
			}
			s.emit("s1", end)
		case c == '"':
			s.doubleQuoted()
		case c == '$':
			end := s.pos + 1
			if strings.HasPrefix(src[end:], "{") {
				end = min(s.until(end, "}")+1, len(src))
			} else {
				for end < len(src) && (isIdent(src[end]) || src[end] == ':' && end+1 < len(src) && isIdent(src[end+1])) {
					end++
				}
				if end == s.pos+1 && end < len(src) && strings.IndexByte("_?^$", src[end]) >= 0 {
					end++
				}
			}
			if end == s.pos+1 {
				s.emit("o", end)
			} else {
				s.emit("nv", end)
			}
		case typeEnd > 0:
			end := typeEnd
			s.emit("p", s.pos+1)
			s.emit("nc", end-1)
			s.emit("p", end)
		case c == '-' && s.pos+1 < len(src) && isIdentStart(src[s.pos+1]) && !command:
			end := s.word(s.pos+1, ps)
			name := strings.ToLower(src[s.pos+1 : end])
			if psOperators[name] && (end == len(src) || !isWordByte(src[end])) {
				s.emit("ow", end)
			} else {
				s.emit("na", end)
			}
		case ps && c == '@' && s.pos+1 < len(src) && (src[s.pos+1] == '{' || src[s.pos+1] == '('):
			s.emit("p", s.pos+2)
			command = src[s.pos-1] == '('
			if !command {
				braces = append(braces, true)
			}
			continue
		case strings.IndexByte("(){};,|", c) >= 0:
			s.emit("p", s.pos+1)
			switch c {
			case '{':
				braces = append(braces, false)
			case '}':
				if len(braces) > 0 {
					braces = braces[:len(braces)-1]
				}
			}
			command = c == '(' || c == '{' && ps || c == '|' || c == ';' && !inHash()
			continue
		case ps && c == ':' && s.pos+1 < len(src) && src[s.pos+1] == ':':
			s.emit("o", s.pos+2)
		case ps && c == '=' && (s.pos+1 == len(src) || src[s.pos+1] != '='):
			// An assignment: what follows is a pipeline.
			s.emit("o", s.pos+1)
			command = true
			continue
		case c == '=' || c == '+' || c == '*' || c == '>' || c == '!' || c == '<':
			end := s.pos + 1
			if end < len(src) && src[end] == '=' {
				end++
			}
			s.emit("o", end)
			command = false
			continue
		case ps && c == '.' && s.pos+1 < len(src) && isIdentStart(src[s.pos+1]) && s.pos > 0 &&
			(src[s.pos-1] == ')' || src[s.pos-1] == ']' || isIdent(src[s.pos-1])) && !command:
			// A property or method: (Get-Thing).Name, $x.Count.
			s.emit("p", s.pos+1)
			end := s.pos
			for end < len(src) && isIdent(src[end]) {
				end++
			}
			s.emit("na", end)
		default:
			end := s.word(s.pos, inHash())
			if end == s.pos {
				end = skipRune(src, s.pos)
			}
			word := src[s.pos:end]
			class := "n"
			switch {
			case isNumber(word):
				class = "mi"
				if strings.Contains(word, ".") {
					class = "mf"
				}
			case ps && command && psKeywords[strings.ToLower(word)]:
				class = "k"
				s.emit(class, end)
				continue // the command follows: if (...) { Get-X }
			case ps && command && isCmdlet(word):
				class = "nb"
			case command:
				class = "nf"
			}
			s.emit(class, end)
		}
		command = false
	}
	return s.toks
}

// doubleQuoted emits a "..." string with its $variables marked; a quote
// escaped with a backtick or doubled stays inside.
func (s *scanner) doubleQuoted() {
	src := s.src
	i := s.pos + 1
	for i < len(src) {
		switch c := src[i]; {
		case c == '`' && i+1 < len(src):
			i += 2
		case c == '"':
			if i+1 < len(src) && src[i+1] == '"' {
				i += 2
				continue
			}
			s.emit("s2", i+1)
			return
		case c == '$' && i+1 < len(src) && (isIdentStart(src[i+1]) || src[i+1] == '{'):
			s.emit("s2", i)
			end := i + 1
			if src[end] == '{' {
				end = min(s.until(end, "}")+1, len(src))
			} else {
				for end < len(src) && (isIdent(src[end]) || src[end] == ':' && end+1 < len(src) && isIdent(src[end+1])) {
					end++
				}
			}
			s.emit("si", end)
			i = end
		default:
			i++
		}
	}
	s.emit("s2", len(src))
}

// typeLiteral returns the end of a [Type.Name] literal at the position,
// or 0 if there is none.
func (s *scanner) typeLiteral() int {
	src := s.src
	i := s.pos + 1
	if i >= len(src) || !isIdentStart(src[i]) {
		return 0
	}
	for i < len(src) && (isIdent(src[i]) || strings.IndexByte(".[],`", src[i]) >= 0 && src[i] != ']') {
		i++
	}
	if i < len(src) && src[i] == ']' {
		return i + 1
	}
	return 0
}

// word is the end of a bare word (a command, an argument) starting at
// from. An = inside a word is part of it (netsh's protocol=tcp), unless
// the word is a hashtable's key or a quoted value follows.
func (s *scanner) word(from int, key bool) int {
	i := from
	for i < len(s.src) {
		c := s.src[i]
		if c == '=' && !key && i > from && i+1 < len(s.src) && !isSpace(s.src[i+1]) && s.src[i+1] != '\'' && s.src[i+1] != '"' && s.src[i+1] != '$' {
			i++
			continue
		}
		if !isWordByte(c) {
			break
		}
		i = skipRune(s.src, i)
	}
	return i
}

func isWordByte(c byte) bool {
	return !isSpace(c) && strings.IndexByte("(){};,|'\"$=<>#", c) < 0
}

// isCmdlet reports whether a command is Verb-Noun.
func isCmdlet(word string) bool {
	verb, noun, ok := strings.Cut(word, "-")
	return ok && verb != "" && noun != "" && isIdentStart(verb[0]) && isIdentStart(noun[0])
}

func isNumber(word string) bool {
	dots := 0
	for i := 0; i < len(word); i++ {
		switch {
		case word[i] == '.':
			dots++
		case !isDigit(word[i]):
			return false
		}
	}
	return dots <= 1 && word[0] != '.' && word[len(word)-1] != '.'
}

func lastNonSpace(s string) byte {
	s = strings.TrimRight(s, " \t\r")
	if s == "" {
		return 0
	}
	return s[len(s)-1]
}
