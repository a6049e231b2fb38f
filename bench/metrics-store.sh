#!/usr/bin/env bash
# The metric store's benchmark, side by side with Prometheus' TSDB (docs/benchmarks.md).
#
#   bash bench/metrics-store.sh [hosts] [days] [threads]
#
# Builds what it needs, runs MetricStoreBenchmark (control plane on a fresh embedded PostgreSQL:
# ingestion, compaction, bytes per sample, 30-day queries), then gives the very same samples to
# Prometheus' promtool (Debian package 'prometheus') and measures its blocks on disk.
# Run as a regular user (the embedded PostgreSQL refuses root), on an otherwise idle machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOSTS="${1:-4}" DAYS="${2:-2}" THREADS="${3:-2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

./mvnw -B -q -pl bench -am install -DskipTests
CLASSPATH="bench/target/classes:$(cat bench/target/classpath.txt)"
java -Xmx3g -cp "$CLASSPATH" io.vigie.bench.MetricStoreBenchmark "$WORK/data" "$WORK/samples.om" "$HOSTS" "$DAYS" "$THREADS"

if command -v promtool >/dev/null; then
    echo
    echo "PROMETHEUS $(promtool --version 2>&1 | head -1)"
    start=$(date +%s.%N)
    promtool tsdb create-blocks-from openmetrics "$WORK/samples.om" "$WORK/prometheus" >/dev/null
    end=$(date +%s.%N)
    samples=$(grep -vc '^#' "$WORK/samples.om")
    bytes=$(du -sb "$WORK/prometheus" | cut -f1)
    chunks=$(find "$WORK/prometheus" -path '*/chunks/*' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    awk -v s="$samples" -v b="$bytes" -v c="$chunks" -v t="$(echo "$end - $start" | bc)" 'BEGIN {
        printf "promtool backfill: %d samples in %.1f s, %.0f samples/s\n", s, t, s / t
        printf "prometheus blocks: %d bytes on disk = %.2f bytes/sample (chunks alone %.2f bytes/sample)\n", b, b / s, c / s }'
else
    echo "promtool not found (apt install prometheus): no side-by-side figures"
fi
