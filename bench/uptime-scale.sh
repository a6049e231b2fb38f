#!/usr/bin/env bash
# Uptime monitors at scale (docs/benchmarks.md): 10,000 HTTP monitors at 60 s on one control plane.
#
#   bash bench/uptime-scale.sh [monitors] [seconds]      (defaults: 10000 monitors, 300 s measured)
#
# Starts a control plane (fresh embedded PostgreSQL, loopback ports 18080/18443) and a local HTTP
# server (python3 -m http.server, threaded) that every monitor checks; creates the monitors through
# the REST API; waits for the scheduler to take them in and for a first round; then, over the
# measured period, reads the CPU time (/proc) of the control plane and of its embedded PostgreSQL
# (postmaster and backends: the checks' results and metrics are written there), the lateness
# quantiles of the checks (Micrometer timer vigie.uptime.check.lateness on /actuator/prometheus),
# and times 60 loads of a page of the console's monitor list (50 monitors per page). Run as a
# regular user.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MONITORS="${1:-10000}" DURATION="${2:-300}"
WORK="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
./mvnw -B -q -pl server -am package -DskipTests
BASE=http://127.0.0.1:18080

VIGIE_DATA_DIR="$WORK/data" VIGIE_HTTP_PORT=18080 VIGIE_AGENT_PORT=18443 VIGIE_ADMIN_PASSWORD=benchmark-password \
    java -jar server/target/vigie-server.jar >"$WORK/server.log" 2>&1 &
pids+=($!)
server_pid=$!
mkdir -p "$WORK/www" && echo "boutique en ligne" >"$WORK/www/index.html"
python3 -m http.server --bind 127.0.0.1 18090 --directory "$WORK/www" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do curl -fsS "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 1; done

# A session, then a personal API token made on the account page (shown once).
jar="$WORK/cookies"
csrf() { curl -fsS -c "$jar" -b "$jar" "$BASE$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
curl -fsS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "email=admin@vigie.local" \
    --data-urlencode "password=benchmark-password" --data-urlencode "_csrf=$(csrf /login)" "$BASE/login"
token=$(curl -fsS -c "$jar" -b "$jar" --data-urlencode "name=bench" --data-urlencode "_csrf=$(csrf /account)" \
    "$BASE/account/tokens" | grep -o 'id="new-token">[^<]*' | sed 's/.*>//')
api() { curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
client=$(api -d '{"name":"Benchmark","country":"FR"}' "$BASE/api/v1/clients" | sed 's/.*"id":"\([^"]*\)".*/\1/')

echo "creating $MONITORS monitors..."
seq 1 "$MONITORS" | xargs -P 4 -I{} curl -fsS -o /dev/null -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"clientId\":\"$client\",\"type\":\"HTTP\",\"name\":\"Site {}\",\"target\":\"http://127.0.0.1:18090/?site={}\",\"keyword\":\"boutique\"}" \
    "$BASE/api/v1/monitors"
echo "waiting 120 s for the scheduler to take them in and for a first round..."
sleep 120

ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
postmaster=$(pgrep -f -- "bin/postgres -D $WORK/data/postgres" | head -1)
pg_cpu() {
    local total=0 p
    for p in $postmaster $(pgrep -P "$postmaster"); do
        [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
    done
    echo "$total"
}
c0=$(cpu); p0=$(pg_cpu); t0=$(date +%s.%N)
sleep "$DURATION"
c1=$(cpu); p1=$(pg_cpu); t1=$(date +%s.%N)
metrics=$(api "$BASE/actuator/prometheus" | grep '^vigie_uptime_check_lateness_seconds')
checks=$(echo "$metrics" | awk '/_count/ {print $2}')
p50=$(echo "$metrics" | awk '/quantile="0.5"/ {print $2}')
p99=$(echo "$metrics" | awk '/quantile="0.99"/ {print $2}')
max=$(echo "$metrics" | awk '/_max/ {print $2}')
pages=$((MONITORS / 50))
: >"$WORK/times"
for i in $(seq 1 60); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -b "$jar" "$BASE/monitors?page=$(( (i * 37) % pages ))" >>"$WORK/times"
done
sort -n "$WORK/times" >"$WORK/sorted"
echo
echo "RESULTS: $MONITORS monitors at 60 s, $(nproc) CPUs, measured over $DURATION s"
awk -v c=$((c1 - c0)) -v t="$ticks" -v a="$t0" -v b="$t1" 'BEGIN { printf "control plane CPU: %.2f cores on average\n", c / t / (b - a) }'
awk -v c=$((p1 - p0)) -v t="$ticks" -v a="$t0" -v b="$t1" 'BEGIN { printf "embedded PostgreSQL CPU: %.2f cores on average\n", c / t / (b - a) }'
echo "checks since start: $checks; lateness p50 ${p50} s, p99 ${p99} s, max ${max} s (Micrometer, last 2 minutes)"
awk '{ a[NR] = $1 } END { printf "console monitor list, one page of 50: median %.0f ms, p95 %.0f ms, max %.0f ms (60 loads)\n",
    a[int(NR / 2)] * 1000, a[int(NR * 0.95)] * 1000, a[NR] * 1000 }' "$WORK/sorted"
