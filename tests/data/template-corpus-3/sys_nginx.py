"""Nginx: an nginx error log (one master, four workers) in front of PHP-FPM and two HTTP upstream pools.

The context nginx appends to a connection's message (`, client: …, server: …, request: "…", upstream: "…", host: "…"`)
is printed by the logging machinery and is part of Content; which parts appear is fixed per call site here. The
`(<errno>: <strerror>)` after a failed system call (when the errno comes from the call; `upstream timed out` and
`client timed out` pass the constant NGX_ETIMEDOUT, so their `(110: Connection timed out)` is constant text) and the ` while <action>` (the connection's current action, set at
run time) are values filled in by the machinery, so they are `<*>`.
"""
from gen_common import E, ip, pubip, hexs

NAME = "Nginx"
LAYOUT = "<Date> <Time> \\[<Level>\\] <Pid>#<Tid>: <Content>"

WORKERS = [2417, 2418, 2419, 2420]
HOSTS = ["shop.example.com", "api.example.com", "static.example.com"]
API_PATHS = ["/api/v2/orders/%d", "/api/v2/orders", "/api/v2/cart/%d/items", "/api/v2/search?q=boots&page=%d",
             "/api/v2/users/%d/profile", "/checkout/confirm?id=%d"]
UPSTREAMS = ["10.0.4.11:8080", "10.0.4.12:8080", "10.0.4.13:8080", "10.0.5.21:9000"]
ACTIONS_UP = ["reading response header from upstream", "connecting to upstream", "sending request to upstream",
              "reading upstream"]
BROWSERS = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]


def cid(r):
    return r.randint(100000, 9999999)


def path(r):
    p = r.choice(API_PATHS)
    return p % r.randint(1, 99999) if "%d" in p else p


def req(r, m=None, p=None):
    return "%s %s HTTP/%s" % (m or r.choice(BROWSERS), p or path(r), r.choice(["1.1", "1.1", "1.1", "2.0"]))


def client(r):
    return r.choice([pubip(r), pubip(r), ip(r, "10.1")])


def full(r, action=None):
    """client, server, request, upstream, host for a proxied request"""
    h = r.choice(HOSTS[:2])
    p = path(r)
    up = r.choice(UPSTREAMS[:3])
    return (client(r), h, req(r, p=p), "http://%s%s" % (up, p.split("?")[0]), h)


def reqctx(r, p=None, m=None):
    h = r.choice(HOSTS)
    return (client(r), h, req(r, m=m, p=p), h)


F = ', client: {}, server: {}, request: "{}", upstream: "{}", host: "{}"'
R = ', client: {}, server: {}, request: "{}", host: "{}"'
C = ", client: {}, server: {}"

ERRNO_CONN = [("111", "Connection refused"), ("113", "No route to host")]
STATIC = ["/var/www/static/img/products/%d.webp", "/var/www/static/css/app.%s.css", "/var/www/static/favicon.ico",
          "/var/www/static/robots.txt", "/var/www/static/js/chunk-%s.js", "/var/www/static/.env", "/var/www/static/wp-login.php"]


def static(r):
    s = r.choice(STATIC)
    return s % r.randint(1000, 99999) if "%d" in s else (s % hexs(r, 8) if "%s" in s else s)


SSL_ERRS = ["error:0A00006C:SSL routines::bad key share", "error:0A000102:SSL routines::unsupported protocol",
            "error:0A0000C1:SSL routines::no shared cipher", "error:0A00010B:SSL routines::wrong version number",
            "error:0A000416:SSL routines::sslv3 alert certificate unknown"]


def w(fmt, weight, gen=None, lv="error", proc="worker", **kw):
    return E(fmt, weight, gen, lv=lv, proc=proc, **kw)


def ssl_srv(r):
    return r.choice(["0.0.0.0:443", "[::]:443"])


