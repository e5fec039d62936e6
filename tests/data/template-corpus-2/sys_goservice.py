"""GoService: a Go service logging logfmt (go-kit style). The encoder quotes a value only when it needs quoting, so
quotes around a value belong to the value: after `key=` the whole encoded value is one <*>."""
import random

from gen_common import E

NAME = "GoService"
LAYOUT = "ts=<Timestamp> level=<Level> caller=<Caller> <Content>"

_p = random.Random(707)
PATHS = ["/v1/users/%d", "/v1/users/%d/sessions", "/v1/accounts/%d/balance", "/v1/transfers", "/v1/transfers/%d",
         "/healthz", "/metrics", "/v1/webhooks/stripe", "/v2/search"]
SERVICES = [("ledger.v1.Ledger", ["GetBalance", "PostEntry", "ListEntries"]), ("users.v1.Users", ["GetUser", "UpdateUser"]),
            ("risk.v1.Scoring", ["Score"])]
COMPONENTS = ["http-server", "grpc-client", "kafka-consumer", "cache", "db-pool", "leader-elector", "metrics-flusher", "webhook-dispatcher"]
ERRS = ["dial tcp 10.12.4.7:5432: connect: connection refused", "context deadline exceeded",
        "rpc error: code = Unavailable desc = connection error: desc = \"transport: Error while dialing: dial tcp 10.12.9.3:9090: i/o timeout\"",
        "EOF", "read tcp 10.12.1.5:43122->10.12.4.7:5432: read: connection reset by peer", "pq: deadlock detected",
        "redis: connection pool timeout", "unexpected status 503 from risk-scoring"]
IDENT = "txsvc-6d9f7c8b5-k2x7q"


def q(v):
    v = str(v)
    if v == "" or any(c in v for c in ' "=') or not v.isprintable():
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return v


def path(r):
    p = r.choice(PATHS)
    return p % r.randint(1, 999999) if "%d" in p else p


def meth(r):
    return r.choice(["GET"] * 6 + ["POST"] * 3 + ["PUT", "DELETE", "PATCH"])


def err(r):
    return r.choice(ERRS)


def dur(r, a=0.2, b=400.0):
    return "%.1f" % r.uniform(a, b)


def godur(r, lo_ms=1, hi_ms=5000):
    ms = r.uniform(lo_ms, hi_ms)
    return "%.3fs" % (ms / 1000) if ms >= 1000 else "%.3fms" % ms


def grpc(r):
    s, ms = r.choice(SERVICES)
    return s, r.choice(ms)


_n = [0]


def L(fmt, w, gen=None, lv="info", f="main.go", **kw):
    g = gen or (lambda r: ())

    def wrapped(r):
        v = g(r)
        if not isinstance(v, (tuple, list)):
            v = (v,)
        return tuple(q(x) for x in v)

    _n[0] += 1
    return E(fmt, w, wrapped, lv=lv, caller="%s:%d" % (f, 30 + (_n[0] * 37) % 400), **kw)


