#!/usr/bin/env bash
# The agent's cost on a managed server, beside Prometheus' node_exporter (docs/benchmarks.md).
#
#   bash bench/agent-cost.sh [seconds]        (default 600: the issue asks for 10 minutes)
#
# Starts a control plane (embedded PostgreSQL, fresh data directory, loopback ports 18080/18443),
# enrolls an agent and runs it exactly as installed (deploy/agent/vigie-agent on the bundled jlink
# runtime, heartbeats and metrics every 30 s), and runs node_exporter (Debian package
# prometheus-node-exporter) scraped every 30 s, as Prometheus would. After a 60 s warm-up it
# samples both processes every 10 s: resident memory (VmRSS) and CPU time (utime + stime).
# Set VIGIE_AGENT_JAVA_OPTS to measure other JVM options. Run as a regular user.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-600}"
WORK="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
./mvnw -B -q -pl server,agent -am package -DskipTests

VIGIE_BOOTSTRAP_LOCAL_AGENT=true VIGIE_DATA_DIR="$WORK/data" VIGIE_HTTP_PORT=18080 VIGIE_AGENT_PORT=18443 \
    VIGIE_ADMIN_PASSWORD=benchmark-password java -jar server/target/vigie-server.jar >"$WORK/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 180); do curl -fsS http://127.0.0.1:18080/actuator/health >/dev/null 2>&1 && break; sleep 1; done
for _ in $(seq 1 30); do [ -f "$WORK/data/local-agent.enroll" ] && break; sleep 1; done
token=$(sed -n 's/^token=//p' "$WORK/data/local-agent.enroll")
fp=$(sed -n 's/^fingerprint=//p' "$WORK/data/local-agent.enroll")
export VIGIE_AGENT_HOME="$ROOT/agent/target"
sh deploy/agent/vigie-agent enroll --server https://127.0.0.1:18443 --token "$token" --fingerprint "$fp" \
    --state-dir "$WORK/agent" >/dev/null
sh deploy/agent/vigie-agent run --state-dir "$WORK/agent" >"$WORK/agent.log" 2>&1 &
pids+=($!)
agent_pid=$!
prometheus-node-exporter --web.listen-address=127.0.0.1:19100 >"$WORK/node_exporter.log" 2>&1 &
pids+=($!)
exporter_pid=$!
( while sleep 30; do curl -fsS http://127.0.0.1:19100/metrics >/dev/null 2>&1 || true; done ) &
pids+=($!)

# The agent's JVM is the child that the wrapper exec'd: same pid.
sleep 60
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
a0=$(cpu "$agent_pid"); e0=$(cpu "$exporter_pid"); amax=0; emax=0; asum=0; esum=0; n=0
end=$((SECONDS + DURATION))
while [ $SECONDS -lt $end ]; do
    a=$(rss "$agent_pid"); e=$(rss "$exporter_pid")
    amax=$((a > amax ? a : amax)); emax=$((e > emax ? e : emax)); asum=$((asum + a)); esum=$((esum + e)); n=$((n + 1))
    sleep 10
done
a1=$(cpu "$agent_pid"); e1=$(cpu "$exporter_pid")
echo
echo "RESULTS over ${DURATION} s after a 60 s warm-up, $(nproc) CPUs"
awk -v s="$asum" -v n="$n" -v m="$amax" -v c=$((a1 - a0)) -v t="$ticks" -v d="$DURATION" 'BEGIN {
    printf "vigie-agent:   RSS mean %.1f MiB, max %.1f MiB; CPU %.2f %% of one core\n", s / n / 1024, m / 1024, 100 * c / t / d }'
awk -v s="$esum" -v n="$n" -v m="$emax" -v c=$((e1 - e0)) -v t="$ticks" -v d="$DURATION" 'BEGIN {
    printf "node_exporter: RSS mean %.1f MiB, max %.1f MiB; CPU %.2f %% of one core (scraped every 30 s)\n", s / n / 1024, m / 1024, 100 * c / t / d }'
echo "agent options: ${VIGIE_AGENT_JAVA_OPTS:-as in deploy/agent/vigie-agent}"
