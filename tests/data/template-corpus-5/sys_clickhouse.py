"""ClickHouse: `clickhouse-server` 23.8, replica `ch-2` of a replicated analytics cluster, `clickhouse-server.log` at
level `debug`: `yyyy.mm.dd hh:mm:ss.micro [ thread ] {query_id} <Level> Logger: message`. The query id is empty
(`{}`) for background threads; the logger (`executeQuery`, `TCPHandler`, `shop.events (ReplicatedMergeTreeQueue)`,
...) is in the header. Exceptions are flattened without their stack traces. Session-log messages start with the
session's UUID (`<*>: Authenticating user ...`), written by the session code, so it is a value in Content."""
from gen_common import E, ip, hexs, uuid, turn

NAME = "ClickHouse"
LAYOUT = "<Date> <Time> \\[ <Thread> \\] \\{<QueryId>\\} <<Level>> <Logger>: <Content>"

TABLES = ["shop.events", "shop.events", "shop.page_views", "shop.orders_mv", "metrics.http_requests"]
USERS = ["default", "grafana", "etl", "analyst_ro", "superset"]
UUIDS = {}


def ev(fmt, weight, gen=None, lv="Information", log="executeQuery", q=True, **kw):
    return E(fmt, weight, gen, lv=lv, log=log, q=q, **kw)


def client(r):
    return "[::ffff:%s]:%d" % (ip(r, "10.30"), r.randint(32768, 60999))


def size(r, lo=1, hi=900):
    v = r.uniform(lo, hi)
    return "%.2f %s" % (v, r.choice(["KiB", "MiB", "MiB", "GiB"]))


def part(r, level=None):
    p = r.choice(["202611", "202610", "202611"])
    a = r.randint(1, 90000)
    return "%s_%d_%d_%d" % (p, a, a + r.randint(0, 40), level if level is not None else r.randint(0, 6))


def span(r):
    """The first and last part of a merge range: same partition, the first at level 0."""
    p = r.choice(["202611", "202610", "202611"])
    a = r.randint(1, 80000)
    b = a + r.randint(2, 9000)
    return "%s_%d_%d_0" % (p, a, a), "%s_%d_%d_%d" % (p, b, b + r.randint(0, 40), r.randint(0, 6))


def query(r):
    return r.choice([
        "SELECT toStartOfHour(ts) AS h, count() FROM shop.events WHERE ts >= now() - INTERVAL 1 DAY GROUP BY h ORDER BY h",
        "INSERT INTO shop.events (ts, session_id, event, sku, price) FORMAT RowBinary",
        "SELECT uniqExact(session_id) FROM shop.page_views WHERE toDate(ts) = today()",
        "SELECT sku, sum(qty) AS q FROM shop.orders_mv WHERE day = yesterday() GROUP BY sku ORDER BY q DESC LIMIT 50",
        "SELECT quantile(0.99)(duration_ms) FROM metrics.http_requests WHERE service = 'checkout' AND ts > now() - 300",
        "SELECT 1"])


