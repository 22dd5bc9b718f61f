#!/bin/sh
# Throughput benchmark of dactest on the real corpus. Reproducible: it uses
# only this repository and ../shared (override with DACTEST_SHARED).
#
#   bench/run.sh [OUTDIR]      # reports and logs go to OUTDIR (default: a temp dir)
#
# Runs, each timed from process start to exit:
#   cases      the real cases: ../shared/cases/*.yml (must all pass)
#   survey     every runnable detection of corpus/security_content x every
#              readable Windows dataset of a matching source (dactest test
#              --data-glob): the EVTX of evtx-to-mitre, evtx-attack-samples,
#              attack_data and sigma's regression data, and attack_data's
#              XmlWinEventLog .raw capture
#   survey2026 the same for corpus/security_content_2026
# and prints tests, events and events/s for each (bench/figures).
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${DACTEST_SHARED:-$repo/../shared}
corpus=$shared/corpus
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/dactest-bench.XXXXXX")}
mkdir -p "$out"

(cd "$repo" && go build -o "$out/dactest" ./harness/cmd/dactest && go build -o "$out/figures" ./bench/figures)

echo "dactest benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(uname -sm); load before: $(uptime | sed 's/.*load average: //')"
echo "outputs: $out"

now() { date +%s.%N; }

# GNU time, when installed, adds CPU seconds and peak memory per run.
gnutime=""
if /usr/bin/time -f "" true 2>/dev/null; then gnutime=yes; fi
timed() {
	if [ -n "$gnutime" ]; then
		/usr/bin/time -f "cpu %Us user, %Ss sys, %MKB max RSS" "$@"
	else
		"$@"
	fi
}

# bench NAME OKCODES ARGS...: run `dactest test ARGS`, check its exit code
# is one of OKCODES (e.g. "0 1"), print the figures.
bench() {
	name=$1 ok=$2
	shift 2
	start=$(now)
	set +e
	timed "$out/dactest" test "$@" --quiet --no-progress --report "json=$out/$name.json" >"$out/$name.txt" 2>"$out/$name.err"
	code=$?
	set -e
	wall=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
	echo
	echo "== $name (exit $code)"
	# CPU seconds do not depend on what else the machine runs; wall time does.
	if [ -n "$gnutime" ]; then sed -n 's/^cpu /  cpu /p' "$out/$name.err"; fi
	case " $ok " in
	*" $code "*) ;;
	*) echo "unexpected exit code $code; see $out/$name.txt and $out/$name.err" >&2; exit 1 ;;
	esac
	"$out/figures" -wall "$wall" "$out/$name.json"
}

bench cases "0" \
	--manifest "$shared/cases/real-detections.yml" \
	--manifest "$shared/cases/real-detections-wide.yml"

# Survey exit codes: 0 nothing fired, 1 some detection fired (a survey
# pair is a negative test: its FAIL lists a detection firing on a dataset).
# The globs are quoted: dactest expands them itself.
survey() {
	bench "$1" "0 1" --content "$2" \
		--data-glob "$corpus/evtx-to-mitre/**" \
		--data-glob "$corpus/evtx-attack-samples/**" \
		--data-glob "$corpus/attack_data/**" \
		--data-glob "$corpus/sigma/**/*.evtx"
}
survey survey "$corpus/security_content"
survey survey2026 "$corpus/security_content_2026"

echo
echo "load after: $(uptime | sed 's/.*load average: //')"
