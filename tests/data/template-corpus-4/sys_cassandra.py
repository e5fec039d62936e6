"""Cassandra: node 10.0.1.11 of a six-node Apache Cassandra 4.1 cluster, `system.log` in the default logback pattern
`%-5level [%thread] %date{ISO8601} %F:%L - %msg`: the level comes first, padded to five characters, then the thread
in brackets, the time with a comma before the milliseconds, and the source file and line, fixed per call site. A
node address prints as `/10.0.1.12:7000` (InetAddressAndPort's toString, the slash included in the value). Lists
and structures that Cassandra builds in a loop or prints with toString (sstable lists, GC pool lists, commit log
positions, token ranges, partition merge counts) are one value each. GCInspector logs the same text at INFO or at WARN
depending on the pause, so its message is one event."""
from gen_common import E, uuid

NAME = "Cassandra"
LAYOUT = "<Level> \\[<Thread>\\] <Date> <Time> <File>:<Line> - <Content>"

PEERS = ["/10.0.1.%d:7000" % n for n in (12, 13, 14, 15, 16)]
KS = {"shop": ["orders", "order_items", "carts", "sessions"], "catalog": ["products", "prices"], "events": ["clicks", "page_views"]}
TBL_IDS = {}
_ids = __import__("random").Random(44)
for _k, _ts in KS.items():
    for _t in _ts:
        TBL_IDS[(_k, _t)] = "%032x" % _ids.getrandbits(128)


def ev(fmt, weight, gen=None, lv="INFO", th="main", src="CassandraDaemon.java:1", **kw):
    return E(fmt, weight, gen, lv=lv, th=th, src=src, **kw)


def kt(r):
    k = r.choice(list(KS))
    return k, r.choice(KS[k])


def peer(r):
    return r.choice(PEERS)


def size(r, lo, hi):
    v = r.uniform(lo, hi)
    return "%.3fMiB" % v if v >= 1 else "%.3fKiB" % (v * 1024)


def sstable(r, k, t, gen=None):
    return "/var/lib/cassandra/data/%s/%s-%s/nb-%d-big" % (k, t, TBL_IDS[(k, t)], gen or r.randint(100, 9000))


def compacted(r):
    k, t = kt(r)
    n = r.randint(2, 32)
    a, b = r.uniform(0.5, 400), 0
    b = a * r.uniform(0.3, 0.98)
    pm = r.randint(1000, 900000)
    return (uuid(r), n, sstable(r, k, t) + ",", r.choice([0, 0, 1, 2]), "%.3fMiB" % a, "%.3fMiB" % b, int(b / a * 100), "{:,}".format(r.randint(80, 90000)),
            "%.3fMiB/s" % r.uniform(1, 90), "%.3fMiB/s" % r.uniform(1, 70), "{:,}".format(r.randint(1000, 900000)), "{:,}".format(pm), "{:,}".format(int(pm * r.uniform(0.6, 1))),
            "1:%d, 2:%d, " % (r.randint(100, 9000), r.randint(0, 900)) + ("3:%d, " % r.randint(1, 40) if r.random() < 0.3 else ""), "{:,}".format(r.randint(10, 9000)))


_LAST = {}


def gc(r):
    young = r.random() < 0.85
    d = r.randint(201, 900) if young else r.randint(600, 4200)
    pools = "G1 Eden Space: %d -> 0; G1 Old Gen: %d -> %d; G1 Survivor Space: %d -> %d" % (
        r.randint(10 ** 9, 2 * 10 ** 9), r.randint(2 * 10 ** 9, 4 * 10 ** 9), r.randint(2 * 10 ** 9, 4 * 10 ** 9), r.randint(10 ** 7, 10 ** 8), r.randint(10 ** 7, 10 ** 8))
    _LAST["gc"] = d
    return ("G1 Young Generation" if young else "G1 Old Generation"), d, pools


def rep(r):
    return uuid(r)


