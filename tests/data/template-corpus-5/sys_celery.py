"""Celery: a Celery 5.3 worker (`celery -A shop worker -B -c 8`, prefork pool with an embedded beat) of a web shop,
in Celery's default worker log format `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s`. Messages logged
by task code go through Celery's task formatter, which prefixes `%(task_name)s[%(task_id)s]: `; that prefix is part
of Content and its two values are `<*>` (`<*>[<*>]: `), like any prefix printed by the logging machinery. The
process name (`MainProcess`, `ForkPoolWorker-<n>`, `Beat`) is in the header."""
import datetime as dt

from gen_common import E, uuid, hexs, ip

NAME = "Celery"
LAYOUT = "\\[<Date> <Time>: <Level>/<Process>\\] <Content>"

TASKS = ["shop.tasks.send_order_confirmation", "shop.tasks.generate_invoice", "shop.tasks.charge_order",
         "shop.tasks.sync_catalog", "shop.tasks.make_thumbnail", "shop.tasks.purge_sessions", "shop.tasks.fetch_tracking",
         "shop.tasks.recalculate_prices"]
TW = [30, 14, 12, 5, 20, 2, 10, 4]
BEAT = [("purge-expired-sessions", "shop.tasks.purge_sessions"), ("sync-catalog-every-5m", "shop.tasks.sync_catalog"),
        ("recalculate-prices-hourly", "shop.tasks.recalculate_prices"), ("poll-carriers", "shop.tasks.fetch_tracking")]
NODES = ["celery@worker-1", "celery@worker-2", "celery@worker-4"]
EMAILS = ["anna.k@example.test", "m.weber@example.test", "jp@example.test", "li.wei@example.test", "orders@acme.example"]


def ev(fmt, weight, gen=None, lv="INFO", proc="MainProcess", **kw):
    return E(fmt, weight, gen, lv=lv, proc=proc, **kw)


def task(r):
    return r.choices(TASKS, TW)[0]


def order(r):
    return str(r.randint(880000, 899999))


def exc(r):
    return r.choice(["ConnectionError('Max retries exceeded with url: /v1/charges (Caused by ReadTimeoutError)')",
                     "SMTPServerDisconnected('Connection unexpectedly closed')", "OperationalError('could not obtain lock on row in relation \"orders\"')",
                     "TimeoutError('timed out')", "HTTPError('503 Server Error: Service Unavailable for url: https://api.carrier.example/track')"])


def named(fmt, weight, gen, tname, lv="INFO"):
    """A message from task code, with the task formatter's prefix."""
    def g(r):
        v = gen(r)
        return (tname, uuid(r)) + (tuple(v) if isinstance(v, tuple) else (v,))
    return ev("{}[{}]: " + fmt, weight, g, lv=lv, proc="worker")