EVENTS = [
    L('msg="request served" method={} path={} status={} duration_ms={} bytes={} remote={}', 520,
      lambda r: (meth(r), path(r), r.choice([200] * 14 + [201, 204, 304, 400, 401, 404, 409, 422]), dur(r), r.randint(0, 90000),
                 "10.12.%d.%d:%d" % (r.randint(0, 9), r.randint(2, 250), r.randint(30000, 60000))), f="server.go"),
    L('msg="grpc call" service={} method={} code={} duration_ms={}', 260,
      lambda r: grpc(r) + (r.choice(["OK"] * 12 + ["NotFound", "DeadlineExceeded", "Unavailable"]), dur(r, 0.5, 200)), lv="debug", f="grpcclient/client.go"),
    L('msg="message consumed" topic={} partition={} offset={} lag={}', 200,
      lambda r: (r.choice(["transfers.requested", "transfers.settled", "users.updated"]), r.randint(0, 11), r.randint(10 ** 5, 10 ** 8), r.choice([0] * 6 + [r.randint(1, 5000)])), lv="debug", f="consumer/consumer.go"),
    L('msg="cache miss" key={}', 120, lambda r: r.choice(["user:%d", "balance:%d", "session:%x", "rate:%d"]) % r.randint(1, 10 ** 7), lv="debug", f="cache/cache.go"),
    L('msg="renewed lease" lease={} renew_deadline={}', 90, lambda r: ("txsvc-leader", "2026-12-02T%02d:%02d:%02dZ" % (10, r.randint(0, 59), r.randint(0, 59))), lv="debug", f="election/lease.go"),
    L('msg="request failed" method={} path={} status={} duration_ms={} err={}', 70,
      lambda r: (meth(r), path(r), r.choice([500, 502, 503, 504]), dur(r, 5, 30000), err(r)), lv="error", f="server.go"),
    L('msg="retrying request" attempt={} max_attempts={} backoff={} err={}', 60,
      lambda r: (r.choice([1, 1, 1, 2, 2, 3, 4]), 5, godur(r, 100, 6400), err(r)), lv="warn", f="retry/retry.go"),
    L('msg="giving up after retries" attempts={} err={}', 8, lambda r: (5, err(r)), lv="error", f="retry/retry.go"),
    L('msg="slow request" method={} path={} duration_ms={} threshold_ms={}', 30, lambda r: (meth(r), path(r), dur(r, 1000, 9000), 1000), lv="warn", f="server.go"),
    L('msg="panic recovered" path={} err={}', -2,
      lambda r: (path(r), "runtime error: invalid memory address or nil pointer dereference"), lv="error", f="server.go"),
    L('msg="cache stats" hits={} misses={} evictions={} size={} hit_ratio={}', 60,
      lambda r: (lambda h, m: (h, m, r.randint(0, 900), r.randint(1000, 50000), "%.3f" % (h / float(h + m))))(r.randint(1000, 90000), r.randint(10, 9000)), f="cache/cache.go"),
    L('msg="cache entry expired" key={} age={}', 25, lambda r: ("session:%x" % r.getrandbits(32), "%dm%ds" % (r.randint(15, 59), r.randint(0, 59))), lv="debug", f="cache/cache.go"),
    L('msg="db pool stats" open={} in_use={} idle={} wait_count={} wait_duration={}', 55,
      lambda r: (lambda o, u: (o, u, o - u, r.randint(0, 400), godur(r, 0, 9000)))(25, r.randint(0, 25)), f="db/pool.go"),
    L('msg="query executed" query={} rows={} duration_ms={}', 80,
      lambda r: (r.choice(["SELECT balance FROM accounts WHERE id = $1", "INSERT INTO entries (account_id, amount, ref) VALUES ($1, $2, $3)",
                           "UPDATE transfers SET state = $1 WHERE id = $2", "SELECT * FROM users WHERE email = $1"]), r.randint(0, 40), dur(r, 0.1, 80)), lv="debug", f="db/db.go"),
    L('msg="slow query" query={} duration_ms={}', 14, lambda r: (r.choice(["SELECT * FROM entries WHERE account_id = $1 ORDER BY created_at DESC", "UPDATE transfers SET state = $1 WHERE id = $2"]), dur(r, 500, 9000)), lv="warn", f="db/db.go"),
    L('msg="transaction rolled back" tx_id={} err={}', 10, lambda r: ("%016x" % r.getrandbits(64), r.choice(["pq: deadlock detected", "pq: could not serialize access due to concurrent update", "context canceled"])), lv="warn", f="db/tx.go"),
    L('msg="committed offsets" topic={} partition={} offset={}', 70, lambda r: (r.choice(["transfers.requested", "transfers.settled", "users.updated"]), r.randint(0, 11), r.randint(10 ** 5, 10 ** 8)), lv="debug", f="consumer/consumer.go"),
    L('msg="message processing failed" topic={} partition={} offset={} err={}', 18,
      lambda r: (r.choice(["transfers.requested", "transfers.settled"]), r.randint(0, 11), r.randint(10 ** 5, 10 ** 8), r.choice(["invalid amount: -0.00", "account 4411 is frozen", err(r)])), lv="error", f="consumer/handler.go"),
    L('msg="consumer group rebalanced" group={} assigned={}', 6, lambda r: ("txsvc", "[" + ",".join(map(str, sorted(r.sample(range(12), r.randint(2, 6))))) + "]"), f="consumer/consumer.go"),
    L('msg="attempting to acquire leader lease" lease={} identity={}', 6, lambda r: ("txsvc-leader", IDENT), f="election/lease.go"),
    L('msg="successfully acquired lease" lease={} identity={}', 3, lambda r: ("txsvc-leader", IDENT), f="election/lease.go"),
    L('msg="lost leadership" lease={} identity={} reason={}', 2, lambda r: ("txsvc-leader", IDENT, r.choice(["renew deadline exceeded", "lease taken by another holder"])), lv="warn", f="election/lease.go"),
    L('msg="leader changed" leader={}', 5, lambda r: r.choice([IDENT, "txsvc-6d9f7c8b5-8nmw2", "txsvc-6d9f7c8b5-zq4rp"]), f="election/lease.go"),
    L('msg="circuit breaker state changed" name={} from={} to={}', 9, lambda r: (r.choice(["risk-scoring", "users-api"]),) + r.choice([("closed", "open"), ("open", "half-open"), ("half-open", "closed")]), lv="warn", f="breaker/breaker.go"),
    L('msg="health check" target={} healthy={} latency_ms={}', 50, lambda r: (r.choice(["postgres", "redis", "kafka", "risk-scoring"]), r.choice(["true"] * 9 + ["false"]), dur(r, 0.2, 50)), lv="debug", f="health/health.go"),
    L('msg="dependency unhealthy" target={} consecutive_failures={} err={}', 9, lambda r: (r.choice(["redis", "risk-scoring"]), r.randint(3, 12), err(r)), lv="warn", f="health/health.go"),
    L('msg="token validation failed" user_id={} err={}', 25, lambda r: (r.randint(1, 999999), r.choice(["token is expired", "signature is invalid", "token used before issued"])), lv="warn", f="auth/jwt.go"),
    L('msg="rate limit exceeded" client_id={} limit={} window={}', 20, lambda r: (r.choice(["mobile-ios", "mobile-android", "partner-acme", "web"]), r.choice([100, 600]), "1m0s"), lv="warn", f="ratelimit/limiter.go"),
    L('msg="webhook delivered" url={} status={} attempt={}', 30, lambda r: (r.choice(["https://hooks.partner.example/tx", "https://api.acme.example/callbacks/payments"]), r.choice([200, 200, 202, 500]), r.choice([1, 1, 2])), f="webhook/dispatch.go"),
    L('msg="flushed metrics" series={} duration={}', 40, lambda r: (r.randint(800, 1400), godur(r, 1, 200)), lv="debug", f="metrics/flush.go"),
    L('msg="runtime stats" goroutines={} heap_alloc_mb={} gc_pause_ms={} num_gc={}', 35, lambda r: (r.randint(80, 900), "%.1f" % r.uniform(40, 400), "%.2f" % r.uniform(0.05, 3), r.randint(100, 9000)), f="runtime.go"),
    L('msg="feature flag evaluated" flag={} value={} user_id={}', 40, lambda r: (r.choice(["instant-transfers", "new-risk-model", "batch-settlement"]), r.choice(["true", "false"]), r.randint(1, 999999)), lv="debug", f="flags/flags.go"),
    L('msg="config reloaded" changed_keys={}', 3, lambda r: r.choice(["[rate_limit.default]", "[log.level risk.timeout]", "[]"]), f="config/watch.go"),
    L("msg=draining inflight={}", 2, lambda r: r.randint(0, 40), f="server.go"),
    L('msg="build info" version={} revision={} go_version={} branch={}', -1, lambda r: ("v2.31.0", "8f3c21d", "go1.21.5", "main"), f="main.go", pos="start"),
    L('msg="config loaded" path={} version={}', -1, lambda r: ("/etc/txsvc/config.yaml", 17), f="config/config.go", pos="start"),
    L('msg="starting component" component={}', 8, lambda r: r.choice(COMPONENTS), f="app/app.go", pos="start"),
    L('msg="component started" component={} took={}', 8, lambda r: (r.choice(COMPONENTS), godur(r, 1, 900)), f="app/app.go", pos="start"),
    L('msg="server listening" addr={} proto={}', 2, lambda r: r.choice([(":8080", "http"), (":9090", "grpc")]), f="server.go", pos="start"),
    L("msg=ready", -1, f="main.go", pos="start"),
    L('msg="shutdown signal received" signal={}', -1, lambda r: "terminated", f="main.go", pos="end"),
    L('msg="stopping component" component={}', 8, lambda r: r.choice(COMPONENTS), f="app/app.go", pos="end"),
    L('msg="component stopped" component={}', 8, lambda r: r.choice(COMPONENTS), f="app/app.go", pos="end"),
]


def header(r, ts, ev, n):
    return "ts=%s.%03dZ level=%s caller=%s " % (ts.strftime("%Y-%m-%dT%H:%M:%S"), ts.microsecond // 1000, ev.meta["lv"], ev.meta["caller"])
