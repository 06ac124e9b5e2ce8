package content

import (
	"html"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// classes renders a lexer's tokens compactly, plain text left out:
// "nb:Get-Process na:-Id mi:4".
func classes(toks []token) string {
	var parts []string
	for _, t := range toks {
		if t.class != "" {
			parts = append(parts, t.class+":"+t.text)
		}
	}
	return strings.Join(parts, " ")
}

func TestLexC(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"int err = WSAGetLastError();", "kt:int n:err o:= nf:WSAGetLastError p:();"},
		{"if (rc == SOCKET_ERROR) return -1;", "k:if p:( n:rc o:== n:SOCKET_ERROR p:) k:return o:- mi:1 p:;"},
		{"#include <winsock2.h>\nint x;", "cp:#include <winsock2.h> kt:int n:x p:;"},
		{"  #define A \\\n  1\nA", "cp:#define A \\\n  1 n:A"},
		{"x = 0x2746; y = 1.5f; z = 10UL;", "n:x o:= mh:0x2746 p:; n:y o:= mf:1.5f p:; n:z o:= mi:10UL p:;"},
		{`printf("%d\n", 'a');`, `nf:printf p:( s:"%d se:\n s:" p:, sc:'a' p:);`},
		{"// done\n/* a\nb */ p->next", "c1:// done cm:/* a\nb */ n:p o:-> n:next"},
		{"ptr = NULL; sizeof (SOCKADDR_IN)", "n:ptr o:= kc:NULL p:; k:sizeof p:( n:SOCKADDR_IN p:)"},
		{`w = L"wide";`, `n:w o:= sa:L s:"wide" p:;`},
		{"a /*unterminated", "n:a cm:/*unterminated"},
		{`s = "unterminated`, `n:s o:= s:"unterminated`},
		{"x = a/b;", "n:x o:= n:a o:/ n:b p:;"},
		{"héllo()", "n:h nf:llo p:()"},
	} {
		if got := classes(lexC(tc.code)); got != tc.want {
			t.Errorf("lexC(%q)\n got %s\nwant %s", tc.code, got, tc.want)
		}
	}
}

func TestLexPowerShell(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"Get-NetTCPConnection -State Listen -LocalPort 8080",
			"nb:Get-NetTCPConnection na:-State n:Listen na:-LocalPort mi:8080"},
		{"netsh int ipv4 show dynamicport tcp", "nf:netsh n:int n:ipv4 n:show n:dynamicport n:tcp"},
		{"netsh interface ipv4 show excludedportrange protocol=tcp",
			"nf:netsh n:interface n:ipv4 n:show n:excludedportrange n:protocol=tcp"},
		// chroma's lexer marks these colons as errors.
		{`auditpol /set /subcategory:"Filtering Platform Connection" /failure:enable`,
			`nf:auditpol n:/set n:/subcategory: s2:"Filtering Platform Connection" n:/failure:enable`},
		{"netstat -ano | findstr :443", "nf:netstat na:-ano p:| nf:findstr n::443"},
		{"Get-Thing |\n  Where-Object RemotePort -eq 443",
			"nb:Get-Thing p:| nb:Where-Object n:RemotePort ow:-eq mi:443"},
		{"Get-WinEvent -FilterHashtable @{LogName='System'; Id=4227,4231}",
			"nb:Get-WinEvent na:-FilterHashtable p:@{ n:LogName o:= s1:'System' p:; n:Id o:= mi:4227 p:, mi:4231 p:}"},
		{"(Get-NetTCPConnection -State Listen).OwningProcess",
			"p:( nb:Get-NetTCPConnection na:-State n:Listen p:). na:OwningProcess"},
		{"$c = Get-Counter; $c.CounterSamples", "nv:$c o:= nb:Get-Counter p:; nv:$c p:. na:CounterSamples"},
		{`Write-Host "port $port on ${env:COMPUTERNAME}" 'it''s'`,
			`nb:Write-Host s2:"port  si:$port s2: on  si:${env:COMPUTERNAME} s2:" s1:'it''s'`},
		{"# a comment\n<# block\ncomment #>\nipconfig /all", "c1:# a comment cm:<# block\ncomment #> nf:ipconfig n:/all"},
		{"foreach ($p in $ports) { Test-NetConnection -Port $p }",
			"k:foreach p:( nv:$p n:in nv:$ports p:) p:{ nb:Test-NetConnection na:-Port nv:$p p:}"},
		{"[int]$x = [System.Net.Sockets.SocketError]::ConnectionReset",
			"p:[ nc:int p:] nv:$x o:= p:[ nc:System.Net.Sockets.SocketError p:] o::: n:ConnectionReset"},
		{"$env:TEMP; $_.Id; $null", "nv:$env:TEMP p:; nv:$_ p:. na:Id p:; nv:$null"},
		{"Get-X | % { $_ }", "nb:Get-X p:| nf:% p:{ nv:$_ p:}"},
		{"Test-NetConnection 192.0.2.10 -Port 443", "nb:Test-NetConnection n:192.0.2.10 na:-Port mi:443"},
		{`"unterminated`, `s2:"unterminated`},
		{"$", "o:$"},
	} {
		if got := classes(lexPowerShell(tc.code)); got != tc.want {
			t.Errorf("lexPowerShell(%q)\n got %s\nwant %s", tc.code, got, tc.want)
		}
	}
}

