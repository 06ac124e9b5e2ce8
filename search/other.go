package search

import (
	"fmt"
	"regexp"
	"strconv"
)

// Other kinds of error people paste into a search for socket errors, and
// how to tell them. When no socket error is recognised in a text, [other]
// says which of these it is, so the answer is "this is a file-system
// error", not the nearest socket error. Each is a regular expression
// and what to call a text it matches ($1 and so on are its groups).
var others = []struct {
	re   *regexp.Regexp
	what string
}{
	// Node.js (libuv) and Python file-system errors name the file.
	{regexp.MustCompile(`\b(E[A-Z]{3,})\b:? [^,\n]{0,80}, (?:open|mkdir|scandir|unlink|rename|lstat|stat|access|copyfile|rmdir|readlink|symlink|chmod|chown|utime|realpath|opendir|watch|link|mkdtemp) '`), "a file-system error ($1 on a file)"},
	{regexp.MustCompile(`\b(E(?:ISDIR|NOTDIR|EXIST|NOENT|ACCES|PERM|BUSY|MFILE|NOTEMPTY|ROFS|NOSPC|XDEV|LOOP|NAMETOOLONG)): [a-z][^,\n]{0,80}, [a-z]+\b`), "a file-system error ($1)"},
	{regexp.MustCompile(`\[Errno (\d+)\] [^:\n]{1,80}: '`), "a file-system error (errno $1 on a file)"},
	{regexp.MustCompile(`\b(FileNotFoundError|IsADirectoryError|NotADirectoryError|FileExistsError|java\.io\.FileNotFoundException|System\.IO\.FileNotFoundException|System\.IO\.DirectoryNotFoundException|UnauthorizedAccessException)\b`), "a file-system error ($1)"},
	{regexp.MustCompile(`(?i)\bno such file or directory\b|\bnot a directory\b|\bis a directory\b`), "a file-system error"},
	{regexp.MustCompile(`(?i)\bno space left on device\b|\bENOSPC\b|not enough space on the disk|disk quota exceeded`), "a full disk or quota"},
	// Windows system errors and HRESULTs that are not Winsock codes.
	{regexp.MustCompile(`\[WinError (\d+)\]`), "win32"},
	{regexp.MustCompile(`(?i)\b0x8007([0-9a-f]{4})\b`), "hresult"},
	{regexp.MustCompile(`(?i)\b(0x8[0-9a-f]{7})\b`), "an HRESULT error ($1) from COM or Windows"},
	{regexp.MustCompile(`(?i)the system cannot find the (?:file|path) specified|access is denied|being used by another process`), "a Windows system error (a file or permission error)"},
	// Programming errors.
	{regexp.MustCompile(`\b(ModuleNotFoundError|ImportError): |\bCannot find module '|ERR_MODULE_NOT_FOUND|\bNo module named '`), "an import error (a module or package that cannot be found)"},
	{regexp.MustCompile(`\b(NullPointerException|NullReferenceException|IndexOutOfRangeException|ArrayIndexOutOfBoundsException|ClassNotFoundException|NoClassDefFoundError|OutOfMemoryError|StackOverflowError|KeyError|TypeError|ValueError|AttributeError|NameError|SyntaxError|IndentationError|ZeroDivisionError|ReferenceError|RangeError|NumberFormatException|IllegalArgumentException|IllegalStateException|InvalidCastException|ArgumentNullException|ArgumentOutOfRangeException|KeyNotFoundException|FormatException|JSONDecodeError|UnicodeDecodeError|AssertionError|NoSuchMethodError|ConcurrentModificationException)\b`), "a programming error ($1)"},
	{regexp.MustCompile(`\b(?:error|warning) (CS\d{4}|TS\d{4}|C\d{4}|LNK\d{4})\b|\berror\[E\d{4}\]`), "a compiler error"},
	{regexp.MustCompile(`panic: runtime error|nil pointer dereference|index out of range|Segmentation fault|SIGSEGV|access violation`), "a crash in the program (a runtime error or memory fault)"},
	// HTTP, TLS and test runners.
	{regexp.MustCompile(`(?i)\b(?:HTTP(?:/[\d.]+)?|status(?: code)?|response code)[: ]+([1-5]\d\d)\b`), "an HTTP status ($1)"},
	{regexp.MustCompile(`\b([45]\d\d):? (?i:not found|forbidden|unauthorized|bad request|internal server error|bad gateway|service unavailable|gateway time-?out|method not allowed|too many requests|conflict|request timeout|payload too large|unprocessable entity)\b`), "an HTTP status ($1)"},
	{regexp.MustCompile(`(?i)certificate verify failed|x509: certificate|ssl certificate problem|PKIX path building failed|unable to get local issuer certificate|self[- ]signed certificate|certificate has expired|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|the remote certificate is invalid|SEC_E_UNTRUSTED_ROOT|ERR_CERT_|certificate_unknown|unknown ca\b`), "a TLS certificate error"},
	{regexp.MustCompile(`(?i)timeout of \d+ ?ms exceeded|exceeded timeout of \d+ ?ms|test timed out|panic: test timed out|timed out after \d+ ?ms waiting for|TimeoutError: Timeout \d+ms exceeded|Test exceeded`), "a test-runner timeout"},
	// Databases, shells, package managers, memory.
	{regexp.MustCompile(`\bORA-\d{5}\b|\bSQLSTATE\b|duplicate key value|deadlock detected|relation "[^"]{1,80}" does not exist|\bSqlException\b|syntax error at or near`), "a database error"},
	{regexp.MustCompile(`(?i)command not found|is not recognized as an internal or external command|permission denied \(publickey|fatal: not a git repository|npm ERR!|error: could not find`), "a shell or tool error"},
	{regexp.MustCompile(`(?i)\bout of memory\b|OOMKilled|Killed process \d+|cannot allocate memory`), "an out-of-memory error"},
	{regexp.MustCompile(`(?i)password authentication failed|invalid credentials|authentication failed|access token (?:has )?expired|invalid_grant`), "an authentication error"},
	{regexp.MustCompile(`\b[Ee]rrno[ :=]+(\d{1,3})\b`), "errno"},
}

