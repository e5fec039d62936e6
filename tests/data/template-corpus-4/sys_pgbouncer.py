"""PgBouncer: PgBouncer 1.21 in transaction pooling mode in front of a PostgreSQL primary (10.0.4.50:5432), default
log format `%Y-%m-%d %H:%M:%S.%ms %Z [pid] LEVEL message`. Messages about one client or server connection get a
prefix from PgBouncer's slog_* machinery, `C-%p: %s/%s@%s:%d ` or `S-%p: %s/%s@%s:%d ` (the socket's pointer,
database, user, address and port, each a value; `(nodb)`/`(nouser)` before login, `unix(pid)` for a Unix-socket
client). `closing because: %s (age=%us)` gets its reason from the caller, formatted there, so the reason is one
value; so is the message after `pooler error: ` and `server login failed: `."""
from gen_common import E, hexs, turn

NAME = "PgBouncer"
LAYOUT = "<Date> <Time> <Timezone> \\[<Pid>\\] <Level> <Content>"

DBS = [("appdb", "app")] * 5 + [("appdb", "reporting"), ("billing", "billing_svc"), ("billing", "billing_svc"), ("analytics", "metabase")]
SERVER = ("10.0.4.50", 5432)


def ev(fmt, weight, gen=None, lv="LOG", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def ptr(r):
    return "0x55d1c%s" % hexs(r, 7)


def cli(r, nodb=False):
    if nodb:
        return (ptr(r), "(nodb)", "(nouser)", "10.0.%d.%d" % (r.choice([8, 9, 12]), r.randint(2, 250)), r.randint(32768, 60999))
    d, u = r.choice(DBS)
    return (ptr(r), d, u, "10.0.%d.%d" % (r.choice([8, 9, 12]), r.randint(2, 250)), r.randint(32768, 60999))


def srv(r):
    d, u = r.choice(DBS)
    return (ptr(r), d, u) + SERVER


C = "C-{}: {}/{}@{}:{} "
S = "S-{}: {}/{}@{}:{} "
TLS = ["no"] * 3 + ["TLSv1.3/TLS_AES_256_GCM_SHA384/ECDH=X25519"]
CLOSE_C = ["client close request"] * 12 + ["client unexpected eof"] * 4 + ["query_wait_timeout", "client_idle_timeout", "client_login_timeout",
                                                                            "server login has been failing, try again later (server_login_retry)"]
CLOSE_S = ["server idle timeout"] * 6 + ["server lifetime over"] * 4 + ["unclean server", "client disconnect while server was not ready", "database configuration changed",
                                                                         "server conn crashed?", "connect failed"]


def age(reason):
    return lambda r: r.randint(0, 40) if "client" in reason else r.randint(60, 4000)


EVENTS = [
    # start-up
    ev("kernel file descriptor limit: {} (hard: {}); max_client_conn: {}, max expected fd use: {}", -1, lambda r: (1048576, 1048576, 2000, 2112), pos="start"),
    ev("listening on {}", -3, lambda r: turn("li", ["0.0.0.0:6432", "[::]:6432", "unix:/tmp/.s.PGSQL.6432"]), pos="start"),
    ev("process up: {}, libevent {} ({}), adns: {}, tls: {}", -1, lambda r: ("PgBouncer 1.21.0", "2.1.12-stable", "epoll", "c-ares 1.19.1", "OpenSSL 3.0.11 19 Sep 2023"), pos="start"),
    # runtime: clients
    ev(C + "login attempt: db={} user={} tls={}", 420, lambda r: (lambda c: c + (c[1], c[2], r.choice(TLS)))(cli(r))),
    ev(C + "closing because: {} (age={}s)", 400, lambda r: (lambda c, why: c + (why, r.randint(0, 3600) if why == "client close request" else r.randint(0, 130)))(cli(r), r.choice(CLOSE_C))),
    ev(C + "pooler error: {}", 70, lambda r: r.choice([cli(r) + (r.choice(["query_wait_timeout", "server login has been failing, try again later (server_login_retry)",
                                                                          "no more connections allowed (max_client_conn)"]),),
                                                       cli(r, True) + (r.choice(["no such database: appdb_test", "password authentication failed", "SSL required",
                                                                                 "unsupported startup parameter: extra_float_digits"]),)])),
    ev(C + "pgbouncer access from unix socket", 25, lambda r: (ptr(r), "pgbouncer", r.choice(["admin", "stats"]), "unix(%d)" % r.randint(3000, 90000), 6432)),
    ev(C + "unexpected eof", 2, lambda r: cli(r, True), lv="WARNING"),
    ev(C + "client_tls_sslmode requires TLS but client sent plain startup", -1, lambda r: cli(r, True), lv="WARNING"),
    # runtime: servers
    ev(S + "new connection to server (from {})", 160, lambda r: srv(r) + ("10.0.4.9:%d" % r.randint(32768, 60999),)),
    ev(S + "closing because: {} (age={}s)", 150, lambda r: (lambda s, why: s + (why, r.randint(0, 30) if why in ("connect failed", "client disconnect while server was not ready") else r.randint(60, 4000)))(srv(r), r.choice(CLOSE_S))),
    ev(S + "SSL established: {}", 120, lambda r: srv(r) + ("TLSv1.3/TLS_AES_256_GCM_SHA384/ECDH=prime256v1",)),
    ev(S + "server login failed: {}", 20, lambda r: srv(r) + (r.choice(['FATAL password authentication failed for user "billing_svc"',
                                                                        "FATAL sorry, too many clients already", "FATAL the database system is shutting down"]),), lv="WARNING"),
    ev(S + "got packet '{}' from server when not linked", 8, lambda r: srv(r) + (r.choice(["N", "E"]),), lv="WARNING"),
    ev(S + "server conn crashed?", -2, lambda r: srv(r), lv="WARNING"),
    ev(S + "connect failed", 5, lambda r: srv(r), lv="ERROR"),
    # runtime: process
    ev("stats: {} xacts/s, {} queries/s, in {} B/s, out {} B/s, xact {} us, query {} us, wait {} us", 60,
       lambda r: (lambda x: (x, x * r.randint(2, 12), x * r.randint(300, 900), x * r.randint(2000, 9000), r.randint(400, 90000), r.randint(100, 9000), r.randint(0, 300000)))(r.randint(5, 900))),
    ev("RELOAD command issued", 3),
    ev("got SIGHUP, re-reading config", 3),
    ev("PAUSE command issued", -1),
    ev("RESUME command issued", -1),
    ev("accept() failed: {}", 6, lambda r: "Too many open files", lv="ERROR"),
    ev("dns: could not resolve {}: {}", 3, lambda r: ("pg-replica-2.internal", "Domain name not found"), lv="WARNING"),
    ev("database {}: {}", 4, lambda r: ("analytics", "server_login_retry reached, will not try to connect for 15 seconds"), lv="WARNING"),
    ev("takeover_init: launching connection", -1),
    ev("SUSPEND finished, sending SHOW FDS", -1),
    ev("takeover_finish: done", -1),
    ev("got SIGUSR1, pausing all activity", -1),
    ev("got SIGUSR2, continuing", -1),
    ev("RECONNECT command issued", -2),
    ev("KILL command issued", -1),
    ev("DNS lookup failed: {}: result={}", 4, lambda r: ("pg-replica-2.internal", 0), lv="WARNING"),
    ev("unknown parameter: {}/{}", -1, lambda r: ("pgbouncer", "stats_users_prefix"), lv="WARNING"),
    ev(C + "TLS handshake error: {}", 12, lambda r: cli(r, True) + (r.choice(["tls_handshake: unsupported protocol", "tls_handshake: no shared cipher", "tls_handshake: http request"]),), lv="WARNING"),
    ev(S + "server connect failed: {}", 6, lambda r: srv(r) + (r.choice(["Connection refused", "Connection timed out"]),), lv="WARNING"),
    ev(S + "server reset query failed: {}", 6, lambda r: srv(r) + ("ERROR canceling statement due to statement timeout",), lv="WARNING"),
    # shut-down
    ev("got SIGINT, shutting down", -1, pos="end"),
    ev("server connections dropped, exiting", -1, pos="end"),
]


def header(r, t, ev, n):
    return "%s.%03d UTC [%d] %s " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, 7, ev.meta["lv"])
