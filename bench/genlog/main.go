// Command genlog writes a synthetic application log for bench/scan.sh:
// mostly ordinary lines (HTTP access lines, application and database
// messages, Java-style stack frames, JSON lines), as a busy service writes
// them, with a sprinkling of socket errors in the forms .NET, Java, Python,
// Go and Node.js print them, and lines that look like them but are not
// (ports, durations, versions, the word "reset").
//
//	go run ./bench/genlog -size 1G > app.log
//
// The output depends only on -size and -seed. It reports on stderr how many
// socket-error lines it wrote, by template.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"
)

// errorEvery is how many ordinary lines there are, on average, for each
// socket-error line: one in a few thousand, as in a service that has a bad
// day now and then.
const errorEvery = 2000

// errorLines are the socket errors, as runtimes print them. %s is replaced
// by an address.
var errorLines = []string{
	"ERROR [OrderClient] System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host.",
	"ERROR [PaymentGateway] System.Net.Http.HttpRequestException: No connection could be made because the target machine actively refused it. (%s)",
	"WARN  urllib3.connectionpool Retrying after connection broken by 'ConnectionResetError(10054, 'An existing connection was forcibly closed by the remote host', None, 10054, None)'",
	"ERROR worker ConnectionRefusedError: [WinError 10061] No connection could be made because the target machine actively refused it",
	"ERROR upstream read tcp 10.1.2.3:51234->%s: wsarecv: An existing connection was forcibly closed by the remote host.",
	"ERROR upstream dial tcp %s: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed to respond.",
	"ERROR [http-nio-8080-exec-7] o.a.c.c.C.[dispatcherServlet] java.net.SocketException: Connection reset",
	"ERROR [main] java.net.ConnectException: Connection refused: connect",
	"ERROR api Error: connect ECONNREFUSED %s",
	"ERROR api Error: read ECONNRESET",
	"ERROR bind failed: Only one usage of each socket address (protocol/network address/port) is normally permitted.",
	"ERROR send failed with WSAENOBUFS",
}

// noiseLines look like socket errors to a careless matcher and are not.
var noiseLines = []string{
	"INFO  zabbix agent listening on 0.0.0.0:10050",
	"INFO  request took 10054 ms",
	"INFO  upgraded to version 1.10061.2",
	"INFO  counters reset for tenant acme",
}

var (
	methods = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	paths   = []string{"/api/v1/orders/", "/api/v1/customers/", "/static/app.", "/healthz", "/api/v1/search?q=", "/login", "/api/v2/invoices/"}
	levels  = []string{"INFO ", "INFO ", "INFO ", "DEBUG", "DEBUG", "WARN "}
	loggers = []string{"[OrderService]", "[CustomerRepository]", "[http-nio-8080-exec-3]", "[scheduler-1]", "[CacheWarmer]", "[AuthFilter]"}
	words   = strings.Fields("order customer invoice payment shipment cache entry session token user account refresh batch job queue message consumer producer partition offset commit retry backoff latency pool connection thread request response handler timeout config reload")
	frames  = []string{"com.acme.orders.OrderService.place", "org.springframework.web.servlet.FrameworkServlet.service", "org.apache.catalina.core.StandardWrapperValve.invoke", "java.base/java.lang.Thread.run", "com.zaxxer.hikari.pool.HikariPool.getConnection"}
)