EVENTS = [
    ev("Starting ClickHouse {} (revision: {}, git hash: {}, build id: {}), PID {}", -1, lambda r: ("23.8.9.54", 54477, "a27d3b6a1c8fd6e1d3c4b8be3f6f2d77c6fd5c1e", "B4E1A7D3C9F0D2E61A5C0F2A8E7B3D91C6F4E2A0", 3187), log="Application", q=False, pos="start"),
    ev("starting up", -1, log="Application", q=False, pos="start"),
    ev("OS name: {}, version: {}, architecture: {}", -1, lambda r: ("Linux", "5.15.0-91-generic", "x86_64"), log="Application", q=False, pos="start"),
    ev("Available RAM: {}; physical cores: {}; logical cores: {}.", -1, lambda r: ("62.79 GiB", 16, 32), log="Application", q=False, pos="start"),
    ev("Integrity check of the executable skipped because the reference checksum could not be read.", -1, lv="Warning", log="Application", q=False, pos="start"),
    ev("Processing configuration file '{}'.", -2, lambda r: turn("chc", ["/etc/clickhouse-server/config.xml", "/etc/clickhouse-server/users.xml"]), log="ConfigProcessor", q=False, pos="start"),
    ev("Saved preprocessed configuration to '{}'.", -2, lambda r: turn("chs", ["/var/lib/clickhouse/preprocessed_configs/config.xml", "/var/lib/clickhouse/preprocessed_configs/users.xml"]), log="ConfigProcessor", q=False, pos="start"),
    ev("Setting max_server_memory_usage was set to {} ({} available * {} max_server_memory_usage_to_ram_ratio)", -1, lambda r: ("56.51 GiB", "62.79 GiB", "0.90"), log="Application", q=False, pos="start"),
    ev("Connecting to {} with session timeout {} ms", -1, lambda r: ("keeper-1.internal:9181", 30000), log="ZooKeeperClient", q=False, pos="start"),
    ev("Connected to ZooKeeper at {} with session_id {}", -1, lambda r: ("10.30.0.21:9181", 72057613436518401), log="ZooKeeperClient", q=False, pos="start"),
    ev("Loading metadata from {}", -1, lambda r: "/var/lib/clickhouse/", log="Application", q=False, pos="start"),
    ev("Loaded data parts ({} items)", -5, lambda r: r.randint(40, 900), lv="Debug", log="table", q=False, pos="start"),
    ev("Listening on {}", -4, lambda r: turn("chl", ["http://[::]:8123", "native protocol (tcp): [::]:9000", "replica communication (interserver): http://[::]:9009", "PostgreSQL compatibility protocol: [::]:9005"]), log="Application", q=False, pos="start"),
    ev("Ready for connections.", -1, log="Application", q=False, pos="start"),
    # queries
    ev("(from {}, user: {}) {} (stage: {})", 300, lambda r: (client(r), r.choice(USERS), query(r), r.choice(["Complete", "Complete", "WithMergeableState"])), lv="Debug"),
    ev("Read {} rows, {} in {} sec., {} rows/sec., {}/sec.", 260, lambda r: (r.randint(1, 90000000), size(r), "%.6f" % r.uniform(0.0005, 30), r.randint(1000, 900000000), size(r))),
    ev("Peak memory usage (for query): {}.", 200, lambda r: size(r, 1, 800), lv="Debug", log="MemoryTracker"),
    ev("Processed in {} sec.", 180, lambda r: "%.6f" % r.uniform(0.0003, 30), lv="Debug", log="TCPHandler"),
    ev("Code: {}. DB::Exception: {}. ({}) (version {}) (from {}) (in query: {})", 30, lambda r: r.choice([
        (60, "Table shop.event does not exist", "UNKNOWN_TABLE"), (47, "Missing columns: 'price_eur' while processing query", "UNKNOWN_IDENTIFIER"),
        (241, "Memory limit (for query) exceeded: would use 9.32 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 9.31 GiB", "MEMORY_LIMIT_EXCEEDED"),
        (252, "Too many parts (3001). Merges are processing significantly slower than inserts", "TOO_MANY_PARTS"),
        (159, "Timeout exceeded: elapsed 60.000411 seconds, maximum: 60", "TIMEOUT_EXCEEDED")]) + ("23.8.9.54 (official build)", client(r), query(r)), lv="Error"),
    ev("Code: {}. DB::NetException: {}. ({})", 12, lambda r: (210, "Connection reset by peer, while writing to socket (%s -> %s)" % (client(r), "[::ffff:10.30.0.12]:9000"), "NETWORK_ERROR"), lv="Error", log="TCPHandler", q=False),
    ev("Connected {} version {}.{}.{}, revision: {}, database: {}, user: {}.", 70, lambda r: (r.choice(["ClickHouse client", "ClickHouse python-driver", "Golang SQLDriver"]), 23, r.choice([3, 8]), 0, 54465, r.choice(["default", "shop"]), r.choice(USERS)), log="TCPHandler", q=False),
    ev("Done processing connection.", 60, log="TCPHandler", q=False),
    ev("{}: Authenticating user '{}' from {}", 110, lambda r: (uuid(r), r.choice(USERS), client(r)), lv="Debug", log="session", q=False),
    ev("{}: Authenticated with global context as user {}", 100, lambda r: (uuid(r), uuid(r)), lv="Debug", log="session", q=False),
    ev("{}: Logout, user_id: {}", 90, lambda r: (uuid(r), uuid(r)), lv="Debug", log="session", q=False),
    ev("{}: Authentication failed with error: {}", 10, lambda r: (uuid(r), r.choice(["analyst_ro: Authentication failed: password is incorrect, or there is no user with such name.", "etl: Authentication failed: password is incorrect, or there is no user with such name."])), lv="Error", log="session", q=False),
    ev("HTTP Request for {}. Method: {}, Address: {}, User-Agent: {}, Length: {}, Content Type: {}, Transfer Encoding: {}, X-Forwarded-For: {}", 90, lambda r: (
        "HTTPHandler-factory", r.choice(["GET", "POST", "POST"]), client(r), r.choice(["Grafana/10.2.2", "python-requests/2.31.0", "clickhouse-connect/0.6.23 (lv:py/3.11.6; os:linux)"]),
        r.choice(["0", "(none)", str(r.randint(20, 9000))]), r.choice(["text/plain; charset=UTF-8", "(none)", "application/x-www-form-urlencoded"]), r.choice(["identity", "chunked"]), "(none)"), lv="Trace", log="HTTPHandler-Factory", q=False),
    ev("Request URI: {}", 80, lambda r: r.choice(["/?query=SELECT%201", "/?database=shop&default_format=JSON", "/?session_id=%s&query_id=%s" % (uuid(r), uuid(r))]), lv="Debug", log="HTTPHandler"),
    ev("Done processing query", 80, lv="Debug", log="HTTPHandler"),
    # merges, inserts, replication
    ev("Selected {} parts from {} to {}", 100, lambda r: (r.randint(2, 12),) + span(r), lv="Debug", log="merger", q=False),
    ev("Merging {} parts: from {} to {} into {} with storage {}", 90, lambda r: (r.randint(2, 12),) + span(r) + (r.choice(["Compact", "Wide"]), "Full"), lv="Debug", log="mergetask", q=False),
    ev("Merge sorted {} rows, containing {} columns ({} merged, {} gathered) in {} sec., {} rows/sec., {}/sec.", 85, lambda r: (r.randint(100, 90000000), 14, 14, 0, "%.6f" % r.uniform(0.001, 60), r.randint(10000, 900000000), size(r)), lv="Debug", log="mergesorted", q=False),
    ev("Renaming temporary part {} to {} with tid {}.", 120, lambda r: ("tmp_insert_" + part(r, 0), part(r, 0), "(1, 1, 00000000-0000-0000-0000-000000000000)"), lv="Trace", log="table"),
    ev("Wrote block with ID '{}', {} rows", 70, lambda r: ("%s_%d_%d" % (r.choice(["202611"]), r.getrandbits(63), r.getrandbits(63)), r.randint(1, 200000)), lv="Trace", log="sink"),
    ev("Block with ID {} already exists locally as part {}; ignoring it.", 12, lambda r: ("%s_%d_%d" % ("202611", r.getrandbits(63), r.getrandbits(63)), part(r, 0)), log="sink"),
    ev("Delaying inserting block by {} ms. because there are {} parts and their average size is {}", 10, lambda r: (r.randint(1, 900), r.randint(150, 300), size(r, 1, 90)), log="table"),
    ev("Removing {} parts from filesystem (serially): Parts: {}", 50, lambda r: (lambda n: (n, "[%s]" % ", ".join(part(r) for _ in range(n))))(r.randint(1, 4)), lv="Debug", log="table", q=False),
    ev("Found {} old parts to remove. Parts: {}", 50, lambda r: (lambda n: (n, "[%s]" % ", ".join(part(r) for _ in range(n))))(r.randint(1, 4)), lv="Debug", log="table", q=False),
    ev("Fetching part {} from {}", 18, lambda r: (part(r), "default:/clickhouse/tables/01/%s/replicas/ch-%d" % (r.choice(TABLES).replace(".", "/"), r.choice([1, 3]))), log="queue", q=False),
    ev("Fetched part {} from {}", 17, lambda r: (part(r), "default:/clickhouse/tables/01/%s/replicas/ch-%d" % (r.choice(TABLES).replace(".", "/"), r.choice([1, 3]))), log="queue", q=False),
    ev("Checking part {}", 8, part, log="partcheck", q=False),
    ev("Part {} looks good.", 7, part, log="partcheck", q=False),
    ev("ZooKeeper session has expired. Switching to a new session.", -1, lv="Warning", log="ZooKeeperClient", q=False),
    ev("Cannot resolve host ({}), error {}: {}.", 4, lambda r: ("ch-3.internal", 0, "Host not found"), lv="Error", log="DNSResolver", q=False),
    # shut-down
    ev("Received termination signal ({})", -1, lambda r: "Terminated", log="Application", q=False, pos="end"),
    ev("Closed all listening sockets.", -1, log="Application", q=False, pos="end"),
    ev("Closed connections.", -1, log="Application", q=False, pos="end"),
    ev("Shutting down storages.", -1, log="Context", q=False, pos="end"),
    ev("shutting down", -1, log="Application", q=False, pos="end"),
    ev("Stop SignalListener thread", -1, lv="Debug", log="BaseDaemon", q=False, pos="end"),
]

