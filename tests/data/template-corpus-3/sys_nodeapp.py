"""NodeApp: a Node.js 20 service (`orders-api`, Express + pg + ioredis + amqplib) logging through a winston-like
plain text format `${timestamp} ${level} [${service}] ${message}`, with a metadata object printed as JSON after the
message by some calls (one value), morgan's request lines, and Node's own process warnings."""
from gen_common import E, ip, pubip, hexs, uuid

NAME = "NodeApp"
LAYOUT = "<Timestamp> <Level> \\[<Service>\\] <Content>"

ROUTES = ["/api/orders/%d", "/api/orders?status=%s&limit=%d", "/api/orders/%d/items", "/api/customers/%d/orders",
          "/api/orders/%d/cancel", "/healthz", "/metrics"]


def route(r):
    p = r.choice(ROUTES)
    if "status=" in p:
        return p % (r.choice(["open", "shipped", "cancelled"]), r.choice([20, 50, 100]))
    return p % r.randint(1, 999999) if "%d" in p else p


def meth(r, p):
    if p in ("/healthz", "/metrics") or "?" in p:
        return "GET"
    if p.endswith("/cancel"):
        return "POST"
    return r.choice(["GET"] * 6 + ["POST", "PUT", "DELETE", "PATCH"])


def ms(r, lo=0.3, hi=400):
    return "%.3f" % r.uniform(lo, hi)


ERRS = ["Error: connect ECONNREFUSED 10.0.8.3:5432", "Error: connect ETIMEDOUT 10.0.8.7:6379", "Error: socket hang up",
        "Error: read ECONNRESET", "Error: getaddrinfo ENOTFOUND payments.internal",
        "TimeoutError: ResourceRequest timed out", "Error: Connection terminated unexpectedly"]
QUEUES = ["orders.created", "orders.cancelled", "payments.settled", "inventory.reserved"]
FLAGS = ["new-checkout", "async-invoices", "split-shipments", "pg-read-replica"]