EVENTS = [
    # start-up
    ev("Cassandra version: {}", -1, lambda r: "4.1.3", src="StorageService.java:491", pos="start"),
    ev("CQL version: {}", -1, lambda r: "3.4.6", src="StorageService.java:492", pos="start"),
    ev("Heap size: {}/{}", -1, lambda r: ("7.800GiB", "7.800GiB"), src="CassandraDaemon.java:599", pos="start"),
    ev("JVM Arguments: {}", -1, lambda r: "[-ea, -da:net.openhft..., -XX:+UseThreadPriorities, -XX:+HeapDumpOnOutOfMemoryError, -Xss256k, -XX:+UseG1GC, -XX:MaxGCPauseMillis=300, -Xms8G, -Xmx8G, -Dcassandra.config=file:///etc/cassandra/cassandra.yaml]",
       src="CassandraDaemon.java:600", pos="start"),
    ev("Initializing {}.{}", 16, lambda r: kt(r), src="ColumnFamilyStore.java:385", pos="start"),
    ev("Loading persisted ring state", -1, th="main", src="StorageService.java:778", pos="start"),
    ev("Starting up server gossip", -1, th="main", src="StorageService.java:812", pos="start"),
    ev("Node {} state jump to {}", 8, lambda r: r.choice([("/10.0.1.11:7000", "NORMAL")] + [(p, "NORMAL") for p in PEERS]), th="GossipStage:1", src="StorageService.java:3127", pos="start"),
    ev("Starting listening for CQL clients on {} ({})...", -1, lambda r: ("/0.0.0.0:9042", "unencrypted"), th="main", src="PipelineConfigurator.java:125", pos="start"),
    # runtime: compaction, flush, gc
    ev("Compacted ({}) {} sstables to [{}] to level={}.  {} to {} (~{}% of original) in {}ms.  Read Throughput = {}, Write Throughput = {}, Row Throughput = ~{}/s.  {} total partitions merged to {}.  Partition merge counts were {{}}. Time spent writing keys = {}ms",
       230, compacted, th="CompactionExecutor:%d", src="CompactionTask.java:253"),
    ev("Compacting ({}) [{}]", 230, lambda r: (lambda k, t: (uuid(r), ", ".join("%s-Data.db:level=0" % sstable(r, k, t) for _ in range(r.randint(2, 4))) + ", "))(*kt(r)),
       th="CompactionExecutor:%d", src="CompactionTask.java:167"),
    ev("Enqueuing flush of {}.{}, Reason: {}, Usage: {} ({}%) on-heap, {} ({}%) off-heap", 150,
       lambda r: kt(r) + (r.choice(["MEMTABLE_LIMIT"] * 5 + ["COMMITLOG_DIRTY", "SNAPSHOT", "STARTUP"]), size(r, 0.2, 120), r.randint(0, 9), size(r, 0, 0.001), 0),
       th="%s", src="ColumnFamilyStore.java:1013"),
    ev("Writing Memtable-{}@{}({} serialized bytes, {} ops, {}%/{}% of on/off-heap limit), flushed range = ({}, {}]", 150,
       lambda r: (kt(r)[1], r.randint(10 ** 8, 2 * 10 ** 9), size(r, 0.2, 120), r.randint(100, 900000), r.randint(0, 9), 0, "min(-9223372036854775808)", "max(9223372036854775807)"),
       th="PerDiskMemtableFlushWriter_0:%d", src="Memtable.java:468"),
    ev("Completed flushing {} ({}) for commitlog position {}", 150,
       lambda r: (lambda k, t: (sstable(r, k, t) + "-Data.db", size(r, 0.1, 60), "CommitLogPosition(segmentId=%d, position=%d)" % (1796479200000 + r.randint(0, 900000), r.randint(100, 33554432))))(*kt(r)),
       th="PerDiskMemtableFlushWriter_0:%d", src="Memtable.java:499"),
    ev("{} GC in {}ms.  {}", 170, gc, lv="GC", th="Service Thread", src="GCInspector.java:GC"),
    ev("No segments in reserve; creating a fresh one", 70, lv="DEBUG", th="COMMIT-LOG-ALLOCATOR", src="AbstractCommitLogSegmentManager.java:133"),
    ev("Maximum memory usage reached ({}), cannot allocate chunk of {}", 25, lambda r: ("512.000MiB", "1.000MiB"), th="ReadStage-%d", src="NoSpamLogger.java:92"),
    ev("Redistributing index summaries", 12, th="IndexSummaryManager:1", src="IndexSummaryRedistribution.java:78"),
    # runtime: gossip and hints
    ev("InetAddress {} is now DOWN", 20, peer, th="GossipTasks:1", src="Gossiper.java:1250"),
    ev("InetAddress {} is now UP", 20, peer, th="GossipStage:1", src="Gossiper.java:1204"),
    ev("Handshaking version with {}", 12, peer, th="Messaging-EventLoop-3-%d", src="OutboundConnectionInitiator.java:180"),
    ev("Convicting {} with status {} - alive {}", 14, lambda r: (peer(r), r.choice(["NORMAL", "shutdown"]), "false"), lv="DEBUG", th="GossipTasks:1", src="FailureDetector.java:355"),
    ev("Finished hinted handoff of file {} to endpoint {}: {}", 30, lambda r: (lambda u: ("%s-%d-2.hints" % (u, 1796479331000 + r.randint(0, 9 * 10 ** 6)), peer(r), u))(uuid(r)),
       th="HintsDispatcher:%d", src="HintsDispatchExecutor.java:289"),
    ev("Deleted hint file {}", 20, lambda r: "%s-%d-2.hints" % (uuid(r), 1796479331000 + r.randint(0, 9 * 10 ** 6)), th="HintsDispatcher:%d", src="HintsStore.java:133"),
    ev("Failed to dispatch hints file {}: file is corrupted ({})", -2, lambda r: ("%s-%d-2.hints" % (uuid(r), 1796479331000 + r.randint(0, 9 * 10 ** 6)), "java.io.IOException: Digest mismatch exception"),
       lv="ERROR", th="HintsDispatcher:%d", src="HintsDispatchExecutor.java:312"),
    # runtime: requests
    ev("{} messages were dropped in last {} ms: {} internal and {} cross node. Mean internal dropped latency: {} ms and Mean cross-node dropped latency: {} ms", 60,
       lambda r: (r.choice(["READ_REQ", "READ_REQ", "MUTATION_REQ", "RANGE_REQ", "HINT_REQ"]), 5000, r.randint(0, 30), r.randint(1, 400), r.randint(0, 4000), r.randint(2001, 12000)),
       th="ScheduledTasks:1", src="MessagingMetrics.java:206"),
    ev("Read {} live rows and {} tombstone cells for query {} (see tombstone_warn_threshold)", 55,
       lambda r: (r.randint(0, 5000), r.randint(1001, 99999), r.choice(["SELECT * FROM shop.carts WHERE customer_id = %d LIMIT 5000 ALLOW FILTERING" % r.randint(10 ** 5, 10 ** 6),
                                                                     "SELECT * FROM shop.sessions WHERE sid = '%s' LIMIT 100" % uuid(r)[:8],
                                                                     "SELECT * FROM events.clicks WHERE day = '2026-11-%02d' LIMIT 5000" % r.randint(1, 28)]) + "; token %d" % r.randint(-9 * 10 ** 18, 9 * 10 ** 18)),
       lv="WARN", th="ReadStage-%d", src="ReadCommand.java:612"),
    ev("Scanned over {} tombstones during query '{}' (last scanned row token was {} and partion key was ({})); query aborted", -2,
       lambda r: (100001, "SELECT * FROM shop.carts WHERE customer_id = %d LIMIT 5000" % r.randint(10 ** 5, 10 ** 6), r.randint(-9 * 10 ** 18, 9 * 10 ** 18), r.randint(10 ** 5, 10 ** 6)),
       lv="ERROR", th="ReadStage-%d", src="ReadCommand.java:619"),
    ev("Writing large partition {}/{}:{} ({}) to sstable {}", 16, lambda r: (lambda k, t: (k, t, r.randint(10 ** 5, 10 ** 6), "%.3fMiB" % r.uniform(100, 900), sstable(r, k, t) + "-Data.db"))(*kt(r)),
       lv="WARN", th="CompactionExecutor:%d", src="BigTableWriter.java:263"),
    ev("Batch for [{}] is of size {}, exceeding specified threshold of {} by {}.", 40, lambda r: (lambda a: (r.choice(["shop.orders, shop.order_items", "shop.order_items", "events.clicks"]), "%.3fKiB" % a, "5.000KiB", "%.3fKiB" % (a - 5)))(r.uniform(5.1, 60)),
       lv="WARN", th="Native-Transport-Requests-%d", src="NoSpamLogger.java:95"),
    ev("Timeout while reading from {} at consistency {} ({} of {} replicas responded, timeout {}ms)", 35, lambda r: ("%s.%s" % kt(r), r.choice(["LOCAL_QUORUM", "QUORUM"]), 1, 2, 5000),
       lv="WARN", th="Native-Transport-Requests-%d", src="StorageProxy.java:2011"),
    ev("Timeout while writing to {} at consistency {} ({} of {} replicas acknowledged, timeout {}ms)", 25, lambda r: ("%s.%s" % kt(r), r.choice(["LOCAL_QUORUM", "QUORUM", "EACH_QUORUM"]), 1, 2, 2000),
       lv="WARN", th="Native-Transport-Requests-%d", src="StorageProxy.java:1562"),
    ev("Unexpected exception during request; channel = {}", 20, lambda r: "[id: 0x%08x, L:/10.0.1.11:9042 ! R:/10.0.%d.%d:%d]" % (r.getrandbits(32), r.choice([8, 9]), r.randint(2, 250), r.randint(32768, 60999)),
       lv="ERROR", th="epollEventLoopGroup-5-%d", src="ExceptionHandlers.java:93"),
    ev("Invalid password for user {}", 8, lambda r: r.choice(["shop_rw", "analytics", "cassandra"]), lv="WARN", th="Native-Transport-Requests-%d", src="PasswordAuthenticator.java:134"),
    # runtime: repair
    ev("Starting repair command #{} ({}), repairing keyspace {} with repair options ({})", 3,
       lambda r: (r.randint(10, 99), rep(r), r.choice(list(KS)), "parallelism: parallel, primary range: true, incremental: false, job threads: 1, ColumnFamilies: [], dataCenters: [], hosts: [], previewKind: NONE, # of ranges: 256, pull repair: false, force repair: false, optimise streams: false"),
       th="Repair-Task-%d", src="RepairRunnable.java:263"),
    ev("[repair #{}] new session: will sync {} on range {} for {}.[{}]", 12, lambda r: (lambda k: (rep(r), "/10.0.1.11:7000, " + ", ".join(r.sample(PEERS, 2)), "[(%d,%d]]" % tuple(sorted((r.randint(-9 * 10 ** 18, 9 * 10 ** 18), r.randint(-9 * 10 ** 18, 9 * 10 ** 18)))),
                                                                                         k, ", ".join(KS[k])))(r.choice(list(KS))),
       th="Repair#%d:1", src="RepairSession.java:350"),
    ev("[repair #{}] Received merkle tree for {} from {}", 30, lambda r: (rep(r), kt(r)[1], peer(r)), th="AntiEntropyStage:1", src="RepairSession.java:209"),
    ev("[repair #{}] Endpoints {} and {} are consistent for {}", 20, lambda r: (rep(r), "/10.0.1.11:7000", peer(r), kt(r)[1]), th="RepairJobTask:%d", src="SyncTask.java:73"),
    ev("[repair #{}] Endpoints {} and {} have {} range(s) out of sync for {}", 12, lambda r: (rep(r), "/10.0.1.11:7000", peer(r), r.randint(1, 40), kt(r)[1]), th="RepairJobTask:%d", src="SyncTask.java:85"),
    ev("[repair #{}] {}.{} is fully synced", 12, lambda r: (rep(r),) + kt(r), th="RepairJobTask:%d", src="RepairJob.java:173"),
    ev("[repair #{}] Session completed successfully", 10, rep, th="RepairJobTask:%d", src="RepairSession.java:313"),
    ev("[repair #{}] Session completed with the following error", -1, rep, lv="ERROR", th="RepairJobTask:%d", src="RepairSession.java:330"),
    # shut-down
    ev("Announcing shutdown", -1, th="StorageServiceShutdownHook", src="StorageService.java:5009", pos="end"),
    ev("Stopping gossiper", -1, th="StorageServiceShutdownHook", src="StorageService.java:5020", pos="end"),
    ev("Stop listening for CQL clients", -1, th="StorageServiceShutdownHook", src="Server.java:176", pos="end"),
    ev("Waiting for messaging service to quiesce", -1, th="StorageServiceShutdownHook", src="MessagingService.java:441", pos="end"),
]


def header(r, t, ev, n):
    m = ev.meta
    lv, src = m["lv"], m["src"]
    if lv == "GC":  # GCInspector: INFO below the warn threshold, WARN above it
        lv = "WARN" if _LAST["gc"] > 1000 else "INFO"
        src = "GCInspector.java:%d" % (299 if lv == "WARN" else 294)
    th = m["th"]
    if th == "%s":
        th = r.choice(["NativePoolCleaner", "SlabPoolCleaner", "CompactionExecutor:%d" % r.randint(1, 8), "OptionalTasks:1"])
    elif "%d" in th:
        th = th % r.randint(1, 8)
    return "%-5s [%s] %s,%03d %s - " % (lv, th, t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, src)
