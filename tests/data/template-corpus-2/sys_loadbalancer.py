"""LoadBalancer: an HAProxy-like load balancer logging through syslog."""
import random

from gen_common import E

NAME = "LoadBalancer"
LAYOUT = "<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>"

_p = random.Random(101)
CLIENTS = ["%d.%d.%d.%d" % (_p.choice([10, 172, 192, 198, 203]), _p.randint(0, 255), _p.randint(0, 255), _p.randint(1, 254))
           for _ in range(60)]
BACKENDS = {"be_api": ["api1", "api2", "api3", "api4"], "be_static": ["static1", "static2"],
            "be_auth": ["auth-a", "auth-b"], "be_search": ["es1", "es2", "es3"]}
TCPBACK = {"be_pg": ["pg-primary", "pg-replica"], "be_redis": ["redis1", "redis2"]}
FRONT = ["fe_https~", "fe_https~", "fe_http", "fe_internal"]
PATHS = ["/api/v1/items/%d", "/api/v1/orders/%d", "/api/v2/users/%d/profile", "/static/js/app.%d.js",
         "/login", "/health", "/api/v1/search?q=item%d", "/favicon.ico", "/api/v1/cart/%d/checkout"]
METHODS = ["GET"] * 8 + ["POST"] * 3 + ["PUT", "DELETE", "HEAD"]


