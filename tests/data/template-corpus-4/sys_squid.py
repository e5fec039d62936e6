"""Squid: a Squid 6 forward proxy with two workers, whose access.log (native format) and cache.log are shipped into
one file, as a log collector tailing both writes them. Two kinds of lines, one layout `<Date> <Time> <Content>`:

- access.log: `%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt`. The layout's first two fields take the
  epoch time and the elapsed milliseconds; the Content is the other ten fields, all filled in at run time, so every
  access line is one event `<*> <*>/<*> <*> <*> <*> <*> <*>/<*> <*>` (client, result code, status, bytes, method,
  URL, user, hierarchy code, peer, MIME type; `-` when empty).
- cache.log: `YYYY/MM/DD HH:MM:SS kidN| message`. The layout's two fields take the date and the time; the Content
  starts with the process label `kidN|`, printed by Squid's debug machinery, whose number is a value (`<*>|`).
  A Comm::Connection printed with `<<` (`conn123 local=… remote=… FD 12 flags=1`) is one value.

No cache.log line matches the access template (see the README)."""
import calendar

from gen_common import E

NAME = "Squid"
LAYOUT = "<Date> <Time> <Content>"

SITES = ["http://deb.debian.org/debian/dists/bookworm/InRelease", "http://archive.ubuntu.com/ubuntu/pool/main/o/openssl/libssl3_3.0.2-0ubuntu1.12_amd64.deb",
         "http://repo.maven.apache.org/maven2/org/slf4j/slf4j-api/2.0.9/slf4j-api-2.0.9.jar", "http://pypi.internal/simple/requests/",
         "http://cdn.example-news.com/img/2026/11/28/front.jpg", "http://ocsp.digicert.com/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ", "http://detectportal.firefox.com/canonical.html",
         "http://intranet.corp.local/wiki/index.php?title=Onboarding"]
TUNNELS = ["github.com:443", "api.github.com:443", "registry.npmjs.org:443", "login.microsoftonline.com:443", "www.google.com:443", "update.googleapis.com:443",
           "objects.githubusercontent.com:443", "slack.com:443", "teams.microsoft.com:443"]
TYPES = {"InRelease": "text/plain", ".deb": "application/vnd.debian.binary-package", ".jar": "application/java-archive", "/simple/": "text/html",
         ".jpg": "image/jpeg", "ocsp": "application/ocsp-response", "canonical": "text/html", "intranet": "text/html"}
USERS = ["-"] * 6 + ["jdoe", "m.keller", "svc-build"]
KIDS = ["kid1", "kid2"]
_TURN = {}


def client(r):
    return "10.20.%d.%d" % (r.choice([1, 2, 3, 8]), r.randint(2, 250))


def access(r):
    x = r.random()
    user = r.choice(USERS)
    if x < 0.45:
        return (client(r), "TCP_TUNNEL", 200, r.randint(1200, 9000000), "CONNECT", r.choice(TUNNELS), user, "HIER_DIRECT", "140.82.%d.%d" % (r.randint(112, 121), r.randint(2, 250)), "-")
    if x < 0.5:
        return (client(r), "TCP_DENIED", 403, r.randint(3900, 4200), r.choice(["GET", "CONNECT"]), r.choice(["http://ads.tracker-example.net/pixel.gif", "pastebin.com:443", "www.facebook.com:443"]),
                user, "HIER_NONE", "-", "text/html")
    if x < 0.53:
        return (client(r), "NONE_NONE", "%03d" % r.choice([400, 0]), r.randint(0, 4000), r.choice(["NONE", "error:invalid-request"]), "error:invalid-request", "-", "HIER_NONE", "-", r.choice(["text/html", "-"]))
    url = r.choice(SITES)
    typ = next(v for k, v in TYPES.items() if k in url)
    code = r.choice(["TCP_MISS"] * 5 + ["TCP_HIT", "TCP_MEM_HIT", "TCP_REFRESH_UNMODIFIED", "TCP_REFRESH_MODIFIED", "TCP_MISS_ABORTED"])
    status = {"TCP_REFRESH_UNMODIFIED": 304, "TCP_MISS_ABORTED": 0}.get(code, r.choice([200] * 8 + [304, 404, 503]))
    hier = "HIER_NONE/-" if "HIT" in code else r.choice(["HIER_DIRECT/151.101.%d.%d" % (r.randint(0, 250), r.randint(2, 250)), "FIRSTUP_PARENT/10.20.0.8"])
    h, p = hier.split("/")
    lo, hi = {"text/html": (900, 90000), "text/plain": (2000, 160000), "image/jpeg": (20000, 400000), "application/ocsp-response": (700, 3000)}.get(typ, (40000, 9000000))
    size = r.randint(lo, hi) if status == 200 else r.randint(250, 900)
    return (client(r), code, "%03d" % status, size, r.choice(["GET"] * 9 + ["HEAD"]), url, user, h, p, typ)


