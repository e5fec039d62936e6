"""Gunicorn: Gunicorn 21 (gthread workers, `--log-level info`, `--max-requests`) serving a Flask inventory service
whose `app.logger` is wired to the `gunicorn.error` handlers, the usual recipe, so the application's messages get
Gunicorn's error-log header too (`[time] [pid] [LEVEL]`). The pid in the header is the master's for arbiter
messages and a worker's for worker and application messages. Tracebacks after `Error handling request` are left out
(they are separate lines without a header)."""
from gen_common import E, ip, hexs, turn

NAME = "Gunicorn"
LAYOUT = "\\[<Date> <Time> <Timezone>\\] \\[<Pid>\\] \\[<Level>\\] <Content>"

MASTER = 4187
SKUS = ["SKU-%05d" % n for n in (10231, 10877, 20045, 31007, 31008, 40410, 55120, 60002)]
WAREHOUSES = ["FRA-1", "FRA-2", "AMS-1", "WAW-3"]
CLIENTS = ["storefront", "pos-gateway", "erp-sync", "mobile-app"]
USERS = ["alice", "bob.k", "ops-bot", "j.novak", "erp-sync"]


def ev(fmt, weight, gen=None, lv="INFO", who="worker", **kw):
    return E(fmt, weight, gen, lv=lv, who=who, **kw)


def wpid(r):
    return r.randint(4190, 9800)


def sku(r):
    return r.choice(SKUS)


def order(r):
    return "ORD-%d" % r.randint(2600000, 2699999)


def path(r):
    return r.choice(["/api/v1/items/%s" % sku(r), "/api/v1/stock/%s" % r.choice(WAREHOUSES), "/api/v1/reservations",
                     "/api/v1/orders/%s/lines" % order(r), "/healthz", "/api/v1/items?page=%d" % r.randint(1, 40)])


def secs(r, a, b):
    return "%.3f" % r.uniform(a, b)


