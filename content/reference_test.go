package content

import (
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// readTSV reads a reference table (a copy of ../shared/reference kept in
// testdata) into rows keyed by column name.
func readTSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open("testdata/reference/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, col := range recs[0] {
			if i < len(rec) {
				row[col] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
	}
	return rows
}

var leadingInt = regexp.MustCompile(`^-?\d+`)

// refInt parses the leading integer of a reference cell ("102 (ENOTSUP=45...)"
// is 102); 0 when the cell has none ("", "(none)", "h_errno 1").
func refInt(s string) int {
	n, _ := strconv.Atoi(leadingInt.FindString(s))
	return n
}

// TestCorpusMatchesReference checks every one of the 97 Winsock codes has an
// article whose facts match the reference tables exactly.
func TestCorpusMatchesReference(t *testing.T) {
	c, err := Load(FS)
	if err != nil {
		t.Fatalf("Load(FS):\n%v", err)
	}
	codes := readTSV(t, "wsa_codes.tsv")
	if len(codes) != 97 {
		t.Fatalf("wsa_codes.tsv has %d codes, want 97", len(codes))
	}
	errnos := map[string]map[string]string{}
	for _, row := range readTSV(t, "errno_map.tsv") {
		errnos[row["wsa_name"]] = row
	}
	for _, ref := range codes {
		name, code := ref["name"], refInt(ref["number"])
		a := c.Article(name)
		if a == nil || a.ID != name {
			t.Errorf("%s (%d): no article errors/%s.md", name, code, name)
			continue
		}
		if a.Code != code {
			t.Errorf("%s: code = %d, want %d", name, a.Code, code)
		}
		if a.Message != ref["windows_message_text"] {
			t.Errorf("%s: message = %q, want %q", name, a.Message, ref["windows_message_text"])
		}
		if want := strings.TrimSuffix(ref["short_title"], "."); want != "" && a.Title != want {
			t.Errorf("%s: title = %q, want %q", name, a.Title, want)
		}
		if got, want := a.Hex(), ref["hex"]; got != want {
			t.Errorf("%s: Hex() = %q, want %q", name, got, want)
		}
		if got, want := a.HRESULT(), ref["hresult_from_win32"]; got != want {
			t.Errorf("%s: HRESULT() = %q, want %q", name, got, want)
		}

		m := errnos[name]
		want := Errno{Linux: refInt(m["linux_errno"]), MacOS: refInt(m["macos_errno"]), FreeBSD: refInt(m["freebsd_errno"]), MSVC: refInt(m["msvc_crt_errno_h"])}
		if strings.HasPrefix(m["linux_errno"], "h_errno") {
			want = Errno{} // netdb codes: h_errno values are not errno numbers
		}
		var got Errno
		if a.Errno != nil {
			got = *a.Errno
			got.Name = ""
			if !strings.Contains(m["posix_equivalent"], a.Errno.Name) {
				t.Errorf("%s: errno name %q is not the reference's %q", name, a.Errno.Name, m["posix_equivalent"])
			}
		}
		if got != want {
			t.Errorf("%s: errno numbers = %+v, want %+v", name, got, want)
		}
		if w := m["dotnet_SocketError"]; w != "" && a.DotNet != w {
			t.Errorf("%s: dotnet = %q, want %q", name, a.DotNet, w)
		}
		if w := m["libuv_node_code"]; w != "" && (a.Node == nil || a.Node.Code != w || a.Node.Errno != refInt(m["node_err.errno_on_windows"])) {
			t.Errorf("%s: node = %+v, want {%s %s}", name, a.Node, w, m["node_err.errno_on_windows"])
		}
		if w := m["java_exception_jdk_windows"]; w != "" && (a.Java == nil || a.Java.Exception != w || a.Java.Message != m["java_message_prefix_jdk_windows"]) {
			t.Errorf("%s: java = %+v, want {%s %s}", name, a.Java, w, m["java_message_prefix_jdk_windows"])
		}
		if a.Python != "" && !strings.HasPrefix(m["python_exception_on_windows"], a.Python) {
			t.Errorf("%s: python = %q, want %q", name, a.Python, m["python_exception_on_windows"])
		}
	}
	winsock := 0
	for _, a := range c.Errors() {
		if a.Winsock() {
			winsock++
		}
	}
	if winsock != len(codes) {
		t.Errorf("the corpus has %d Winsock error articles, want exactly the %d reference codes", winsock, len(codes))
	}
	for _, k := range c.KnownIssues() {
		if len(k.ErrorArticles) == 0 {
			t.Errorf("KB %s names no errors", k.ID)
		}
	}
}

// TestLocalizedMessagesMatchReference checks the localized messages of the
// articles against testdata/reference/localized_messages.tsv, the record
// of where each text was seen: every article text is in the table, and
// every cell of the table (language × error) is in the article, as one of
// the cell's texts.
func TestLocalizedMessagesMatchReference(t *testing.T) {
	c, err := Load(FS)
	if err != nil {
		t.Fatalf("Load(FS):\n%v", err)
	}
	f, err := os.ReadFile("testdata/reference/localized_messages.tsv")
	if err != nil {
		t.Fatal(err)
	}
	cells := map[[2]string][]string{} // error, lang → texts
	for n, line := range strings.Split(strings.TrimRight(string(f), "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 5 {
			t.Fatalf("localized_messages.tsv:%d: %d columns, want lang, name, code, text, source_url, note", n+1, len(cols))
		}
		key := [2]string{cols[1], cols[0]}
		cells[key] = append(cells[key], cols[3])
	}
	got := map[[2]string]string{}
	for _, a := range c.Errors() {
		for _, m := range a.Messages {
			key := [2]string{a.ID, m.Lang}
			got[key] = m.Text
			if !slices.Contains(cells[key], m.Text) {
				t.Errorf("%s: %s message %q is not in localized_messages.tsv (want one of %q)", a.Path, m.Lang, m.Text, cells[key])
			}
		}
	}
	for key := range cells {
		if _, ok := got[key]; !ok {
			t.Errorf("localized_messages.tsv has a %s text for %s, which errors/%s.md lacks", key[1], key[0], key[0])
		}
	}
	if len(got) < 150 {
		t.Errorf("%d localized messages, want the table's 158 or more", len(got))
	}
}
