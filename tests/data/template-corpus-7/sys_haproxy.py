"""HAProxy: haproxy 2.8 on an edge load balancer `lb-1`, logging to the local syslog daemon (`Nov 28 14:02:11 lb-1
haproxy[2381]: `). HTTP frontends with `option httplog` (default httplog format, no captured headers, so `%hr`/`%hs`
print nothing), HTTPS on `fe_https` (`~` after the frontend name), health-checked backends. Start-up (proxies
started), steady state (request log, connection errors of the error-log format, health checks, servers going down
and up, backends without a server, DNS resolution, limits), shut-down (soft stop)."""
from gen_common import E, ip, pubip, hexs, pick, turn

NAME = "HAProxy"
LAYOUT = "<Month> <Day> <Time> <Host> <Program>\\[<Pid>\\]: <Content>"

BACKENDS = {
    "be_app": ["app1", "app2", "app3", "app4"],
    "be_api": ["api1", "api2", "api3"],
    "be_static": ["static1", "static2"],
    "be_auth": ["auth1", "auth2"],
}
PROXIES = ["fe_http", "fe_https", "be_app", "be_api", "be_static", "be_auth", "stats"]
SRV_ADDR = {s: "10.20.%d.%d" % (i // 4 + 1, 10 + i) for i, s in enumerate(sum(BACKENDS.values(), []))}

PATHS = ["/", "/index.html", "/api/v1/orders", "/api/v1/orders/%d", "/api/v1/cart", "/api/v2/search?q=%s", "/static/js/app.%s.js",
         "/static/css/main.%s.css", "/img/products/%d.webp", "/login", "/logout", "/auth/token", "/healthz", "/favicon.ico",
         "/api/v1/users/%d/preferences", "/checkout", "/wp-login.php", "/.env", "/robots.txt"]


def ev(fmt, weight, gen=None, lv="info", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def client(r):
    return pubip(r) if r.random() < 0.8 else ip(r, "10.40")


def cport(r):
    return r.randint(1025, 65535)


def accept_date(r):
    t = globals()["now"]  # the line's time, set by gen_common.build
    return t.strftime("%d/%b/%Y:%H:%M:%S") + ".%03d" % (t.microsecond // 1000)


def path(r):
    p = r.choice(PATHS)
    if "%d" in p:
        p = p % r.randint(10, 99999)
    elif "%s" in p:
        p = p % hexs(r, 8)
    return p


def http_line(r):
    fe = r.choice(["fe_https~", "fe_https~", "fe_https~", "fe_http"])
    p = path(r)
    if p.startswith("/api") or p.startswith("/auth"):
        be = "be_api" if not p.startswith("/auth") else "be_auth"
    elif p.startswith("/static") or p.startswith("/img") or p in ("/favicon.ico", "/robots.txt"):
        be = "be_static"
    else:
        be = "be_app"
    srv = r.choice(BACKENDS[be])
    meth = "GET" if r.random() < 0.75 else r.choice(["POST", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"])
    ver = r.choice(["HTTP/1.1", "HTTP/1.1", "HTTP/2.0"])
    x = r.random()
    if x < 0.80:
        st = r.choice([200] * 12 + [204, 301, 302, 304, 304, 404, 401, 403])
        tr, tw, tc = r.randint(0, 3), 0, r.randint(0, 2)
        tsrv = r.randint(1, 180)
        ta = tr + tw + tc + tsrv + r.randint(0, 4)
        flags = "----"
        size = r.randint(180, 90000) if st not in (204, 304) else r.randint(150, 400)
    elif x < 0.88:
        st, tr, tw, tc, tsrv = r.choice([500, 502, 503, 504]), r.randint(0, 2), 0, r.randint(0, 3), r.randint(1, 30000)
        flags = {500: "----", 502: "SH--", 503: "SC--", 504: "sH--"}[st]
        if st == 503:
            tsrv = -1
        ta = max(tr + tc, 0) + max(tsrv, 0) + r.randint(0, 5)
        size = r.randint(200, 500)
    elif x < 0.94:
        st, tr, tw, tc, tsrv = -1, r.randint(0, 4), 0, r.randint(0, 2), r.randint(1, 900)
        flags = r.choice(["CD--", "cD--", "CH--"])
        ta = tr + tc + tsrv + r.randint(0, 50)
        size = r.randint(0, 4000)
        st = r.choice([200, -1])
    else:
        st, tr, tw, tc, tsrv, ta = 400, r.randint(0, 20000), -1, -1, -1, r.randint(0, 20000)
        flags = r.choice(["PR--", "CR--"])
        srv, be = "<NOSRV>", fe.rstrip("~")
        size = 0
    req = "%s %s %s" % (meth, p, ver) if st != 400 else "<BADREQ>"
    fc = r.randint(1, 400)
    bc = r.randint(0, min(fc, 120))
    return (client(r), cport(r), accept_date(r), fe, be, srv, tr, tw, tc, tsrv, ta, st, size, "-", "-", flags,
            fc + r.randint(0, 20), fc, bc, r.randint(0, max(bc, 1)), r.choice([0, 0, 0, 0, 1]), r.choice([0] * 30 + [1, 3, 12]), r.choice([0] * 20 + [2, 5]), req)


def be_srv(r):
    be = r.choice(list(BACKENDS))
    return be, r.choice(BACKENDS[be])


def down(r):
    be, s = be_srv(r)
    reason, dur = r.choice([("Layer4 timeout", r.randint(2000, 2003)), ("Layer4 connection problem", r.randint(0, 3)),
                            ("Layer7 wrong status", r.randint(1, 40)), ("Layer6 invalid response", r.randint(1, 9)),
                            ("Layer7 timeout", r.randint(2000, 2002))])
    n = len(BACKENDS[be])
    return be, s, reason, dur, r.randint(0, n - 1), pick(r, 0, 0, 0, 0, 1), r.randint(0, 12), r.randint(0, 3), pick(r, 0, 0, 0, 0, 2, 7)


def up(r):
    be, s = be_srv(r)
    reason = r.choice(["Layer7 check passed", "Layer4 check passed", "Layer7 check passed"])
    return be, s, reason, r.randint(1, 30), r.randint(1, len(BACKENDS[be])), 0, 0, 0, 0


def hc(r):
    be, s = be_srv(r)
    kind = pick(r, "Health", "Health", "Health", "Agent")
    ok = r.random() < 0.4
    if ok:
        reason, dur = pick(r, "Layer7 check passed", "Layer4 check passed"), r.randint(1, 30)
        return kind, be, s, "succeeded", reason, dur, r.randint(1, 2), 3, "DOWN"
    reason, dur = r.choice([("Layer4 timeout", 2001), ("Layer4 connection problem", 0), ("Layer7 wrong status", 12),
                            ("Layer6 invalid response", 3), ("Layer7 timeout", 2000)])
    return kind, be, s, "failed", reason, dur + r.randint(0, 3), r.randint(1, 2), 3, "UP"


def conn_err(r):
    err = r.choice(["SSL handshake failure"] * 6 + ["Connection closed during SSL handshake"] * 3 +
                   ["Timeout during SSL handshake"] * 2 +
                   ["SSL client certificate not trusted", "Connection error during SSL handshake (Connection reset by peer)",
                    "Server presented an SSL certificate different from the configured one", "Timeout while waiting for PROXY protocol header"])
    return client(r), cport(r), accept_date(r), "fe_https", r.choice([1, 1, 1, 2]), err


EVENTS = [
    ev("Proxy {} started.", -7, lambda r: turn("hap-start", PROXIES), lv="notice", pos="start"),
    # steady state
    ev("{}:{} [{}] {} {}/{} {}/{}/{}/{}/{} {} {} {} {} {} {}/{}/{}/{}/{} {}/{} \"{}\"", 820, http_line),
    ev("{}:{} [{}] {}/{}: {}", 170, conn_err),
    ev("{} check for server {}/{} {}, reason: {}, check duration: {}ms, status: {}/{} {}.", 140, hc, lv="warning"),
    ev("Server {}/{} is DOWN, reason: {}, check duration: {}ms. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       60, down, lv="alert"),
    ev("Server {}/{} is UP, reason: {}, check duration: {}ms. {} active and {} backup servers online. {} sessions requeued, {} total in queue.",
       55, lambda r: up(r)[:6] + (pick(r, 0, 0, 0, 2, 5), pick(r, 0, 0, 0, 1)), lv="notice"),
    ev("backend {} has no server available!", 30, lambda r: r.choice(["be_auth", "be_auth", "be_static", "be_api"]), lv="emerg"),
    ev("Connect from {}:{} to {}:{} ({}/{})", 90, lambda r: (ip(r, "10.40"), cport(r), "10.20.0.5", 8404, "stats", "HTTP")),
    ev("Server {}/{} is going DOWN for maintenance ({}). {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       6, lambda r: (lambda b, s: (b, s, pick(r, "DNS NX status", "DNS timeout status", "unspecified reason"), len(BACKENDS[b]) - 1, 0, r.randint(0, 4), 0, 0))(*be_srv(r)),
       lv="alert"),
    ev("Server {}/{} is UP/READY (leaving forced maintenance).", 1, lambda r: ("be_api", "api3"), lv="notice"),
    ev("{}/{} changed its IP from {} to {} by {}.", 5, lambda r: (lambda b, s: (b, s, SRV_ADDR[s], "10.20.9.%d" % r.randint(2, 250), pick(r, "DNS cache", "ns1/dns1")))(*be_srv(r)),
       lv="notice"),
    ev("Server {}/{} administratively READY thanks to valid DNS answer.", 3, lambda r: be_srv(r), lv="notice"),
    ev("Server {}/{} was DOWN and now enters maintenance ({}).", 2, lambda r: (lambda b, s: (b, s, "DNS timeout status"))(*be_srv(r)), lv="notice"),
    ev("Proxy {} reached the configured maximum connection limit. Please check the global 'maxconn' value.", 4,
       lambda r: pick(r, "fe_https", "fe_http"), lv="warning"),
    ev("Proxy {} reached process FD limit (maxsock={}). Please check 'ulimit-n' and restart.", 1, lambda r: ("fe_https", 200046), lv="warning"),
    ev("Connect() failed for backend {}: no free ports.", 2, lambda r: pick(r, "be_app", "be_api"), lv="alert"),
    ev("Connect() failed for backend {}: local address already in use.", 1, lambda r: "be_app", lv="alert"),
    ev("Server {}/{} is DOWN (leaving forced drain). {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       1, lambda r: ("be_app", "app2", 3, 0, 0, 0, 0), lv="alert"),
    ev("Server {}/{} enters drain mode.", 2, lambda r: ("be_app", "app2"), lv="notice"),
    ev("Server {}/{} ('{}') is UP/READY (resolves again).", 1, lambda r: ("be_api", "api3", "api3.svc.internal"), lv="notice"),
    ev("{} '{}': unable to resolve server address of '{}' (Temporary failure in name resolution).", 1, lambda r: ("backend", "be_api", "api3.svc.internal"), lv="warning"),
    ev("A bogus STREAM [{}] is spinning at {} calls per second and refuses to die, aborting now! Please report this error to developers [strm={} src={} fe={} be={} dst={}]",
       -1, lambda r: ("0x55d3c6a1f2b0", 120403, "0x55d3c6a1f2b0", "203.0.113.77", "fe_https", "be_api", "api2"), lv="emerg"),
    ev("Server {}/{} is DOWN, changed from CLI. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       2, lambda r: (lambda b, s: (b, s, len(BACKENDS[b]) - 1, 0, r.randint(0, 5), 0, 0))(*be_srv(r)), lv="alert"),
    ev("Server {}/{} is UP, changed from CLI. {} active and {} backup servers online. {} sessions requeued, {} total in queue.",
       2, lambda r: (lambda b, s: (b, s, len(BACKENDS[b]), 0, 0, 0))(*be_srv(r)), lv="notice"),
    ev("Server {}/{} is going DOWN for maintenance. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       3, lambda r: (lambda b, s: (b, s, len(BACKENDS[b]) - 1, 0, r.randint(0, 6), r.randint(0, 2), 0))(*be_srv(r)), lv="alert"),
    ev("Backup Server {}/{} is DOWN, reason: {}, check duration: {}ms. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.",
       3, lambda r: ("be_static", "static-bk", pick(r, "Layer4 timeout", "Layer4 connection problem"), r.randint(0, 2002), 2, 0, 0, 0, 0), lv="alert"),
    ev("Backup Server {}/{} is UP, reason: {}, check duration: {}ms. {} active and {} backup servers online. {} sessions requeued, {} total in queue.",
       2, lambda r: ("be_static", "static-bk", "Layer4 check passed", r.randint(0, 3), 2, 1, 0, 0), lv="notice"),
    ev("sendmsg()/writev() failed in logger #{}: {} (errno={})", 16, lambda r: (1, "Resource temporarily unavailable", 11), lv="warning"),
    ev("Lua function '{}': runtime error: {}.", 12, lambda r: ("auth_request", pick(r, "/etc/haproxy/lua/auth.lua:41: attempt to index a nil value (local 'claims')",
                                                                                 "/etc/haproxy/lua/auth.lua:77: bad argument #1 to 'sub' (string expected, got nil)")), lv="err"),
    ev("Lua applet http '{}': execution timeout.", 2, lambda r: "maintenance_page", lv="err"),
    ev("Server {}/{} changed its FQDN from {} to {} by '{}'", 1, lambda r: ("be_api", "api3", "api3.svc.internal", "api3b.svc.internal", "stats socket command"), lv="notice"),
    ev("Stopping {} {} in {} ms.", -7, lambda r: (lambda p: ("frontend" if p.startswith("fe_") or p == "stats" else "backend", p, 0))(turn("hap-stopping", PROXIES)),
       lv="warning", pos="end"),
    ev("Proxy {} stopped (cumulated conns: FE: {}, BE: {}).", -7,
       lambda r: (lambda p: (p, 0 if p.startswith("be_") else r.randint(400, 40000), 0 if p.startswith("fe_") else r.randint(300, 30000)))(turn("hap-stopped", PROXIES)),
       lv="warning", pos="end"),
]


def header(r, t, ev, n):
    return "%s %2d %s lb-1 haproxy[%d]: " % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), 2381)