EVENTS = [
    ev("Starting gunicorn {}", -1, lambda r: "21.2.0", who="master", pos="start"),
    ev("Listening at: {} ({})", -1, lambda r: ("http://0.0.0.0:8000", MASTER), who="master", pos="start"),
    ev("Using worker: {}", -1, lambda r: "gthread", who="master", pos="start"),
    # arbiter and workers
    ev("Booting worker with pid: {}", 30, wpid, who="master"),
    ev("Loaded settings from {} (profile {})", 30, lambda r: ("/etc/inventory/settings.toml", r.choice(["production", "production", "production-eu"]))),
    ev("Autorestarting worker after current request.", 18),
    ev("Worker exiting (pid: {})", 26, wpid),
    ev("WORKER TIMEOUT (pid:{})", 5, wpid, lv="CRITICAL", who="master"),
    ev("Worker (pid:{}) was sent SIGKILL! Perhaps out of memory?", 2, wpid, lv="ERROR", who="master"),
    ev("Worker (pid:{}) was sent code {}!", -2, lambda r: (wpid(r), r.choice([134, 139])), lv="ERROR", who="master"),
    ev("Worker (pid:{}) exited with code {}", 3, lambda r: (wpid(r), r.choice([1, 3])), lv="ERROR", who="master"),
    ev("Exception in worker process", -2, lv="ERROR"),
    ev("Handling signal: {}", 6, lambda r: r.choice(["ttin", "ttou", "hup", "winch"]), who="master"),
    ev("Hang up: {}", -1, lambda r: "Master", who="master"),
    ev("Error handling request {}", 9, path, lv="ERROR"),
    ev("Invalid request from ip={}: {}", 12, lambda r: ("185.220.101.%d" % r.randint(2, 250), r.choice([
        "Invalid HTTP method: '\\x16\\x03\\x01\\x02'", "Invalid HTTP Version: 'HTTP/2.0'", "Invalid HTTP request line: ''",
        "Invalid header name ' X-Forwarded-For'", "Request Line is too large (8191 > 4094)"])), lv="WARNING"),
    ev("Socket error processing request.", 4, lv="ERROR"),
    # the Flask application
    ev("Fetched {} items for warehouse {} in {}ms", 300, lambda r: (r.randint(0, 480), r.choice(WAREHOUSES), r.randint(3, 900))),
    ev("Cache miss for key {}", 210, lambda r: r.choice(["stock:%s:%s" % (r.choice(WAREHOUSES), sku(r)), "item:%s" % sku(r), "price:%s:EUR" % sku(r)])),
    ev("Reserved {} units of {} for order {} in {}", 190, lambda r: (r.randint(1, 40), sku(r), order(r), r.choice(WAREHOUSES))),
    ev("Released reservation {} ({} units, reason: {})", 60, lambda r: ("rsv_" + hexs(r, 12), r.randint(1, 40), r.choice(["order cancelled", "payment timeout", "expired"]))),
    ev("Stock level for {} in {} below threshold ({} < {})", 55, lambda r: (sku(r), r.choice(WAREHOUSES), r.randint(0, 9), r.choice([10, 20, 50])), lv="WARNING"),
    ev("Pricing service answered {} for {} after {}s", 28, lambda r: (r.choice([502, 503, 504, 429]), sku(r), secs(r, 0.2, 12)), lv="WARNING"),
    ev("Retrying pricing request for {} (attempt {}/{})", 28, lambda r: (sku(r), r.randint(1, 3), 3)),
    ev("Slow query ({}s): {}", 22, lambda r: (secs(r, 1, 9), r.choice([
        "SELECT sku, qty FROM stock WHERE warehouse_id = %d AND qty < 20" % r.randint(1, 4),
        "UPDATE reservation SET state = 'released' WHERE expires_at < now()",
        "SELECT count(*) FROM order_line WHERE order_id = %d" % r.randint(2600000, 2699999)])), lv="WARNING"),
    ev("Order {} not found", 38, order),
    ev("User {} lacks permission {} on warehouse {}", 12, lambda r: (r.choice(USERS), r.choice(["stock:write", "stock:adjust", "reservation:delete"]), r.choice(WAREHOUSES)), lv="WARNING"),
    ev("Token for client {} expired at {}", 18, lambda r: (r.choice(CLIENTS), "2026-11-28T%02d:%02d:%02dZ" % (r.randint(12, 14), r.randint(0, 59), r.randint(0, 59)))),
    ev("Rejected payload from {}: {}", 24, lambda r: (r.choice(CLIENTS), r.choice([
        "quantity: must be greater than 0", "sku: unknown value", "warehouse: field required",
        "lines.3.qty: value is not a valid integer"])), lv="WARNING"),
    ev("Unhandled error in {}: {}", 7, lambda r: (r.choice(["reserve_stock", "list_items", "adjust_stock"]), r.choice([
        "OperationalError: server closed the connection unexpectedly", "KeyError: 'warehouse_id'",
        "TimeoutError: timed out after 5.0 seconds"])), lv="ERROR"),
    ev("Lost connection to Redis at {}: {}", -2, lambda r: ("%s:6379" % ip(r, "10.40"), r.choice(["Connection reset by peer", "Error 111 connecting. Connection refused."])), lv="ERROR"),
    ev("Reconnected to Redis at {} after {} attempts", -2, lambda r: ("%s:6379" % ip(r, "10.40"), r.randint(2, 7))),
    ev("Stock sync from ERP finished: {} updated, {} unchanged, {} failed", 9, lambda r: (r.randint(0, 300), r.randint(4000, 9000), r.randint(0, 4))),
    ev("Feature flag {} is {} for tenant {}", 14, lambda r: (r.choice(["bulk-reserve", "new-pricing", "async-sync"]), r.choice(["on", "off"]), r.choice(["shop-de", "shop-nl", "shop-pl"]))),
    # shut-down
    ev("Shutting down: {}", -1, lambda r: "Master", who="master", pos="end"),
]


def header(r, t, ev, n):
    pid = MASTER if ev.meta["who"] == "master" else wpid(r)
    return "[%s %s +0000] [%d] [%s] " % (t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), pid, ev.meta["lv"])