func TestLexCommands(t *testing.T) {
	for _, tc := range []struct{ code, want string }{
		{"netsh trace start capture=yes tracefile=C:\\temp\\ka.etl",
			"nf:netsh n:trace n:start n:capture=yes n:tracefile=C:\\temp\\ka.etl"},
		{"nslookup -type=AAAA example.com", "nf:nslookup na:-type=AAAA n:example.com"},
		{"ss -tn state established '( sport = :443 )'", "nf:ss na:-tn n:state n:established s1:'( sport = :443 )'"},
		{"ss -tan state time-wait | wc -l", "nf:ss na:-tan n:state n:time-wait p:| nf:wc na:-l"},
		{`findstr /i /b /c:"https " %SystemRoot%\services`, `nf:findstr n:/i n:/b n:/c: s2:"https " n:%SystemRoot%\services`},
		{"reg add HKLM\\X /v MaxUserPort /t REG_DWORD /d 65534 /f",
			"nf:reg n:add n:HKLM\\X n:/v n:MaxUserPort n:/t n:REG_DWORD n:/d mi:65534 n:/f"},
		// What only PowerShell has is plain here.
		{"echo [int] @{a=1} $HOME", "nf:echo n:[int] n:@ p:{ n:a=1 p:} nv:$HOME"},
	} {
		if got := classes(lexCommands(tc.code)); got != tc.want {
			t.Errorf("lexCommands(%q)\n got %s\nwant %s", tc.code, got, tc.want)
		}
	}
}