LOGGERS = {
    "table": lambda r, t: "%s (%s)" % (t, UUIDS.setdefault(t, "%08x-%04x-4%03x-a%03x-%012x" % (hash_of(t), 0x1a2b, 0x3c4, 0x5d6, hash_of(t + "x")))),
}


def hash_of(s):
    h = 0
    for c in s:
        h = (h * 131 + ord(c)) & 0xffffffff
    return h


def logger(r, kind):
    t = r.choice(TABLES)
    base = LOGGERS["table"](r, t)
    return {"table": base, "merger": base + " (MergerMutator)", "mergetask": "MergeTask::PrepareStage", "mergesorted": "MergeTask::MergeProjectionsStage",
            "sink": t + " (ReplicatedMergeTreeSink)", "queue": base + " (ReplicatedMergeTreeQueue)", "partcheck": base + " (ReplicatedMergeTreePartCheckThread)",
            "session": r.choice(["TCP-Session", "HTTP-Session"])}.get(kind, kind)


def header(r, t, ev, n):
    qid = uuid(r) if ev.meta["q"] else ""
    return "%s.%06d [ %d ] {%s} <%s> %s: " % (t.strftime("%Y.%m.%d %H:%M:%S"), t.microsecond + r.randint(0, 999), r.randint(200, 4000),
                                              qid, ev.meta["lv"], logger(r, ev.meta["log"]))
