"""MongoDb: a MongoDB 4.0 `mongod`, member `db-2` of replica set `rs0`, in the pre-4.4 text log format: ISO time with
milliseconds and offset, one-letter severity, component padded to eight characters, `[context]` (the thread:
`initandlisten`, `listener`, `conn<n>`, `ReplicationExecutor`, ...). Documents (`{ ... }`) printed with one `<<` are
one value each. The slow-operation line is OpDebug::report's output for commands; the logical operation it starts
with is filled in at run time (always `command` here, so it is listed in constant-slots.tsv)."""
from gen_common import E, ip, hexs, uuid, turn

NAME = "MongoDb"
LAYOUT = "<Timestamp> <Severity> <Component> \\[<Context>\\] <Content>"

HOSTS = ["db-1.internal:27017", "db-3.internal:27017", "arbiter-1.internal:27017"]
DBS = ["shop", "shop", "shop", "analytics", "sessions"]
COLLS = ["orders", "customers", "products", "carts", "events", "audit_log"]
USERS = ["shopApp", "shopApp", "reporting", "mms-automation", "backup"]
DRIVERS = ['{ driver: { name: "PyMongo", version: "3.12.3" }, os: { type: "Linux", name: "Linux", architecture: "x86_64", version: "5.15.0-91-generic" }, platform: "CPython 3.9.18.final.0" }',
           '{ driver: { name: "nodejs", version: "4.17.2" }, os: { type: "Linux", name: "linux", architecture: "x64", version: "5.15.0-91-generic" }, platform: "Node.js v18.19.0, LE (unified)" }',
           '{ driver: { name: "mongo-java-driver|sync", version: "4.11.1" }, os: { type: "Linux", name: "Linux", architecture: "amd64", version: "5.15.0-91-generic" }, platform: "Java/Eclipse Adoptium/17.0.9+9" }',
           '{ application: { name: "MongoDB Shell" }, driver: { name: "MongoDB Internal Client", version: "4.0.28" }, os: { type: "Linux", name: "Ubuntu", architecture: "x86_64", version: "20.04" } }']


def ev(fmt, weight, gen=None, sev="I", comp="-", ctx="conn", **kw):
    return E(fmt, weight, gen, sev=sev, comp=comp, ctx=ctx, **kw)


def cip(r):
    return ip(r, "10.20")


def port(r):
    return r.randint(32768, 60999)


LAST = {}


def conn(r):
    """A connection number, remembered so that the header's [conn<n>] context shows the same connection."""
    LAST["conn"] = r.randint(1000, 99999)
    return LAST["conn"]


def ns(r):
    return "%s.%s" % (r.choice(DBS), r.choice(COLLS))


def oid(r):
    return 'ObjectId(\'%s\')' % hexs(r, 24)


def slow(r):
    cmd = r.choice(["find", "find", "find", "aggregate", "count", "getMore"])
    db, coll = r.choice(DBS), r.choice(COLLS)
    if cmd == "find":
        doc = '{ find: "%s", filter: { customerId: %s, status: "%s" }, sort: { createdAt: -1 }, limit: %d, $db: "%s" }' % (coll, oid(r), r.choice(["open", "paid", "shipped"]), r.choice([20, 50, 100]), db)
        plan = r.choice(["IXSCAN { customerId: 1, createdAt: -1 }", "COLLSCAN", "IXSCAN { status: 1 }"])
    elif cmd == "aggregate":
        doc = '{ aggregate: "%s", pipeline: [ { $match: { createdAt: { $gte: new Date(%d) } } }, { $group: { _id: "$sku", n: { $sum: 1 } } } ], cursor: {}, $db: "%s" }' % (coll, r.randint(1764000000000, 1764300000000), db)
        plan = "IXSCAN { createdAt: 1 }"
    elif cmd == "count":
        doc = '{ count: "%s", query: { status: "%s" }, $db: "%s" }' % (coll, r.choice(["open", "abandoned"]), db)
        plan = r.choice(["COUNT_SCAN { status: 1 }", "COLLSCAN"])
    else:
        doc = '{ getMore: %d, collection: "%s", batchSize: 1000, $db: "%s" }' % (r.randint(10 ** 11, 10 ** 12), coll, db)
        plan = "COLLSCAN"
    keys = 0 if plan.startswith("COLLSCAN") else r.randint(1, 90000)
    docs = r.randint(keys, keys + 200000) if plan.startswith("COLLSCAN") else r.randint(0, keys)
    locks = '{ Global: { acquireCount: { r: %d } }, Database: { acquireCount: { r: %d } }, Collection: { acquireCount: { r: %d } } }' % ((r.randint(1, 400),) * 3)
    return ("command", "%s.%s" % (db, coll), cmd, doc, plan, keys, docs, r.randint(0, 800), r.randint(0, 1000),
            r.randint(200, 4000000), locks, r.randint(100, 9000))


