package content

// A Family groups error articles for lists: the errors a reader would
// look through together.
type Family struct {
	Key  string // as written in front matter
	Name string // as shown
}

// Families are the values the family field may take, in the order lists
// show them.
var Families = []Family{
	{"connection", "Connections: refused, reset, aborted, timed out"},
	{"network", "Network and host reachability"},
	{"address", "Addresses and ports"},
	{"name-resolution", "Name resolution (DNS, getaddrinfo)"},
	{"resources", "Resources: buffers, ports, descriptors"},
	{"non-blocking", "Non-blocking and interrupted calls"},
	{"overlapped", "Overlapped I/O"},
	{"usage", "Arguments, options and protocols"},
	{"startup", "Winsock start-up and service providers"},
	{"service-lookup", "Service lookup (WSALookupService)"},
	{"qos", "Quality of service (QoS)"},
	{"unused", "Codes Windows does not return"},
}

// FamilyName returns the display name of a family key, or "".
func FamilyName(key string) string {
	for _, f := range Families {
		if f.Key == key {
			return f.Name
		}
	}
	return ""
}

// A Language is a Windows display language that localized messages may be
// recorded in.
type Language struct {
	Tag  string // BCP 47, as written in front matter: "zh-CN"
	Name string // the language's own name for itself
}

// Languages are the display languages a message may be recorded in.
var Languages = []Language{
	{"zh-CN", "简体中文"},
	{"zh-TW", "繁體中文"},
	{"ja", "日本語"},
	{"ko", "한국어"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"es", "Español"},
	{"it", "Italiano"},
	{"pt-BR", "Português (Brasil)"},
	{"pt-PT", "Português (Portugal)"},
	{"ru", "Русский"},
	{"pl", "Polski"},
	{"tr", "Türkçe"},
	{"nl", "Nederlands"},
	{"cs", "Čeština"},
	{"sv", "Svenska"},
	{"uk", "Українська"},
	{"hu", "Magyar"},
	{"da", "Dansk"},
	{"fi", "Suomi"},
	{"nb", "Norsk bokmål"},
	{"el", "Ελληνικά"},
	{"ro", "Română"},
	{"sk", "Slovenčina"},
	{"bg", "Български"},
	{"hr", "Hrvatski"},
}

// LanguageName returns a language's own name for a tag, or "".
func LanguageName(tag string) string {
	for _, l := range Languages {
		if l.Tag == tag {
			return l.Name
		}
	}
	return ""
}