EVENTS = [
    w("*{} upstream timed out (110: Connection timed out) while {}" + F, 240,
      lambda r: (cid(r), r.choice(ACTIONS_UP[:3] + ACTIONS_UP[:1] * 4)) + full(r)),
    w("*{} connect() failed ({}: {}) while {}" + F, 150,
      lambda r: (cid(r),) + r.choice(ERRNO_CONN[:1] * 5 + ERRNO_CONN[1:]) + ("connecting to upstream",) + full(r)),
    w("*{} open() \"{}\" failed ({}: {})" + R, 190,
      lambda r: (lambda s: (cid(r), s) + r.choice([("2", "No such file or directory")] * 6 + [("13", "Permission denied")]) +
                 reqctx(r, p=s.replace("/var/www/static", ""), m="GET"))(static(r))),
    w("*{} client {} closed keepalive connection", 260, lambda r: (cid(r), client(r)), lv="info"),
    w("*{} limiting requests, excess: {} by zone \"{}\"" + R, 170,
      lambda r: (cid(r), "%.3f" % r.uniform(5, 60), r.choice(["api", "api", "login"])) + reqctx(r)),
    w("*{} delaying request, excess: {}, by zone \"{}\"" + R, 60,
      lambda r: (cid(r), "%.3f" % r.uniform(0.001, 5), "api") + reqctx(r), lv="warn"),
    w("*{} no live upstreams while {}" + F, 45,
      lambda r: (lambda f: (cid(r), "connecting to upstream") + f[:3] + ("http://backend_api%s" % f[3][f[3].index("/", 7):], f[4]))(full(r))),
    w("*{} upstream prematurely closed connection while {}" + F, 70,
      lambda r: (cid(r), r.choice(ACTIONS_UP[:1] * 3 + ACTIONS_UP[3:])) + full(r)),
    w("*{} recv() failed ({}: {}) while {}" + F, 40,
      lambda r: (cid(r), "104", "Connection reset by peer", r.choice(ACTIONS_UP[:1] + ACTIONS_UP[3:])) + full(r)),
    w("*{} upstream server temporarily disabled while {}" + F, 35,
      lambda r: (cid(r), r.choice(ACTIONS_UP[:2])) + full(r), lv="warn"),
    w("*{} an upstream response is buffered to a temporary file {} while {}" + F, 55,
      lambda r: (cid(r), "/var/cache/nginx/proxy_temp/%d/%02d/%010d" % (r.randint(0, 9), r.randint(0, 99), r.randint(1, 99999)),
                 "reading upstream") + full(r), lv="warn"),
    w("*{} a client request body is buffered to a temporary file {}" + R, 30,
      lambda r: (cid(r), "/var/cache/nginx/client_temp/%010d" % r.randint(1, 99999)) + reqctx(r, m="POST", p="/api/v2/uploads"), lv="warn"),
    w("*{} client intended to send too large body: {} bytes" + R, 25,
      lambda r: (cid(r), r.randint(10485761, 209715200)) + reqctx(r, m="POST", p="/api/v2/uploads")),
    w("*{} SSL_do_handshake() failed (SSL: {}) while {}" + C, 80,
      lambda r: (cid(r), r.choice(SSL_ERRS), "SSL handshaking", client(r), ssl_srv(r)), lv="info"),
    w("*{} SSL_read() failed (SSL: {}) while {}" + C, 20,
      lambda r: (cid(r), "error:0A000126:SSL routines::unexpected eof while reading", "waiting for request", client(r), ssl_srv(r)), lv="info"),
    w("*{} peer closed connection in SSL handshake while {}" + C, 18,
      lambda r: (cid(r), "SSL handshaking", client(r), ssl_srv(r)), lv="info"),
    w("*{} client timed out (110: Connection timed out) while {}" + C, 35,
      lambda r: (cid(r), r.choice(["waiting for request", "reading client request headers"]), client(r), ssl_srv(r)), lv="info"),
    w("*{} client sent invalid method while {}, client: {}, server: {}, request: \"{}\"", 12,
      lambda r: (cid(r), "reading client request line", client(r), r.choice(["_", "0.0.0.0:80"]),
                 r.choice(["\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03", "MGLNDD_%s_443" % pubip(r), "\\x05\\x01\\x00"])), lv="info"),
    w("*{} writev() failed ({}: {}) while {}" + R, 15,
      lambda r: (cid(r), "32", "Broken pipe", "sending to client") + reqctx(r), lv="info"),
    w("*{} \"{}\" is not found ({}: {})" + R, 40,
      lambda r: (lambda d: (cid(r), d + "index.html", "2", "No such file or directory") + reqctx(r, p=d[len("/var/www/static"):], m="GET"))(
          r.choice(["/var/www/static/admin/", "/var/www/static/old/", "/var/www/static/.git/", "/var/www/static/backup/"]))),
    w("*{} directory index of \"{}\" is forbidden" + R, 14,
      lambda r: (lambda d: (cid(r), d) + reqctx(r, p=d[len("/var/www/static"):], m="GET"))(r.choice(["/var/www/static/img/", "/var/www/static/uploads/"]))),
    w("*{} access forbidden by rule" + R, 22, lambda r: (cid(r),) + reqctx(r, p=r.choice(["/.git/config", "/server-status", "/admin/", "/.env"]), m="GET")),
    w("*{} upstream sent too big header while {}" + F, 9, lambda r: (cid(r), "reading response header from upstream") + full(r)),
    w("*{} FastCGI sent in stderr: \"{}\" while {}, client: {}, server: {}, request: \"{}\", upstream: \"{}\", host: \"{}\"", 30,
      lambda r: (lambda c, h: (cid(r), r.choice([
          "PHP message: PHP Warning:  Undefined array key \"%s\" in /var/www/legacy/cart.php on line %d" % (r.choice(["qty", "sku", "coupon"]), r.randint(10, 400)),
          "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate %d bytes) in /var/www/legacy/report.php on line %d" % (r.randint(4096, 2 ** 22), r.randint(10, 400)),
          "Primary script unknown"]), "reading response header from upstream", c, h, req(r, p="/legacy/%s.php" % r.choice(["cart", "report", "index"])),
          "fastcgi://unix:/run/php/php8.2-fpm.sock:", h))(client(r), "shop.example.com"), lv="error"),
    w("*{} connect() to {} failed ({}: {}) while {}" + F, 12,
      lambda r: (cid(r), "unix:/run/php/php8.2-fpm.sock") + r.choice([("11", "Resource temporarily unavailable"), ("2", "No such file or directory")]) +
      ("connecting to upstream",) + full(r)[:3] + ("fastcgi://unix:/run/php/php8.2-fpm.sock:", "shop.example.com")),
    w("*{} {} could not be resolved ({}: {})" + R, 6,
      lambda r: (cid(r), r.choice(["payments.internal", "auth.internal"])) + r.choice([("3", "Host not found"), ("110", "Operation timed out")]) + reqctx(r)),
    w("*{} rewrite or internal redirection cycle while internally redirecting to \"{}\"" + R, 4,
      lambda r: (cid(r), "/index.html") + reqctx(r, m="GET", p="/app/%s" % hexs(r, 6))),
    w("*{} {} worker_connections are not enough while {}" + F, 3, lambda r: (cid(r), 4096, "connecting to upstream") + full(r), lv="alert"),
    w("*{} limiting connections by zone \"{}\"" + R, 10, lambda r: (cid(r), "perip") + reqctx(r, m="GET", p="/downloads/catalog-2026.pdf")),
    # process-level messages (no connection number)
    w("signal {} ({}) received from {}, {}", 3, lambda r: r.choice([("1", "SIGHUP", r.randint(30000, 40000), "reconfiguring"),
                                                                  ("10", "SIGUSR1", r.randint(30000, 40000), "reopening logs")]), lv="notice", proc="master"),
    w("signal process started", 3, lv="notice", proc="signal"),
    w("reopening logs", 2, lv="notice", proc="worker"),
    w("start worker process {}", 4, lambda r: r.randint(41000, 41999), lv="notice", proc="master"),
    w("worker process {} exited with code {}", 4, lambda r: (r.choice(WORKERS), 0), lv="notice", proc="master"),
    w("worker process {} exited on signal {}", -1, lambda r: (r.choice(WORKERS), 9), lv="alert", proc="master"),
    w("conflicting server name \"{}\" on {}, ignored", -2, lambda r: ("static.example.com", "0.0.0.0:80"), lv="warn", proc="master"),
    w("kill({}, {}) failed ({}: {})", -1, lambda r: (2416, 1, "3", "No such process"), lv="alert", proc="signal"),
    w("using the \"{}\" event method", -1, lambda r: "epoll", lv="notice", proc="master", pos="start"),
    w("nginx/{}", -1, lambda r: "1.25.3", lv="notice", proc="master", pos="start"),
    w("built by gcc {}", -1, lambda r: "12.2.0 (Debian 12.2.0-14)", lv="notice", proc="master", pos="start"),
    w("OS: {}", -1, lambda r: "Linux 6.1.0-27-amd64", lv="notice", proc="master", pos="start"),
    w("getrlimit(RLIMIT_NOFILE): {}:{}", -1, lambda r: (1048576, 1048576), lv="notice", proc="master", pos="start"),
    w("start worker processes", -1, lv="notice", proc="master", pos="start"),
    w("gracefully shutting down", 4, lv="notice", proc="worker", pos="end"),
    w("*{} open socket #{} left in connection {}", -2, lambda r: (cid(r), r.randint(10, 90), r.randint(3, 40)), lv="alert", proc="worker", pos="end"),
    w("exiting", 4, lv="notice", proc="worker", pos="end"),
    w("exit", -1, lv="notice", proc="master", pos="end"),
]

_wk = {"n": 0}


def header(r, ts, ev, n):
    proc = ev.meta["proc"]
    if proc == "master":
        pid = 2416
    elif proc == "signal":
        pid = r.randint(30000, 40000)
    else:
        pid = r.choice(WORKERS)
    return "%s [%s] %d#%d: " % (ts.strftime("%Y/%m/%d %H:%M:%S"), ev.meta["lv"], pid, pid)