EVENTS = [
    ev("MongoDB starting : pid={} port={} dbpath={} 64-bit host={}", -1, lambda r: (1712, 27017, "/var/lib/mongodb", "db-2"), comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("db version v{}", -1, lambda r: "4.0.28", comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("git version: {}", -1, lambda r: "af1a9dc12adcfa83cc19571cb3faba26eeddac92", comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("OpenSSL version: {}", -1, lambda r: "OpenSSL 1.1.1f  31 Mar 2020", comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("allocator: {}", -1, lambda r: "tcmalloc", comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("options: {}", -1, lambda r: '{ config: "/etc/mongod.conf", net: { bindIp: "0.0.0.0", port: 27017 }, replication: { replSetName: "rs0" }, security: { keyFile: "/etc/mongodb/keyfile" }, storage: { dbPath: "/var/lib/mongodb", journal: { enabled: true } }, systemLog: { destination: "file", logAppend: true, path: "/var/log/mongodb/mongod.log" } }',
       comp="CONTROL", ctx="initandlisten", pos="start"),
    ev("Detected data files in {} created by the '{}' storage engine, so setting the active storage engine to '{}'.", -1, lambda r: ("/var/lib/mongodb", "wiredTiger", "wiredTiger"), comp="STORAGE", ctx="initandlisten", pos="start"),
    ev("wiredtiger_open config: {}", -1, lambda r: "create,cache_size=7485M,session_max=20000,eviction=(threads_min=4,threads_max=4),config_base=false,statistics=(fast),log=(enabled=true,archive=true,path=journal,compressor=snappy),file_manager=(close_idle_time=100000),statistics_log=(wait=0),verbose=(recovery_progress),",
       comp="STORAGE", ctx="initandlisten", pos="start"),
    ev("WiredTiger message [{}:{}][{}:{}], txn-recover: {}", -3, lambda r: (1764338532, r.randint(0, 999999), 1712, "0x7f3c2a1b4a40", turn("wt", ["Main recovery loop: starting at 1843/1664 to 1844/256", "Recovering log 1843 through 1844", "Set global recovery timestamp: 5e1f3c2b00000004"])),
       comp="STORAGE", ctx="initandlisten", pos="start"),
    ev("Initializing full-time diagnostic data capture with directory '{}'", -1, lambda r: "/var/lib/mongodb/diagnostic.data", comp="FTDC", ctx="initandlisten", pos="start"),
    ev("New replica set config in use: {}", -1, lambda r: '{ _id: "rs0", version: 7, protocolVersion: 1, writeConcernMajorityJournalDefault: true, members: [ { _id: 0, host: "db-1.internal:27017", priority: 2.0, votes: 1 }, { _id: 1, host: "db-2.internal:27017", priority: 1.0, votes: 1 }, { _id: 2, host: "arbiter-1.internal:27017", arbiterOnly: true, votes: 1 } ], settings: { chainingAllowed: true, heartbeatTimeoutSecs: 10, electionTimeoutMillis: 10000 } }',
       comp="REPL", ctx="replexec-0", pos="start"),
    ev("This node is {} in the config", -1, lambda r: "db-2.internal:27017", comp="REPL", ctx="replexec-0", pos="start"),
    ev("waiting for connections on port {}", -1, lambda r: 27017, comp="NETWORK", ctx="initandlisten", pos="start"),
    # connections
    ev("connection accepted from {}:{} #{} ({} connections now open)", 220, lambda r: (cip(r), port(r), r.randint(1000, 99999), r.randint(40, 260)), comp="NETWORK", ctx="listener"),
    ev("received client metadata from {}:{} conn{}: {}", 200, lambda r: (cip(r), port(r), conn(r), r.choice(DRIVERS)), comp="NETWORK"),
    ev("end connection {}:{} ({} connections now open)", 210, lambda r: (cip(r), port(r), r.randint(40, 260)), comp="NETWORK"),
    ev("Successfully authenticated as principal {} on {} from client {}:{}", 130, lambda r: (r.choice(USERS), r.choice(["admin", "shop"]), cip(r), port(r)), comp="ACCESS"),
    ev("SASL {} authentication failed for {} on {} from client {}:{} ; {}", 40, lambda r: (r.choice(["SCRAM-SHA-1", "SCRAM-SHA-256"]), r.choice(USERS + ["admin", "root"]), r.choice(["admin", "shop"]), cip(r), port(r),
                                                                                             r.choice(["AuthenticationFailed: SCRAM authentication failed, storedKey mismatch", 'UserNotFound: Could not find user "root" for db "admin"'])), comp="ACCESS"),
    ev("Error receiving request from client: {}. Ending connection from {}:{} (connection id: {})", 25, lambda r: (r.choice(["SSLHandshakeFailed: The server is configured to only allow SSL connections", "ProtocolError: Client sent an HTTP request over a native MongoDB connection"]),
                                                                                                                  cip(r), port(r), r.randint(1000, 99999)), comp="NETWORK"),
    ev("Successfully connected to {} ({} connections now open to {} with a {} second timeout)", 40, lambda r: (lambda h: (h, r.randint(1, 4), h, 10))(r.choice(HOSTS)), comp="NETWORK", ctx="ReplicaSetMonitor-TaskExecutor"),
    ev("Ending connection to host {} due to bad connection status; {} connections to that host remain open", 20, lambda r: (r.choice(HOSTS), r.randint(0, 3)), comp="NETWORK", ctx="ReplicaSetMonitor-TaskExecutor"),
    ev("Marking host {} as failed :: caused by :: {}", 8, lambda r: (r.choice(HOSTS[:1]), "HostUnreachable: Error connecting to db-1.internal:27017 (10.20.0.11:27017) :: caused by :: Connection refused"), comp="NETWORK", sev="W", ctx="ReplicaSetMonitor-TaskExecutor"),
    # commands and storage
    ev("{} {} command: {} {} planSummary: {} keysExamined:{} docsExamined:{} numYields:{} nreturned:{} reslen:{} locks:{} protocol:op_msg {}ms", 150, slow, comp="COMMAND"),
    ev("Plan executor error during find command: {}, status: {}, stats: {}", 10, lambda r: ("FAILURE", "OperationFailed: Sort operation used more than the maximum 33554432 bytes of RAM. Add an index, or specify a smaller limit.",
                                                                                         '{ stage: "SORT", nReturned: 0, executionTimeMillisEstimate: %d, works: %d, sortPattern: { createdAt: -1 }, memUsage: 33554701, memLimit: 33554432 }' % (r.randint(200, 900), r.randint(100000, 400000))), comp="QUERY", sev="E"),
    ev("Assertion while executing command '{}' on database '{}' with arguments '{}': {}", 25, lambda r: (r.choice(["insert", "update"]), "shop", '{ %s: "orders", ordered: true, $db: "shop" }' % r.choice(["insert", "update"]),
                                                                                                        r.choice(["DuplicateKey: E11000 duplicate key error collection: shop.orders index: orderNo_1 dup key: { : \"SO-%d\" }" % r.randint(100000, 999999),
                                                                                                                  "NotMaster: not master"])), comp="COMMAND"),
    ev("createCollection: {} with generated UUID: {}", 10, lambda r: (ns(r).replace("shop.", "analytics.daily_") , uuid(r)), comp="STORAGE"),
    ev("build index on: {} properties: {}", 12, lambda r: (lambda n, f: (n, '{ v: 2, key: { %s: 1 }, name: "%s_1", ns: "%s", background: true }' % (f, f, n)))(ns(r), r.choice(["createdAt", "sku", "customerId"])), comp="INDEX"),
    ev("build index done.  scanned {} total records. {} secs", 12, lambda r: (r.randint(0, 9000000), r.randint(0, 400)), comp="INDEX"),
    ev("dropDatabase {} - starting", -1, lambda r: "analytics_tmp", comp="COMMAND"),
    ev("dropDatabase {} - finished", -1, lambda r: "analytics_tmp", comp="COMMAND"),
    ev("WiredTiger message [{}:{}][{}:{}], WT_SESSION.checkpoint: Checkpoint has been running for {} seconds and wrote: {} pages ({} MB)", 25,
       lambda r: (1764338600 + r.randint(0, 2000), r.randint(0, 999999), 1712, "0x7f3c1e9f2700", r.randint(20, 90), r.randint(1000, 90000), r.randint(10, 900)), comp="STORAGE", ctx="WTCheckpointThread"),
    ev("Sessions collection is not set up; waiting until next sessions refresh interval: {}", 10, lambda r: "Replication has not yet been configured", comp="CONTROL", ctx="LogicalSessionCacheRefresh"),
    # replication
    ev("Member {} is now in state {}", 25, lambda r: (r.choice(HOSTS), r.choice(["PRIMARY", "SECONDARY", "RECOVERING", "ARBITER", "(not reachable/healthy)"])), comp="REPL", ctx="replexec-1"),
    ev("Error in heartbeat (requestId: {}) to {}, response status: {}", 30, lambda r: (r.randint(100000, 999999), r.choice(HOSTS), "HostUnreachable: Error connecting to db-1.internal:27017 (10.20.0.11:27017) :: caused by :: Connection refused"), comp="REPL_HB", ctx="replexec-2"),
    ev("Starting an election, since we've seen no PRIMARY in the past {}ms", -1, lambda r: 10000, comp="REPL", ctx="replexec-2"),
    ev("conducting a dry run election to see if we could be elected. current term: {}", -1, lambda r: 41, comp="REPL", ctx="replexec-2"),
    ev("dry election run succeeded, running for election in term {}", -1, lambda r: 42, comp="REPL", ctx="replexec-3"),
    ev("election succeeded, assuming primary role in term {}", -1, lambda r: 42, comp="REPL", ctx="replexec-3"),
    ev("transition to {} from {}", 8, lambda r: r.choice([("PRIMARY", "SECONDARY"), ("SECONDARY", "PRIMARY"), ("RECOVERING", "SECONDARY"), ("SECONDARY", "RECOVERING")]), comp="REPL", ctx="replexec-3"),
    ev("Entering primary catch-up mode.", -1, comp="REPL", ctx="replexec-3"),
    ev("Exited primary catch-up mode.", -1, comp="REPL", ctx="replexec-4"),
    ev("sync source candidate: {}", 8, lambda r: r.choice(HOSTS[:1]), comp="REPL", ctx="rsBackgroundSync"),
    ev("Unable to reach primary for set {}", 8, lambda r: "rs0", comp="NETWORK", sev="W", ctx="ReplicaSetMonitor-TaskExecutor"),
    # shut-down
    ev("got signal {} ({}), will terminate after current cmd ends", -1, lambda r: (15, "Terminated"), comp="CONTROL", ctx="signalProcessingThread", pos="end"),
    ev("shutdown: going to close listening sockets...", -1, comp="NETWORK", ctx="signalProcessingThread", pos="end"),
    ev("WiredTigerKVEngine shutting down", -1, comp="STORAGE", ctx="signalProcessingThread", pos="end"),
    ev("shutdown: removing fs lock...", -1, comp="STORAGE", ctx="signalProcessingThread", pos="end"),
    ev("now exiting", -1, comp="CONTROL", ctx="signalProcessingThread", pos="end"),
    ev("shutting down with code:{}", -1, lambda r: 0, comp="CONTROL", ctx="signalProcessingThread", pos="end"),
]


def header(r, t, ev, n):
    ctx = ev.meta["ctx"]
    if ctx == "conn":
        ctx = "conn%d" % (LAST.pop("conn", None) or r.randint(1000, 99999))
    return "%s.%03d+0000 %s %-8s [%s] " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, ev.meta["sev"], ev.meta["comp"], ctx)
