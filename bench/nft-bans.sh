#!/usr/bin/env bash
# The agent's ban enforcement at scale (docs/benchmarks.md): a full resync of 100,000 bans, then
# single new bans into the full table, measured through the agent's own classes
# (io.vigie.agent.firewall) and the real nft, in a fresh unprivileged network namespace.
#
#   bash bench/nft-bans.sh [bans]        (default 100000)
#
# Needs nft (Debian package nftables) and JAVA_HOME (or PATH) naming a Java 25. Run as root, in a
# new network namespace of its own (`unshare -n`: the machine's firewall is not touched), as the
# agent runs with CAP_NET_ADMIN: nft then raises its netlink socket buffer to the transaction's
# size (SO_SNDBUFFORCE). A regular user gets an unprivileged namespace (`unshare -rn`), where
# that is not allowed: a transaction is then capped by net.core.wmem_max (4 MiB holds about
# 25,000 bans with timeouts; more fails with "Message too long").
# Every nft run goes through `nsenter`, which adds a few milliseconds that the installed agent
# (running /usr/sbin/nft directly) does not pay.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BANS="${1:-100000}"
WORK="$(mktemp -d)"
holder=""
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
[ -f agent/target/vigie-agent.jar ] || ./mvnw -B -q -pl protocol,agent -am package -DskipTests

if [ "$(id -u)" = 0 ]; then unshare_opts=(-n); nsenter_opts="-n"; else unshare_opts=(-rn); nsenter_opts="-U -n --preserve-credentials"; fi
unshare "${unshare_opts[@]}" sleep infinity &
holder=$!
while [ "$(readlink /proc/$holder/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.01; done
printf '#!/bin/sh\nexec nsenter -t %s %s /usr/sbin/nft "$@"\n' "$holder" "$nsenter_opts" >"$WORK/nft"
chmod 700 "$WORK/nft"

echo "nft: $(/usr/sbin/nft --version), kernel $(uname -r), $(nproc) CPUs, namespace: unshare ${unshare_opts[*]}"
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx64m -XX:+UseSerialGC -cp agent/target/vigie-agent.jar bench/nft-bans/NftBansBenchmark.java \
    "$WORK/nft" "$WORK/state" "$BANS"