EVENTS = [
    ev("Connected to {}", -1, lambda r: "amqp://shop:**@rabbitmq.internal:5672/shop", pos="start"),
    ev("mingle: searching for neighbors", -1, pos="start"),
    ev("mingle: sync with {} nodes", -1, lambda r: 2, pos="start"),
    ev("mingle: sync complete", -1, pos="start"),
    ev("beat: Starting...", -1, proc="Beat", pos="start"),
    ev("{} ready.", -1, lambda r: "celery@worker-3", pos="start"),
    # tasks
    ev("Task {}[{}] received", 480, lambda r: (task(r), uuid(r))),
    ev("Task {}[{}] succeeded in {}s: {}", 420, lambda r: (task(r), uuid(r), "%.9f" % r.uniform(0.004, 40),
                                                          r.choice(["None", "None", "True", "{'sent': True}", "'INV-2026-%06d'" % r.randint(1, 99999), str(r.randint(0, 500))])), proc="worker"),
    ev("Task {}[{}] retry: Retry in {}s: {}", 38, lambda r: (task(r), uuid(r), r.choice([10, 30, 60, 120]), exc(r)), proc="worker"),
    ev("Task {}[{}] raised unexpected: {}", 26, lambda r: (task(r), uuid(r), exc(r)), lv="ERROR", proc="worker"),
    ev("Soft time limit ({}s) exceeded for {}[{}]", 5, lambda r: (240, r.choice(TASKS[3:5]), uuid(r)), lv="WARNING"),
    ev("Hard time limit ({}s) exceeded for {}[{}]", 3, lambda r: (300, r.choice(TASKS[3:5]), uuid(r)), lv="ERROR"),
    ev("Process '{}' pid:{} exited with '{}'", 4, lambda r: ("ForkPoolWorker-%d" % r.randint(1, 8), r.randint(200, 9000), r.choice(["signal 9 (SIGKILL)", "exitcode 1"])), lv="ERROR"),
    ev("Task handler raised error: {}", 3, lambda r: "WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL) Job: %d.')" % r.randint(1000, 90000), lv="ERROR"),
    ev("Discarding revoked task: {}[{}]", 5, lambda r: (task(r), uuid(r))),
    ev("Terminating {} ({})", 3, lambda r: (uuid(r), r.choice(["Signals.SIGTERM", "Signals.SIGKILL"]))),
    ev("Received unregistered task of type {}. The message has been ignored and discarded. Did you remember to import the module containing this task? Or maybe you're using relative imports?", -2,
       lambda r: "'shop.tasks.legacy_export'", lv="ERROR"),
    ev("Scheduler: Sending due task {} ({})", 70, lambda r: r.choice(BEAT), proc="Beat"),
    # cluster and broker
    ev("missed heartbeat from {}", 7, lambda r: r.choice(NODES)),
    ev("{} joined the party", 4, lambda r: r.choice(NODES)),
    ev("Substantial drift from {} may mean clocks are out of sync.  Current drift is {} seconds.  [orig: {} recv: {}]", 3,
       lambda r: (lambda d, us: (r.choice(NODES), d, (now + dt.timedelta(seconds=d, microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f"),  # noqa: F821
                                 (now + dt.timedelta(microseconds=us)).strftime("%Y-%m-%d %H:%M:%S.%f")))(r.randint(31, 400), r.randint(0, 999999)), lv="WARNING"),
    ev("consumer: Connection to broker lost. Trying to re-establish the connection...", -2, lv="WARNING"),
    ev("consumer: Cannot connect to {}: {}.  Trying again in {} seconds... ({}/{})", 6, lambda r: (
        "amqp://shop:**@rabbitmq.internal:5672/shop", r.choice(["[Errno 111] Connection refused", "[Errno 104] Connection reset by peer", "timed out"]),
        "%.2f" % r.choice([2, 4, 6, 8]), r.randint(1, 4), 100), lv="ERROR"),
    # task code (task formatter prefix)
    named("Sending order confirmation for order {} to {}", 150, lambda r: (order(r), r.choice(EMAILS)), TASKS[0]),
    named("SMTP server {} refused recipient {}: {}", 14, lambda r: ("smtp.mailrelay.internal:587", r.choice(EMAILS), r.choice(["550 5.1.1 User unknown", "452 4.2.2 Mailbox full"])), TASKS[0], lv="WARNING"),
    named("Generated invoice {} for order {} ({} bytes)", 80, lambda r: ("INV-2026-%06d" % r.randint(1, 99999), order(r), r.randint(18000, 240000)), TASKS[1]),
    named("Charging {} {} for order {} via {}", 70, lambda r: ("%.2f" % r.uniform(3, 900), r.choice(["EUR", "EUR", "PLN", "CHF"]), order(r), r.choice(["stripe", "adyen"])), TASKS[2]),
    named("Payment provider declined order {}: {}", 24, lambda r: (order(r), r.choice(["card_declined", "insufficient_funds", "expired_card", "do_not_honor"])), TASKS[2], lv="WARNING"),
    named("Synced {} products from {} in {}s", 30, lambda r: (r.randint(0, 2500), r.choice(["erp", "supplier-feed-b"]), "%.1f" % r.uniform(2, 200)), TASKS[3]),
    named("Thumbnail {} written to {}", 60, lambda r: ("%dx%d" % r.choice([(120, 120), (480, 480), (1024, 768)]), "s3://shop-media/thumbs/%s/%s.webp" % (hexs(r, 2), hexs(r, 16))), TASKS[4]),
    named("Skipping image {}: already processed", 25, lambda r: "s3://shop-media/originals/%s.jpg" % hexs(r, 16), TASKS[4]),
    named("Purged {} expired sessions", 8, lambda r: r.randint(0, 9000), TASKS[5]),
    named("Could not fetch tracking for {}: {}", 20, lambda r: ("%s%d" % (r.choice(["JJD", "1Z"]), r.randint(10 ** 9, 10 ** 10)), r.choice(["404 Not Found", "read timed out", "carrier API quota exceeded"])), TASKS[6], lv="ERROR"),
    named("Recalculated {} prices ({} changed) for channel {}", 6, lambda r: (r.randint(1000, 9000), r.randint(0, 300), r.choice(["web-de", "web-nl", "marketplace"])), TASKS[7]),
    # shut-down
    ev("worker: Warm shutdown (MainProcess)", -1, pos="end"),
    ev("Restoring {} unacknowledged message(s)", -1, lambda r: 3, pos="end"),
]


def header(r, t, ev, n):
    proc = ev.meta["proc"]
    if proc == "worker":
        proc = "ForkPoolWorker-%d" % r.randint(1, 8)
    return "[%s %s,%03d: %s/%s] " % (t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), t.microsecond // 1000, ev.meta["lv"], proc)