def ev(fmt, weight, gen=None, kind="cache", **kw):
    """cache.log events get the `kidN| ` label in front of the message; the label's number is a value."""
    if kind == "cache":
        g = gen or (lambda r: ())

        def wrapped(r):
            v = g(r)
            if not isinstance(v, (tuple, list)):
                v = (v,)
            if kw.get("pos"):  # start-up and shut-down: each worker in turn
                _TURN[fmt] = _TURN.get(fmt, -1) + 1
                return (KIDS[_TURN[fmt] % len(KIDS)],) + tuple(v)
            return (r.choice(KIDS),) + tuple(v)
        return E("{}| " + fmt, weight, wrapped, kind=kind, **kw)
    return E(fmt, weight, gen, kind=kind, **kw)


def conn(r, port=3128):
    return "conn%d local=10.20.0.5:%d remote=%s:%d FD %d flags=1" % (r.randint(1000, 9999999), port, client(r), r.randint(32768, 60999), r.randint(12, 4000))


EVENTS = [
    # start-up
    ev("Starting Squid Cache version {} for {}...", -2, lambda r: ("6.6", "x86_64-pc-linux-gnu"), pos="start"),
    ev("Service Name: {}", -2, lambda r: "squid", pos="start"),
    ev("Process ID {}", -2, lambda r: r.randint(30, 60), pos="start"),
    ev("Process Roles: {}", -2, lambda r: "worker", pos="start"),
    ev("With {} file descriptors available", -2, lambda r: 65536, pos="start"),
    ev("Initializing IP Cache...", -2, pos="start"),
    ev("DNS IPv4 socket created at {}, FD {}", -2, lambda r: ("0.0.0.0", r.randint(8, 11)), pos="start"),
    ev("Adding nameserver {} from {}", -2, lambda r: ("10.20.0.2", "/etc/resolv.conf"), pos="start"),
    ev("Logfile: opening log {}", -2, lambda r: "daemon:/var/log/squid/access.log", pos="start"),
    ev("Swap maxSize {} + {} KB, estimated {} objects", -2, lambda r: (20480000, 262144, 1595690), pos="start"),
    ev("Max Mem  size: {} KB [shared]", -2, lambda r: 262144, pos="start"),
    ev("Rebuilding storage in {} ({})", -2, lambda r: ("/var/spool/squid", "clean log"), pos="start"),
    ev("Finished loading MIME types and icons.", -2, pos="start"),
    ev("Accepting HTTP Socket connections at {}", -2, lambda r: "conn%d local=[::]:3128 remote=[::] FD %d flags=9" % (r.randint(3, 9), r.randint(20, 30)), pos="start"),
    ev("Done reading {} swaplog ({} entries)", -2, lambda r: ("/var/spool/squid", r.randint(800000, 900000)), pos="start"),
    ev("Finished rebuilding storage from disk.", -2, pos="start"),
    ev("storeLateRelease: released {} objects", -2, lambda r: 0, pos="start"),
    # runtime: access.log
    E("{} {}/{} {} {} {} {} {}/{} {}", 1150, access, kind="access"),
    # runtime: cache.log
    ev("{}: read/write failure: ({}) {}", 120, lambda r: (conn(r),) + r.choice([(32, "Broken pipe"), (104, "Connection reset by peer"), (110, "Connection timed out")])),
    ev("ERROR: failure while accepting a TLS connection on {}: {}", 70, lambda r: (conn(r, 3129), r.choice(["SQUID_TLS_ERR_ACCEPT+TLS_LIB_ERR=A000418+TLS_IO_ERR=1", "SQUID_TLS_ERR_ACCEPT+TLS_IO_ERR=5+errno=104"]))),
    ev("SECURITY ALERT: Host header forgery detected on {} ({})", 60, lambda r: (conn(r), "local IP does not match any domain IP")),
    ev("SECURITY ALERT: on URL: {}", 60, lambda r: r.choice(TUNNELS)),
    ev("ERROR: negotiating TLS on FD {}: {} ({}/{}/{})", 45, lambda r: (r.randint(12, 4000), r.choice(["error:0A000086:SSL routines::certificate verify failed", "error:0A000126:SSL routines::unexpected eof while reading"]), 1, -1, 0)),
    ev("TCP connection to {} failed", 35, lambda r: "10.20.0.8/3128"),
    ev("Detected DEAD Parent: {}", 8, lambda r: "proxy-upstream-1"),
    ev("Detected REVIVED Parent: {}", 8, lambda r: "proxy-upstream-1"),
    ev("ipcacheParse: No Address records in response to '{}'", 70, lambda r: r.choice(["intranet.corp.local", "wpad.corp.local", "printer-3.corp.local", "nonexistent.example"])),
    ev("WARNING: All {}/{} {} processes are busy.", 20, lambda r: (20, 20, "basic_ldap_auth")),
    ev("WARNING: {} pending requests queued", 20, lambda r: r.randint(20, 60)),
    ev("WARNING: Consider increasing the number of {} processes in your config file.", 20, lambda r: "basic_ldap_auth"),
    ev("helperOpenServers: Starting {}/{} '{}' processes", 10, lambda r: (r.choice([1, 5]), 20, "basic_ldap_auth")),
    ev("urlParse: URL too large ({} bytes)", 12, lambda r: r.randint(8200, 90000)),
    ev("clientProcessHit: Vary object loop!", 15),
    ev("WARNING: HTTP: Invalid Response: Bad header encountered from {} AKA {}", 25, lambda r: (lambda u: (u, u.split("://", 1)[1]))(r.choice(SITES[4:]))),
    ev("Logfile: {}: queue is too large; some log messages have been lost.", -1, lambda r: "daemon:/var/log/squid/access.log"),
    ev("WARNING! Your cache is running out of filedescriptors", -1),
    ev("WARNING: swapfile header inconsistent with available data", -1),
    ev("WARNING: Closing client connection due to lifetime timeout", -1),
    ev("ERROR: system call failure: accept: ({}) {}", -1, lambda r: (24, "Too many open files")),
    ev("squidaio_queue_request: WARNING - Queue congestion (growing to {})", 4, lambda r: r.choice([32, 64, 128, 256])),
    ev("Reconfiguring Squid Cache (version {})...", 4, lambda r: "6.6"),
    ev("storeDirWriteCleanLogs: Starting...", 4),
    ev("  {} entries written so far.", 10, lambda r: 65536 * r.randint(1, 13)),
    ev("  Finished.  Wrote {} entries.", 4, lambda r: r.randint(800000, 900000)),
    ev("  Took {} seconds ({} entries/sec).", 4, lambda r: ("%.2f" % r.uniform(0.3, 2), "%.1f" % r.uniform(400000, 1200000))),
    # shut-down
    ev("Preparing for shutdown after {} requests", -2, lambda r: r.randint(80000, 120000), pos="end"),
    ev("Waiting {} seconds for active connections to finish", -2, lambda r: 30, pos="end"),
    ev("Closing HTTP(S) port {}", -2, lambda r: "[::]:3128", pos="end"),
    ev("Shutting down...", -2, pos="end"),
    ev("Squid Cache (Version {}): Exiting normally.", -2, lambda r: "6.6", pos="end"),
]


def header(r, t, ev, n):
    if ev.meta["kind"] == "access":
        return "%d.%03d %6d " % (calendar.timegm(t.timetuple()), t.microsecond // 1000, int(r.expovariate(1 / 400.0)) + r.choice([0, 0, 0, 1000, 30000]))
    return t.strftime("%Y/%m/%d %H:%M:%S ")