def _date(r):
    import datetime as dt
    import sys
    t = sys.modules[__name__].now - dt.timedelta(milliseconds=r.randint(0, 30000))
    return t.strftime("%d/%b/%Y:%H:%M:%S") + ".%03d" % (t.microsecond // 1000)


def _srv(r, tcp=False):
    b = r.choice(sorted((TCPBACK if tcp else BACKENDS).keys()))
    return b, r.choice((TCPBACK if tcp else BACKENDS)[b])


def _http(r):
    be, srv = _srv(r)
    p = r.choice(PATHS)
    if "%d" in p:
        p = p % r.randint(1, 99999)
    req = "%s %s HTTP/%s" % (r.choice(METHODS), p, r.choice(["1.1", "1.1", "2.0"]))
    status = r.choice([200] * 20 + [201, 204, 301, 302, 304, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503])
    tq, tw, tc, tr = r.randint(0, 3), 0, r.randint(0, 2), r.randint(1, 400)
    term = "----"
    if status >= 500 and r.random() < 0.5:
        term = r.choice(["SH--", "sH--", "SC--"])
    if status == 503 and r.random() < 0.5:
        srv, tw, tc, tr, term = "<NOSRV>", -1, -1, -1, "SC--"
    ta = max(tq + tw + tc + tr, 0) + r.randint(0, 5)
    if r.random() < 0.01:
        req, status, tq, tw, tc, tr, term, srv = "<BADREQ>", 400, -1, -1, -1, -1, "PR--", "<NOSRV>"
    ck = r.choice(["-"] * 5 + ["SESSID=%x" % r.getrandbits(32)])
    return (r.choice(CLIENTS), r.randint(1024, 65535), _date(r), r.choice(FRONT), be, srv, tq, tw, tc, tr, ta,
            status, r.randint(0, 250000), ck, "-", term, r.randint(1, 900), r.randint(1, 600), r.randint(0, 200),
            r.randint(0, 60), r.choice([0] * 20 + [1, 2]), 0, r.choice([0] * 10 + [1, 3]), req)


def _tcp(r):
    be, srv = _srv(r, True)
    return (r.choice(CLIENTS), r.randint(1024, 65535), _date(r), r.choice(["fe_pg", "fe_redis"]), be, srv,
            r.randint(0, 2), r.randint(0, 3), r.randint(100, 3600000), r.randint(0, 9000000),
            r.choice(["--", "--", "--", "cD", "sD", "CD"]), r.randint(1, 900), r.randint(1, 100), r.randint(1, 80),
            r.randint(1, 40), 0, 0, 0)


def _srvud(r):
    b, s = _srv(r)
    return b, s


def _ssl(r):
    return r.choice(CLIENTS), r.randint(1024, 65535), _date(r), "fe_https", r.choice(["0.0.0.0:443", "[::]:443"])


def _n(a, b):
    return lambda r: r.randint(a, b)


def _check_down(r):
    b, s = _srv(r)
    return (b, s, r.choice(["Layer4 timeout", "Layer4 connection problem", "Layer7 wrong status"]), r.randint(1, 2001),
            r.randint(0, 3), r.randint(0, 1), r.randint(0, 40), r.randint(0, 10), r.randint(0, 5))


EVENTS = [
    E("{}:{} [{}] {} {}/{} {}/{}/{}/{}/{} {} {} {} {} {} {}/{}/{}/{}/{} {}/{} \"{}\"", 1000, _http),
    E("{}:{} [{}] {} {}/{} {}/{}/{} {} {} {}/{}/{}/{}/{} {}/{}", 140, _tcp),
    E("{}:{} [{}] {}/{}: SSL handshake failure", 45, _ssl),
    E("{}:{} [{}] {}/{}: Connection closed during SSL handshake", 22, _ssl),
    E("{}:{} [{}] {}/{}: Timeout during SSL handshake", 9, _ssl),
    E("{}:{} [{}] {}/{}: SSL client certificate not trusted", -2, _ssl),
    E("Connect from {}:{} to {}:{} ({}/{})", 30, lambda r: (r.choice(CLIENTS), r.randint(1024, 65535), "10.0.0.10",
                                                           r.choice([8404, 9000]), "stats", "HTTP")),
    E("Health check for server {}/{} failed, reason: {}, info: \"{}\", check duration: {}ms, status: {}/{} DOWN.", 30,
      lambda r: _srvud(r) + (r.choice(["Layer4 timeout", "Layer4 connection problem", "Layer7 wrong status"]),
                             r.choice(["Connection refused", "HTTP status check returned code <503>",
                                       "No route to host", "at initial connection step of tcp-check"]),
                             r.randint(0, 2001), r.randint(0, 2), 3)),
    E("Health check for server {}/{} succeeded, reason: {}, code: {}, check duration: {}ms, status: {}/{} UP.", 26,
      lambda r: _srvud(r) + ("Layer7 check passed", 200, r.randint(0, 40), r.randint(1, 3), 3)),
    E("Health check for backup server {}/{} failed, reason: {}, check duration: {}ms, status: {}/{} DOWN.", 4,
      lambda r: (r.choice(["be_api", "be_static"]), "backup1", "Layer4 timeout", r.randint(1000, 2001), 0, 2)),
    E("Agent check for server {}/{} failed, reason: {}, info: \"{}\", check duration: {}ms, status: {}/{} DOWN.", 3,
      lambda r: _srvud(r) + ("Layer4 connection problem", "Connection refused", r.randint(0, 5), 0, 1)),
    E("Server {}/{} is DOWN, reason: {}, check duration: {}ms. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.", 14, _check_down),
    E("Server {}/{} is UP, reason: {}, check duration: {}ms. {} active and {} backup servers online. {} sessions requeued, {} total in queue.", 13,
      lambda r: _srvud(r) + ("Layer7 check passed", r.randint(0, 40), r.randint(1, 4), r.randint(0, 1), 0, 0)),
    E("Server {}/{} is going DOWN for maintenance. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.", 5,
      lambda r: _srvud(r) + (r.randint(1, 3), 1, r.randint(0, 30), 0, 0)),
    E("Server {}/{} is UP (leaving forced maintenance).", 5, _srvud),
    E("Server {}/{} is DOWN, changed from CLI. {} active and {} backup servers left. {} sessions active, {} requeued, {} remaining in queue.", -2,
      lambda r: _srvud(r) + (r.randint(1, 3), 1, r.randint(0, 30), 0, 0)),
    E("backend {} has no server available!", 7, lambda r: r.choice(["be_auth", "be_search", "be_static"])),
    E("Server {}/{} administratively READY thanks to valid DNS answer.", 3, _srvud),
    E("{}/{} changed its IP from {} to {} by DNS cache.", 4,
      lambda r: _srvud(r) + ("10.0.%d.%d" % (r.randint(1, 9), r.randint(2, 250)), "10.0.%d.%d" % (r.randint(1, 9), r.randint(2, 250)))),
    E("{}/{} changed its IP from {} to {} by {}/{}.", 3,
      lambda r: _srvud(r) + ("10.0.%d.%d" % (r.randint(1, 9), r.randint(2, 250)), "10.0.%d.%d" % (r.randint(1, 9), r.randint(2, 250)),
                             "dns", r.choice(["ns1", "ns2"]))),
    E("Proxy {} started.", 6, lambda r: r.choice(["fe_https", "fe_http", "fe_internal", "be_api", "be_static", "be_auth", "stats"])),
    E("Proxy {} stopped (cumulated conns: FE: {}, BE: {}).", 5,
      lambda r: (r.choice(["fe_https", "fe_http", "be_api", "be_static"]), r.randint(0, 900000), r.randint(0, 900000))),
    E("Stopping frontend {} in {} ms.", 3, lambda r: (r.choice(["fe_https", "fe_http", "fe_internal"]), 0)),
    E("Stopping backend {} in {} ms.", 3, lambda r: (r.choice(["be_api", "be_static", "be_auth"]), 0)),
    E("Pausing proxy {}.", -2, lambda r: r.choice(["fe_https", "fe_http"])),
    E("Connection limit reached on frontend {} ({}/{}), pausing listener.", -2, lambda r: ("fe_https", 20000, 20000)),
    E("Resuming listener of frontend {}.", -1, lambda r: "fe_https"),
    E("Proxy {} reached process FD limit (maxsock={}). Please check 'ulimit-n' and restart.", -1, lambda r: ("fe_https", 40108)),
    E("New worker ({}) forked", 3, lambda r: r.randint(2000, 60000)),
    E("Loading success.", 3),
    E("Reexecuting Master process", 2),
    E("Former worker ({}) exited with code {} ({})", 2, lambda r: (r.randint(2000, 60000), 0, "Exit")),
    E("Current worker ({}) exited with code {} ({})", -1, lambda r: (r.randint(2000, 60000), 139, "Segmentation fault")),
    E("Config file {} is valid, {} frontends and {} backends loaded.", -2,
      lambda r: ("/etc/haproxy/haproxy.cfg", 5, 6)),
]


def header(r, ts, ev, n):
    return "%s %2d %s %s haproxy[%d]: " % (ts.strftime("%b"), ts.day, ts.strftime("%H:%M:%S"),
                                            r.choice(["lb-edge-1", "lb-edge-1", "lb-edge-2"]), 3111)