// TestConsoleBlocks: a console block of bare commands is highlighted as
// commands; one with prompts is left to chroma's console lexer, which
// tells prompts, commands and output apart.
func TestConsoleBlocks(t *testing.T) {
	for _, tc := range []struct {
		code   string
		native bool
	}{
		{"netstat -ano | findstr :443\nroute print\n", true},
		{"$ ss -s\nTotal: 180\n", false},
		{"C:\\> ipconfig /all\n\nWindows IP Configuration\n", false},
		{"PS C:\\Users\\me> Get-NetTCPConnection\n", false},
		{"# id -u\n0\n", false},
	} {
		html, err := highlight("console", tc.code)
		if err != nil {
			t.Fatal(err)
		}
		if native := strings.Contains(html, `<span class="nf">`); native != tc.native {
			t.Errorf("console block %q: highlighted natively %v, want %v:\n%s", tc.code, native, tc.native, html)
		}
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

// checkFormatted checks what formatTokens made of code: the text without
// its tags is the code, and there is one line element per line.
func checkFormatted(t *testing.T, lang, code, out string) {
	t.Helper()
	if got := html.UnescapeString(tags.ReplaceAllString(out, "")); got != code+"\n" && got != code {
		t.Errorf("%s: the highlighted text is not the code:\n got %q\nwant %q", lang, got, code)
	}
	lines := strings.Count(strings.TrimSuffix(code, "\n"), "\n") + 1
	if got := strings.Count(out, `<span class="line">`); got != lines {
		t.Errorf("%s: %d line elements for %d lines in %q", lang, got, lines, code)
	}
	if !strings.HasPrefix(out, `<pre class="chroma"><code>`) || !strings.HasSuffix(out, "</code></pre>\n") {
		t.Errorf("%s: not chroma's shape: %q", lang, out)
	}
	if strings.Count(out, "<span") != strings.Count(out, "</span>") {
		t.Errorf("%s: unbalanced spans in %q", lang, out)
	}
}

// TestNativeLexersOnCorpus runs the native lexers over every block of the
// built-in corpus in their languages: the HTML must hold exactly the code,
// and no token may be chroma's Error class.
func TestNativeLexersOnCorpus(t *testing.T) {
	blocks := 0
	fence := regexp.MustCompile("(?ms)^```([a-z0-9]+)\n(.*?)^```$")
	err := fs.WalkDir(FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := fs.ReadFile(FS, path)
		if err != nil {
			return err
		}
		for _, m := range fence.FindAllStringSubmatch(string(b), -1) {
			lang, code := m[1], m[2]
			lex := nativeLexers[lang]
			if lang == "console" && !hasPrompt(code) {
				lex = lexCommands
			}
			if lex == nil {
				continue
			}
			blocks++
			out := formatTokens(lex(code))
			checkFormatted(t, path+" "+lang, code, out)
			if strings.Contains(out, `class="err"`) {
				t.Errorf("%s: an error token in %q", path, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if blocks < 50 {
		t.Errorf("only %d C and PowerShell blocks in the corpus: is the fence pattern right?", blocks)
	}
}

func TestFormatTokens(t *testing.T) {
	for _, tc := range []struct {
		toks []token
		want string
	}{
		{nil, `<pre class="chroma"><code><span class="line"><span class="cl"></span></span></code></pre>` + "\n"},
		{[]token{{"k", "if"}, {"", " x\n"}},
			`<pre class="chroma"><code><span class="line"><span class="cl"><span class="k">if</span> x` + "\n" + `</span></span></code></pre>` + "\n"},
		{[]token{{"cm", "/* a\nb */"}, {"", "\n"}, {"s", `"<&>"`}, {"", "\n"}},
			`<pre class="chroma"><code><span class="line"><span class="cl"><span class="cm">/* a</span>` + "\n" +
				`</span></span><span class="line"><span class="cl"><span class="cm">b */</span>` + "\n" +
				`</span></span><span class="line"><span class="cl"><span class="s">&#34;&lt;&amp;&gt;&#34;</span>` + "\n" +
				`</span></span></code></pre>` + "\n"},
	} {
		if got := formatTokens(tc.toks); got != tc.want {
			t.Errorf("formatTokens(%v)\n got %q\nwant %q", tc.toks, got, tc.want)
		}
	}
}

// FuzzHighlight feeds arbitrary code to the native lexers: they must not
// panic, and the HTML must hold exactly the code, line by line.
func FuzzHighlight(f *testing.F) {
	for _, seed := range []string{
		"int x = f(\"a\\n\", 'b'); // c\n",
		"#define X \\\n 1\n/* x",
		"Get-X -A 1 | % { $_.Id } @{a='b'; c=1} [int]::Max \"$x ${y}\" <# z #>\n",
		"\"`\"\"\n'''\n$\n@\n[\n-\n.\n=",
		"\xff\xfe\n\x00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, code string) {
		for lang, lex := range map[string]func(string) []token{"c": lexC, "powershell": lexPowerShell, "commands": lexCommands} {
			toks := lex(code)
			var all strings.Builder
			for _, tk := range toks {
				if tk.text == "" {
					t.Fatalf("%s: an empty token in %v", lang, toks)
				}
				all.WriteString(tk.text)
			}
			if all.String() != code {
				t.Fatalf("%s: tokens %q do not add up to %q", lang, all.String(), code)
			}
			checkFormatted(t, lang, code, formatTokens(toks))
		}
	})
}

func BenchmarkHighlight(b *testing.B) {
	blocks := map[string]string{
		"c":          "int rc = recv(s, buf, sizeof buf, 0);\nif (rc == SOCKET_ERROR) {\n    int err = WSAGetLastError();\n    if (err == 10054) {          /* WSAECONNRESET */\n        closesocket(s);\n        return reconnect(ctx, 500);\n    }\n}\n",
		"powershell": "ipconfig /all\nGet-NetTCPConnection -State Established | Where-Object RemotePort -eq 4433\nGet-WinEvent -LogName System -MaxEvents 50 | Where-Object Message -match 'WSAECONNRESET'\n",
	}
	for lang, code := range blocks {
		b.Run(lang+"/native", func(b *testing.B) {
			for b.Loop() {
				formatTokens(nativeLexers[lang](code))
			}
		})
		b.Run(lang+"/chroma", func(b *testing.B) {
			for b.Loop() {
				if _, err := chromaHighlight(lang, code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