def L(fmt, weight, gen=None, lv="info", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def jmeta(d):
    import json
    return json.dumps(d, separators=(",", ":"))


EVENTS = [
    L("{} {} {} {} - {} ms", 420, lambda r: (lambda p: (meth(r, p), p, r.choice([200] * 12 + [201, 204, 304, 400, 404, 409, 500, 503]), r.choice([str(r.randint(2, 90000))] * 5 + ["-"]), ms(r)))(route(r)), lv="http"),
    L("request completed {}", 260, lambda r: (lambda p: jmeta({"reqId": uuid(r), "method": meth(r, p), "url": p, "statusCode": r.choice([200] * 10 + [201, 404, 500]),
                                                                   "responseTime": round(r.uniform(0.3, 900), 1), "userId": r.choice([r.randint(1, 99999), None])}))(route(r)), lv="debug"),
    L("cache hit key={}", 150, lambda r: r.choice(["order:%d", "customer:%d:orders", "price:%d"]) % r.randint(1, 999999), lv="debug"),
    L("cache miss key={}", 110, lambda r: r.choice(["order:%d", "customer:%d:orders", "price:%d"]) % r.randint(1, 999999), lv="debug"),
    L("consumed message from queue {} (deliveryTag={}, redelivered={})", 160, lambda r: (r.choice(QUEUES), r.randint(1, 90000), r.choice(["false"] * 9 + ["true"])), lv="debug"),
    L("message {} acked", 120, lambda r: r.randint(1, 90000), lv="debug"),
    L("message {} nacked, requeue={}: {}", 20, lambda r: (r.randint(1, 90000), r.choice(["true", "false"]), r.choice(['ValidationError: "amount" must be a positive number', 'ValidationError: "items" must contain at least 1 items', "Error: order 4411 not found"])), lv="warn"),
    L("order {} created (customer={}, total={} {}, items={})", 60, lambda r: (r.randint(100000, 999999), r.randint(1, 99999), "%.2f" % r.uniform(5, 900), r.choice(["EUR", "EUR", "USD"]), r.randint(1, 9))),
    L("order {} cancelled by {}", 12, lambda r: (r.randint(100000, 999999), r.choice(["customer", "support", "fraud-check"]))),
    L("slow query ({}ms): {}", 25, lambda r: (r.randint(500, 9000), r.choice(["SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2",
                                                                           "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2", "SELECT count(*) FROM order_items WHERE order_id = ANY($1)"])), lv="warn"),
    L("pg pool error: {}", 12, lambda r: r.choice(ERRS[:1] + ERRS[-2:]), lv="error"),
    L("redis client error: {}", 14, lambda r: r.choice(ERRS[1:2] + ["Error: read ECONNRESET", "ReplyError: LOADING Redis is loading the dataset in memory"]), lv="error"),
    L("redis reconnecting in {}ms (attempt {})", 14, lambda r: (r.choice([50, 100, 200, 400, 800, 1600]), r.randint(1, 8)), lv="warn"),
    L("upstream call to {} failed (attempt {}/{}): {}", 30, lambda r: (r.choice(["payments-svc", "inventory-svc", "pricing-svc"]), r.randint(1, 3), 3, r.choice(ERRS[1:5])), lv="warn"),
    L("unhandled error on {} {}: {}", 15, lambda r: (lambda p: (meth(r, p), p, r.choice([
        "TypeError: Cannot read properties of undefined (reading 'id') at OrderService.get (/app/src/services/order.js:41:27) at async /app/src/routes/orders.js:18:19",
        "Error: connect ECONNREFUSED 10.0.8.3:5432 at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
        "SyntaxError: Unexpected token } in JSON at position 112 at JSON.parse (<anonymous>) at parse (/app/node_modules/body-parser/lib/types/json.js:92:19)"])))(route(r)), lv="error"),
    L("Unhandled promise rejection: {}", 5, lambda r: r.choice(ERRS), lv="error"),
    L("validation failed for {} {}: {}", 35, lambda r: (r.choice(["POST", "PUT"]), r.choice(["/api/orders", "/api/orders/%d/items" % r.randint(1, 999999)]),
                                                         r.choice(['"items[0].qty" must be greater than or equal to 1', '"currency" must be one of [EUR, USD]', '"customerId" is required'])), lv="warn"),
    L("JWT verification failed: {}", 40, lambda r: r.choice(["TokenExpiredError: jwt expired", "JsonWebTokenError: invalid signature", "JsonWebTokenError: jwt malformed"]), lv="warn"),
    L("rate limit exceeded for {} on {}", 30, lambda r: (pubip(r), r.choice(["/api/orders", "/api/customers"])), lv="warn"),
    L("circuit breaker {} opened after {} failures", 5, lambda r: (r.choice(["payments-svc", "pricing-svc"]), r.choice([5, 10])), lv="warn"),
    L("circuit breaker {} half-open, sending trial request", 5, lambda r: r.choice(["payments-svc", "pricing-svc"])),
    L("circuit breaker {} closed", 4, lambda r: r.choice(["payments-svc", "pricing-svc"])),
    L("feature flags refreshed: {} flags, {} changed {}", 30, lambda r: (len(FLAGS), r.choice([0] * 5 + [1, 2]), jmeta({f: r.choice([True, False]) for f in FLAGS})), lv="debug"),
    L("feature flag refresh failed, keeping {} cached flags: {}", 4, lambda r: (len(FLAGS), r.choice(ERRS[1:5])), lv="warn"),
    L("memory usage: rss={}MB heapUsed={}MB heapTotal={}MB external={}MB", 30, lambda r: ("%.1f" % r.uniform(150, 900), "%.1f" % r.uniform(60, 400), "%.1f" % r.uniform(400, 500), "%.1f" % r.uniform(1, 30)), lv="debug"),
    L("event loop lag {}ms exceeds threshold {}ms", 12, lambda r: (r.randint(101, 3000), 100), lv="warn"),
    L("job {} started", 12, lambda r: r.choice(["send-reminders", "expire-carts", "sync-prices"])),
    L("job {} finished in {} {}", 12, lambda r: (r.choice(["send-reminders", "expire-carts", "sync-prices"]), "%.1fs" % r.uniform(0.1, 90), jmeta({"processed": r.randint(0, 5000), "failed": r.choice([0, 0, 0, 2])}))),
    L("webhook {} delivered to {} ({})", 25, lambda r: ("evt_%s" % hexs(r, 16), r.choice(["https://hooks.partner.example/orders", "https://erp.example.com/api/webhooks"]), r.choice([200, 202, 204]))),
    L("payment webhook received: {}", 20, lambda r: jmeta({"id": "evt_%s" % hexs(r, 24), "type": r.choice(["payment_intent.succeeded", "payment_intent.payment_failed", "charge.refunded"]),
                                                              "data": {"object": {"id": "pi_%s" % hexs(r, 24), "amount": r.randint(500, 90000), "currency": "eur"}}})),
    L("health check {}", 40, lambda r: jmeta({"db": "%dms" % r.randint(1, 40), "redis": "%dms" % r.randint(0, 9), "amqp": r.choice(["ok", "ok", "ok", "down"])}), lv="debug"),
    L("(node:{}) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. {} {} listeners added to [{}]. Use emitter.setMaxListeners() to increase limit", -1,
      lambda r: (1, 11, "error", "Socket"), lv="warn"),
    L("(node:{}) [{}] DeprecationWarning: {}", -1, lambda r: (1, "DEP0040", "The `punycode` module is deprecated. Please use a userland alternative instead."), lv="warn"),
    L("amqp connection closed: {}", -2, lambda r: 'Error: Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - broker forced connection closure with reason \'shutdown\'"', lv="error"),
    L("reconnecting to amqp in {}ms", -2, lambda r: 5000, lv="warn"),
    # start-up
    L("starting {} v{} (node {}, pid {})", -1, lambda r: ("orders-api", "3.4.1", "v20.10.0", 1), pos="start"),
    L("loaded config from {}", -1, lambda r: "/app/config/production.json", pos="start"),
    L("db migration check: {} pending", -1, lambda r: 0, pos="start"),
    L("connected to postgres at {}", -1, lambda r: "10.0.8.3:5432/orders", pos="start"),
    L("connected to redis at {}", -1, lambda r: "10.0.8.7:6379", pos="start"),
    L("connected to amqp broker at {}", -1, lambda r: "amqp://rabbitmq.internal:5672/orders", pos="start"),
    L("consumer started on queue {} (prefetch={})", 4, lambda r: (r.choice(QUEUES), 20), pos="start"),
    L("server listening on {}", -1, lambda r: "http://0.0.0.0:3000", pos="start"),
    # shut-down
    L("received {}, starting graceful shutdown", -1, lambda r: "SIGTERM", pos="end"),
    L("closing http server", -1, pos="end"),
    L("http server closed, {} connections drained", -1, lambda r: 7, pos="end"),
    L("closing amqp channel", -1, pos="end"),
    L("closing database pool", -1, pos="end"),
    L("shutdown complete in {}", -1, lambda r: "1.84s", pos="end"),
]


def header(r, ts, ev, n):
    return "%s.%03dZ %s [orders-api] " % (ts.strftime("%Y-%m-%dT%H:%M:%S"), ts.microsecond // 1000, ev.meta["lv"])
