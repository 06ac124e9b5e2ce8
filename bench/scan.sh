#!/usr/bin/env bash
# scan.sh: throughput and memory of `sockerr scan` against `grep -c -F -f
# PATTERNS` over the same log, each on one core.
#
# It generates a synthetic application log of SIZE (default 1G; go run
# ./bench/genlog: ordinary lines with a socket error every two thousand or
# so), and PATTERNS, the literal strings grep looks for: the 97 Winsock
# names and their English messages, from the `id:` and `message:` of every
# article in content/errors with a `code:`. grep finds fewer forms than
# scan (no codes in context, no runtime or localized texts, no context
# rules), so it is the speed of a plain literal search, the floor of any
# scan.
#
# Each tool runs RUNS times (default 3), alternately, pinned to core 0
# (`taskset -c 0`; Go takes GOMAXPROCS=1 from the mask), with the log in
# the page cache, under /usr/bin/time -v. The table shows each run's wall
# time, MB/s (MB = 10^6 bytes) and peak RSS; the summary, the best run of
# each and their ratio (target: scan at least 0.5 times grep). scan is also
# timed on an empty log (its start-up: loading the corpus and building the
# index, included in its runs) and on the first tenth of the log, to show
# that its memory does not grow with the input.
#
# Environment: SIZE (genlog -size: 1G, 100M…), RUNS, KEEP=1 keeps the temp
# dir (the log, PATTERNS, outputs).
#
# Usage: bash bench/scan.sh        (from anywhere; needs Go, GNU grep,
#                                   taskset and /usr/bin/time)
set -euo pipefail

SIZE=${SIZE:-1G}
RUNS=${RUNS:-3}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
for t in go grep taskset awk /usr/bin/time; do
  command -v "$t" >/dev/null 2>&1 || { echo "scan.sh: $t not found" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sockerr-scan.XXXXXX")
cleanup() {
  if [[ ${KEEP:-} == 1 ]]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

echo "== building sockerr and generating a $SIZE log" >&2
go build -o "$tmp/sockerr" ./cmd/sockerr
go run ./bench/genlog -size "$SIZE" >"$tmp/app.log" 2>"$tmp/genlog.counts"
bytes=$(stat -c %s "$tmp/app.log")
lines=$(wc -l <"$tmp/app.log")

# PATTERNS: of each article with a code, its id and its message, unquoted
# (YAML double quotes, their \" and \\ undone; single quotes, their '').
for f in content/errors/*.md; do
  awk '
    /^---$/ { if (++fm == 2) exit; next }
    fm != 1 { next }
    /^id:/ { id = $2 }
    /^code:/ { code = 1 }
    /^message:/ {
      m = substr($0, index($0, ":") + 1); sub(/^ +/, "", m); sub(/ +$/, "", m)
      if (m ~ /^".*"$/) { m = substr(m, 2, length(m) - 2); gsub(/\\"/, "\"", m); gsub(/\\\\/, "\\", m) }
      else if (m ~ /^'\''.*'\''$/) { m = substr(m, 2, length(m) - 2); gsub(/'\'''\''/, "'\''", m) }
      msg = m
    }
    END { if (code && id != "") { print id; if (msg != "") print msg } }
  ' "$f"
done >"$tmp/PATTERNS"
npat=$(wc -l <"$tmp/PATTERNS")

cat "$tmp/app.log" >/dev/null # into the page cache

# run NAME OUT CMD...: one timed run on core 0; prints a table row and
# leaves "seconds rss_kb" in $tmp/NAME.last.
run() {
  local name=$1 out=$2
  shift 2
  local rc=0
  LC_ALL=C taskset -c 0 /usr/bin/time -v -o "$tmp/time.txt" "$@" >"$out" 2>"$tmp/stderr.txt" || rc=$?
  if ((rc > 1)); then
    echo "scan.sh: $name exited $rc:" >&2
    cat "$tmp/stderr.txt" "$tmp/time.txt" >&2
    exit 1
  fi
  awk -v name="$name" -v bytes="$bytes" -v last="$tmp/$name.last" '
    /Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /User time/ { user = $NF }
    /Maximum resident set size/ { rss = $NF }
    END {
      rate = bytes > 0 && s > 0 ? sprintf("%.1f", bytes / 1e6 / s) : "-"
      printf "%-14s %10.2f %10.2f %10s %12.1f\n", name, s, user, rate, rss / 1024
      print s, rss > last
    }
  ' "$tmp/time.txt"
}

best() { # best NAME SECONDS RSS: keep the fastest run of NAME
  if [[ ! -e $tmp/$1.best ]] || awk -v s="$2" '{ exit !(s < $1) }' "$tmp/$1.best"; then
    echo "$2 $3" >"$tmp/$1.best"
  fi
}

echo "log: $bytes bytes, $lines lines; PATTERNS: $npat strings"
echo
printf '%-14s %10s %10s %10s %12s\n' run wall_s user_s MB/s peak_rss_MB
: >"$tmp/empty.log"
head -c $((bytes / 10)) "$tmp/app.log" >"$tmp/tenth.log"
bytes_all=$bytes
bytes=0
run scan-startup "$tmp/startup.out" "$tmp/sockerr" scan "$tmp/empty.log"
bytes=$((bytes_all / 10))
run scan-tenth "$tmp/tenth.out" "$tmp/sockerr" scan "$tmp/tenth.log"
bytes=$bytes_all
for i in $(seq "$RUNS"); do
  run grep "$tmp/grep.out" grep -c -F -f "$tmp/PATTERNS" "$tmp/app.log"
  read -r s rss <"$tmp/grep.last"; best grep "$s" "$rss"
  run scan "$tmp/scan.out" "$tmp/sockerr" scan "$tmp/app.log"
  read -r s rss <"$tmp/scan.last"; best scan "$s" "$rss"
done

read -r gs grss <"$tmp/grep.best"
read -r ss srss <"$tmp/scan.best"
echo
awk -v runs="$RUNS" -v b="$bytes" -v gs="$gs" -v ss="$ss" -v grss="$grss" -v srss="$srss" 'BEGIN {
  g = b / 1e6 / gs; s = b / 1e6 / ss
  printf "best of %s: grep %.1f MB/s (peak RSS %.1f MB), sockerr scan %.1f MB/s (peak RSS %.1f MB)\n", runs, g, grss / 1024, s, srss / 1024
  printf "scan/grep: %.2fx (target: at least 0.50x)\n", s / g
}'
echo "grep matched $(cat "$tmp/grep.out") lines; sockerr scan: $(head -1 "$tmp/scan.out")"