// otherBytes is how much of a text other reads: a paste says what it is
// near its start.
const otherBytes = 8 << 10

// other says what kind of error text is, when it is recognisably not a
// socket error: "a file-system error (EACCES on a file)", "an HTTP status
// (404)". It returns "" when it cannot tell.
func other(text string) string {
	if len(text) > otherBytes {
		text = text[:otherBytes]
	}
	for _, o := range others {
		m := o.re.FindStringSubmatchIndex(text)
		if m == nil {
			continue
		}
		group := ""
		if len(m) >= 4 && m[2] >= 0 {
			group = text[m[2]:m[3]]
		}
		switch o.what {
		case "win32":
			n, _ := strconv.Atoi(group)
			return "a Windows system error (" + win32Name(n) + ")"
		case "hresult":
			n, _ := strconv.ParseUint(group, 16, 16)
			return "an HRESULT that wraps a Windows system error (" + win32Name(int(n)) + ")"
		case "errno":
			n, _ := strconv.Atoi(group)
			if name := errnoNames[n]; name != "" {
				return fmt.Sprintf("a POSIX error (errno %d, %s on Linux)", n, name)
			}
			continue
		}
		return string(o.re.ExpandString(nil, o.what, text, m))
	}
	return ""
}

// win32Names are the Windows system errors people paste most, by number
// (winerror.h).
var win32Names = map[int]string{
	2: "ERROR_FILE_NOT_FOUND", 3: "ERROR_PATH_NOT_FOUND", 5: "ERROR_ACCESS_DENIED",
	32: "ERROR_SHARING_VIOLATION", 109: "ERROR_BROKEN_PIPE", 112: "ERROR_DISK_FULL",
	123: "ERROR_INVALID_NAME", 126: "ERROR_MOD_NOT_FOUND", 183: "ERROR_ALREADY_EXISTS",
}

func win32Name(n int) string {
	s := "Win32 error " + strconv.Itoa(n)
	if name := win32Names[n]; name != "" {
		s += ", " + name
	}
	return s
}

// errnoNames are the POSIX errors that are not about sockets, by their
// Linux number (asm-generic/errno-base.h).
var errnoNames = map[int]string{
	1: "EPERM", 2: "ENOENT", 3: "ESRCH", 5: "EIO", 6: "ENXIO", 7: "E2BIG", 8: "ENOEXEC",
	10: "ECHILD", 12: "ENOMEM", 15: "ENOTBLK", 16: "EBUSY", 17: "EEXIST", 18: "EXDEV",
	19: "ENODEV", 20: "ENOTDIR", 21: "EISDIR", 25: "ENOTTY", 26: "ETXTBSY", 27: "EFBIG",
	28: "ENOSPC", 29: "ESPIPE", 30: "EROFS", 31: "EMLINK", 33: "EDOM", 34: "ERANGE",
}