func main() {
	size := flag.String("size", "1G", "how much to write: bytes, or a number with K, M or G")
	seed := flag.Uint64("seed", 1, "seed of the generator")
	flag.Parse()
	total, err := parseSize(*size)
	if err != nil {
		fmt.Fprintf(os.Stderr, "genlog: -size %q: %v\n", *size, err)
		os.Exit(2)
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	rng := rand.New(rand.NewPCG(*seed, 2))
	t := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	counts := make([]int, len(errorLines))
	var written int64
	var line []byte
	for written < total {
		t = t.Add(time.Duration(rng.IntN(20)) * time.Millisecond)
		line = t.AppendFormat(line[:0], "2006-01-02T15:04:05.000Z ")
		switch n := rng.IntN(errorEvery); {
		case n == 0:
			i := rng.IntN(len(errorLines))
			counts[i]++
			line = append(line, strings.Replace(errorLines[i], "%s", address(rng), 1)...)
		case n < 3:
			line = append(line, noiseLines[rng.IntN(len(noiseLines))]...)
		default:
			line = ordinary(line, rng)
		}
		line = append(line, '\n')
		w.Write(line)
		written += int64(len(line))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "genlog: %v\n", err)
		os.Exit(1)
	}
	for i, n := range counts {
		fmt.Fprintf(os.Stderr, "%8d  %.60s\n", n, errorLines[i])
	}
}

// ordinary appends an ordinary line of one of several kinds.
func ordinary(b []byte, rng *rand.Rand) []byte {
	switch rng.IntN(8) {
	case 0, 1, 2: // an access line
		b = append(b, "INFO  [access] "...)
		b = append(b, address(rng)...)
		b = append(b, ' ')
		b = append(b, methods[rng.IntN(len(methods))]...)
		b = append(b, ' ')
		b = append(b, paths[rng.IntN(len(paths))]...)
		b = strconv.AppendInt(b, int64(rng.IntN(100000)), 10)
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64([]int{200, 200, 200, 201, 204, 304, 404, 500}[rng.IntN(8)]), 10)
		b = append(b, " bytes="...)
		b = strconv.AppendInt(b, int64(rng.IntN(50000)), 10)
		b = append(b, " duration="...)
		b = strconv.AppendInt(b, int64(rng.IntN(900)), 10)
		b = append(b, "ms trace="...)
		return hex(b, rng, 32)
	case 3, 4: // an application message
		b = append(b, levels[rng.IntN(len(levels))]...)
		b = append(b, ' ')
		b = append(b, loggers[rng.IntN(len(loggers))]...)
		for range 6 + rng.IntN(10) {
			b = append(b, ' ')
			b = append(b, words[rng.IntN(len(words))]...)
		}
		b = append(b, " id="...)
		return strconv.AppendInt(b, int64(rng.IntN(1e9)), 10)
	case 5: // a database line
		b = append(b, "DEBUG [HikariPool-1] SELECT id, status, total FROM orders WHERE customer_id = "...)
		b = strconv.AppendInt(b, int64(rng.IntN(1e6)), 10)
		b = append(b, " AND created_at > '2024-04-01' LIMIT 50 -- "...)
		b = strconv.AppendInt(b, int64(rng.IntN(300)), 10)
		return append(b, " rows"...)
	case 6: // a stack frame
		b = append(b, "    at "...)
		b = append(b, frames[rng.IntN(len(frames))]...)
		b = append(b, "(Source.java:"...)
		b = strconv.AppendInt(b, int64(rng.IntN(2000)), 10)
		return append(b, ')')
	default: // a JSON line
		b = append(b, `{"level":"info","msg":"`...)
		b = append(b, words[rng.IntN(len(words))]...)
		b = append(b, ` processed","count":`...)
		b = strconv.AppendInt(b, int64(rng.IntN(10000)), 10)
		b = append(b, `,"elapsed_ms":`...)
		b = strconv.AppendInt(b, int64(rng.IntN(5000)), 10)
		b = append(b, `,"span":"`...)
		b = hex(b, rng, 16)
		return append(b, `"}`...)
	}
}

func address(rng *rand.Rand) string {
	return fmt.Sprintf("10.%d.%d.%d:%d", rng.IntN(256), rng.IntN(256), rng.IntN(256), []int{443, 80, 5432, 6379, 8080, 5671}[rng.IntN(6)])
}

func hex(b []byte, rng *rand.Rand, n int) []byte {
	const digits = "0123456789abcdef"
	for range n {
		b = append(b, digits[rng.IntN(16)])
	}
	return b
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "K"):
		mult, s = 1<<10, strings.TrimSuffix(s, "K")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a positive size")
	}
	return n * mult, nil
}
