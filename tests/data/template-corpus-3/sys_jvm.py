"""Jvm: an Elasticsearch 8 data/master node (node-1 of a five-node logging cluster) writing its plain-text server
log: `[time][LEVEL][logger padded to 25] [node] message`. Values are mostly printed inside ES's own brackets
(`[{}]`); a list or a node description printed from one parameter is one <*> with its brackets."""
from gen_common import E, ip, hexs

NAME = "Jvm"
LAYOUT = "\\[<Timestamp>\\]\\[<Level>\\]\\[<Logger>\\] \\[<Node>\\] <Content>"

_r = __import__("random").Random(55)
NODES = [("node-%d" % i, "".join(_r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(22)), "10.0.6.%d" % (10 + i)) for i in range(1, 6)]
INDICES = ["logs-app-2026.11.%02d" % d for d in range(20, 29)] + ["metrics-2026.11.28", ".ds-traces-apm-2026.11.27-000012", "orders-v3"]
UUIDS = {i: "".join(_r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") for _ in range(22)) for i in INDICES}


def node(r, k=None):
    n = NODES[k] if k is not None else r.choice(NODES[1:])
    return "{%s}{%s}{%s}{%s}{%s:9300}{cdhilmrstw}{8.11.1}" % (n[0], n[1], n[1][::-1][:22], n[2], n[2])


def idx(r):
    return r.choice(INDICES)


def size(r, lo, hi):
    v = r.uniform(lo, hi)
    return "%.1fgb" % v if v >= 1 else "%.1fmb" % (v * 1024)


def secs(r, lo, hi):
    v = r.uniform(lo, hi)
    return "%.1fs" % v if v >= 1 else "%dms" % (v * 1000)


def j(fmt, weight, gen=None, lv="INFO", lg="o.e.c.r.a.DiskThresholdMonitor", **kw):
    return E(fmt, weight, gen, lv=lv, lg=lg, **kw)


def disk(r, pct):
    n = r.choice(NODES)
    return ("%d%%" % pct, n[1], n[0], "/var/lib/elasticsearch", size(r, 5, 60), "%.1f%%" % r.uniform(100 - pct - 4, 100 - pct))


def gc_line(r):
    kind = r.choice(["young"] * 5 + ["old"])
    a = r.uniform(3, 7.5)
    return (kind, r.randint(10 ** 5, 10 ** 6), r.randint(100, 9000), secs(r, 0.2, 8 if kind == "old" else 1.5), 1, secs(r, 0.3, 9), secs(r, 5, 900),
            "%.1fm" % r.uniform(1, 60), "%.1fgb" % a, "%.1fgb" % (a - r.uniform(0.5, 2.9)), "8gb",
            "{[young] [%dmb]->[0b]/[0b]}{[old] [%.1fgb]->[%.1fgb]/[8gb]}{[survivor] [%dmb]->[%dmb]/[0b]}" % (r.randint(100, 900), a - 1, a - 1.3, r.randint(10, 90), r.randint(10, 90)))


BULK_SRC = ['{"@timestamp":"2026-11-28T14:%02d:%02d.%03dZ","message":"GET /api/orders 200","service":{"name":"orders-api"},"http":{"status_code":"two hundred"}}',
            '{"@timestamp":"2026-11-28T14:%02d:%02d.%03dZ","level":"ERROR","trace":{"id":"%s"},"labels":{"tenant":42}}']


def bulk(r):
    s = r.choice(BULK_SRC)
    s = s % ((r.randint(2, 32), r.randint(0, 59), r.randint(0, 999)) + ((hexs(r, 32),) if s.count("%") == 4 else ()))
    return s


EVENTS = [
    j("[gc][{}] overhead, spent [{}] collecting in the last [{}]", 260, lambda r: (r.randint(10 ** 5, 10 ** 6), secs(r, 0.25, 3), secs(r, 0.8, 4)), lg="o.e.m.j.JvmGcMonitorService"),
    j("[gc][{}][{}][{}] duration [{}], collections [{}]/[{}], total [{}]/[{}], memory [{}]->[{}]/[{}], all_pools {}", 90, gc_line, lv="WARN", lg="o.e.m.j.JvmGcMonitorService"),
    j("high disk watermark [{}] exceeded on [{}][{}][{}] free: {}[{}], shards will be relocated away from this node; currently relocating away shards totalling [{}] and actively restoring shards totalling [{}]", 150,
      lambda r: disk(r, 90) + (r.choice(["0b", "0b", size(r, 1, 40)]), "0b"), lv="WARN"),
    j("low disk watermark [{}] exceeded on [{}][{}][{}] free: {}[{}], replicas will not be assigned to this node", 170, lambda r: disk(r, 85)),
    j("flood stage disk watermark [{}] exceeded on [{}][{}][{}] free: {}[{}], all indices on this node will be marked read-only", 6, lambda r: disk(r, 95), lv="WARN"),
    j("{} failed to execute bulk item ({}) {}", 110,
      lambda r: ("[%s][%d]" % (idx(r), r.randint(0, 4)), r.choice(["index", "index", "create"]),
                 "index {[%s][%s], source[%s]}" % (idx(r), hexs(r, 20), bulk(r))), lv="DEBUG", lg="o.e.a.b.TransportShardBulkAction"),
    j("[{}][{}] took[{}], took_millis[{}], total_hits[{}], search_type[{}], total_shards[{}], source[{}], id[{}],", 140,
      lambda r: (lambda ms: (idx(r), r.randint(0, 4), "%.1fs" % (ms / 1000.0), ms, "%d hits" % r.randint(0, 10 ** 6), "QUERY_THEN_FETCH", r.randint(1, 40),
                             r.choice(['{"size":0,"query":{"range":{"@timestamp":{"gte":"now-15m"}}},"aggregations":{"by_service":{"terms":{"field":"service.name","size":50}}}}',
                                       '{"query":{"match":{"message":{"query":"timeout","operator":"OR"}}},"sort":[{"@timestamp":{"order":"desc"}}]}',
                                       '{"size":500,"query":{"bool":{"filter":[{"term":{"labels.tenant":42}}]}}}']),
                             r.choice(["kibana-dashboard-%d" % r.randint(1, 40), "alerting-rule-%s" % hexs(r, 8)])))(r.randint(1000, 30000)),
      lv="WARN", lg="i.s.s.query"),
    j("Cluster health status changed from [{}] to [{}] (reason: [{}]).", 30,
      lambda r: r.choice([("YELLOW", "GREEN", "shards started [[%s][%d]]" % (idx(r), r.randint(0, 4))), ("GREEN", "YELLOW", "index [%s] created" % idx(r)),
                          ("YELLOW", "RED", "{%s}{%s} disconnected" % (NODES[3][0], NODES[3][1])), ("RED", "YELLOW", "shards started [[%s][0]]" % idx(r))]), lg="o.e.c.r.a.AllocationService"),
    j("[{}] creating index, cause [{}], templates {}, shards [{}]/[{}]", 12,
      lambda r: (idx(r), r.choice(["auto(bulk api)", "rollover_data_stream", "api"]), r.choice(["[logs-app-template]", "[]", "[metrics, ilm-history-template]"]), r.choice([1, 3, 5]), 1),
      lg="o.e.c.m.MetadataCreateIndexService"),
    j("{} deleting index", 8, lambda r: (lambda i: "[%s/%s]" % (i, UUIDS[i]))(idx(r)), lg="o.e.c.m.MetadataDeleteIndexService"),
    j("{} update_mapping [{}]", 40, lambda r: ((lambda i: "[%s/%s]" % (i, UUIDS[i]))(idx(r)), "_doc"), lg="o.e.c.m.MetadataMappingService"),
    j("[{}] New used memory {} [{}] for data of [{}] would be larger than configured breaker: {} [{}], breaking", 18,
      lambda r: (lambda u: (r.choice(["fielddata", "request", "parent"]), u, "%.1fgb" % (u / 2 ** 30), r.choice(["<reused_arrays>", "<agg [by_service]>", "<http_request>", "service.name"]), 3435973836, "3.1gb"))(
          r.randint(3435973837, 3900000000)), lv="WARN", lg="o.e.i.b.ChildMemoryCircuitBreaker"),
    j("added {}, term: {}, version: {}, reason: {}", 5, lambda r: (lambda n, v: ("{" + n + "}", 17, v, "ApplyCommitRequest{term=17, version=%d, sourceNode=%s}" % (v, node(r, 0))))(node(r), r.randint(81000, 82000)),
      lg="o.e.c.s.ClusterApplierService"),
    j("removed {}, term: {}, version: {}, reason: {}", 4, lambda r: (lambda n, v: ("{" + n + "}", 17, v, "ApplyCommitRequest{term=17, version=%d, sourceNode=%s}" % (v, node(r, 0))))(node(r), r.randint(81000, 82000)),
      lg="o.e.c.s.ClusterApplierService"),
    j("node-join[{} joining], term: {}, version: {}, delta: added {}", 3, lambda r: (lambda n: (n, 17, r.randint(81000, 82000), "{" + n + "}"))(node(r)), lg="o.e.c.s.MasterService"),
    j("node-left[{} reason: {}], term: {}, version: {}, delta: removed {}", 3, lambda r: (lambda n: (n, r.choice(["disconnected", "followers check retry count exceeded"]), 17, r.randint(81000, 82000), "{" + n + "}"))(node(r)),
      lg="o.e.c.s.MasterService"),
    j("scheduling reroute for delayed shards in [{}] ({} delayed shards)", 10, lambda r: (secs(r, 5, 60), r.randint(1, 40)), lg="o.e.c.r.DelayedAllocationService"),
    j("updating number_of_replicas to [{}] for indices [{}]", 6, lambda r: (r.choice([0, 1]), idx(r)), lg="o.e.c.m.MetadataUpdateSettingsService"),
    j("snapshot [{}] started", 4, lambda r: "backups:nightly-2026.11.28-%s/%s" % (hexs(r, 6), hexs(r, 22)), lg="o.e.s.SnapshotsService"),
    j("snapshot [{}] completed with state [{}]", 4, lambda r: ("backups:nightly-2026.11.28-%s/%s" % (hexs(r, 6), hexs(r, 22)), r.choice(["SUCCESS", "SUCCESS", "PARTIAL"])), lg="o.e.s.SnapshotsService"),
    j("[{}] primary-replica resync completed with {} operations", 12, lambda r: ("[%s][%d]" % (idx(r), r.randint(0, 4)), r.randint(0, 900)), lg="o.e.i.s.IndexShard"),
    j("failing shard [{}]", 6, lambda r: "failed shard, shard [%s][%d], node[%s], [R], s[STARTED], a[id=%s], message [failed to perform indices:data/write/bulk[s] on replica [%s][%d]], failure [NodeDisconnectedException[[%s][%s:9300][indices:data/write/bulk[s][r]] disconnected]], markAsStale [true]" % (
        idx(r), r.randint(0, 4), NODES[3][1], hexs(r, 22), idx(r), r.randint(0, 4), NODES[3][0], NODES[3][2]), lv="WARN", lg="o.e.c.r.a.AllocationService"),
    j("Received response for a request that has timed out, sent [{}/{}ms] ago, timed out [{}/{}ms] ago, action [{}], node [{}], id [{}]", 25,
      lambda r: (lambda a, b: ("%.1fs" % (a / 1000.0), a, "%.1fs" % (b / 1000.0), b, r.choice(["internal:coordination/fault_detection/follower_check", "cluster:monitor/nodes/stats[n]", "indices:monitor/stats[n]"]),
                               node(r), r.randint(10 ** 6, 10 ** 8)))(r.randint(10000, 60000), r.randint(100, 9000)), lv="WARN", lg="o.e.t.TransportService"),
    j("path: {}, params: {}, status: {}", 45,
      lambda r: r.choice([("/%s/_search" % idx(r), "{index=%s, size=50}" % idx(r), 400), ("/_bulk", "{}", 429), ("/%s/_doc/%s" % (idx(r), hexs(r, 20)), "{index=%s, id=%s}" % (idx(r), hexs(r, 20)), 409)]),
      lv="DEBUG", lg="o.e.a.s.TransportSearchAction"),
    j("rejected execution of {} on {}", 20,
      lambda r: ("org.elasticsearch.common.util.concurrent.TimedRunnable@%s" % hexs(r, 8),
                 "EsThreadPoolExecutor[name = node-1/search, queue capacity = 1000, task execution EWMA = %.1fms, total task execution time = %.1fm, org.elasticsearch.common.util.concurrent.EsThreadPoolExecutor@%s[Running, pool size = 13, active threads = 13, queued tasks = 1000, completed tasks = %d]]" % (
                     r.uniform(1, 90), r.uniform(10, 900), hexs(r, 8), r.randint(10 ** 6, 10 ** 8))), lv="WARN", lg="o.e.a.s.TransportSearchAction"),
    j("policy [{}] for index [{}] on an error step due to a transient error, moving back to the failed step [{}] for execution. retry attempt [{}]", 5,
      lambda r: ("logs-app-policy", idx(r), r.choice(["rollover", "forcemerge", "shrink"]), r.randint(1, 9)), lg="o.e.x.i.IndexLifecycleRunner"),
    j("[{}] rolling over to new index [{}]", 1, lambda r: ("logs-app", "logs-app-2026.11.28-000014"), lg="o.e.a.a.i.r.MetadataRolloverService"),
    j("timed out while retrying [{}] after failure (timeout [{}])", 8, lambda r: ("indices:data/write/bulk[s]", "1m"), lv="WARN", lg="o.e.a.b.TransportShardBulkAction"),
    j("master not discovered or elected yet, an election requires at least {} nodes with ids from [{}], have discovered [{}] which is not a quorum; discovery will continue using [{}] from hosts providers and [{}] from last-known cluster state; node term {}, last-accepted version {} in term {}", -2,
      lambda r: (3, ", ".join(n[1] for n in NODES), ", ".join("{%s}{%s}" % (n[0], n[1]) for n in NODES[:2]),
                 ", ".join("%s:9300" % n[2] for n in NODES[1:]), ", ".join("%s:9300" % n[2] for n in NODES[1:3]), 17, 81234, 17),
      lv="WARN", lg="o.e.c.c.ClusterFormationFailureHelper"),
    j("license [{}] mode [{}] - valid", -1, lambda r: (hexs(r, 8) + "-" + hexs(r, 4) + "-" + hexs(r, 4) + "-" + hexs(r, 4) + "-" + hexs(r, 12), "basic"), lg="o.e.l.ClusterStateLicenseService"),
    j("[{}] shard lock wait count is [{}], elapsed time [{}]", -2, lambda r: ("[%s][%d]" % (idx(r), r.randint(0, 4)), r.randint(2, 9), secs(r, 5, 30)), lv="WARN", lg="o.e.e.NodeEnvironment"),
    # start-up
    j("version[{}], pid[{}], build[{}], OS[{}], JVM[{}]", -1, lambda r: ("8.11.1", 7, "docker/6f9ff581fbcde658e6f69d6ce03050f060d1fd0c/2023-11-11T10:05:59.421038163Z", "Linux/6.1.0-27-amd64/amd64", "Oracle Corporation/OpenJDK 64-Bit Server VM/21.0.1/21.0.1+12-29"),
      lg="o.e.n.Node", pos="start"),
    j("JVM home [{}], using bundled JDK [{}]", -1, lambda r: ("/usr/share/elasticsearch/jdk", "true"), lg="o.e.n.Node", pos="start"),
    j("JVM arguments {}", -1, lambda r: "[-Des.networkaddress.cache.ttl=60, -Des.networkaddress.cache.negative.ttl=10, -Djava.security.manager=allow, -XX:+AlwaysPreTouch, -Xss1m, -Xms8g, -Xmx8g, -XX:+UseG1GC, -XX:G1ReservePercent=25, -XX:InitiatingHeapOccupancyPercent=30, -Des.path.home=/usr/share/elasticsearch, -Des.distribution.type=docker]",
      lg="o.e.n.Node", pos="start"),
    j("loaded module [{}]", 24, lambda r: r.choice(["aggregations", "analysis-common", "data-streams", "ingest-common", "lang-painless", "mapper-extras", "repository-s3", "x-pack-core", "x-pack-ilm", "x-pack-security", "x-pack-monitoring", "transport-netty4"]),
      lg="o.e.p.PluginsService", pos="start"),
    j("using [{}] data paths, mounts [{}], net usable_space [{}], net total_space [{}], types [{}]", -1, lambda r: (1, "[/usr/share/elasticsearch/data (/dev/nvme1n1)]", "412.5gb", "491.1gb", "ext4"), lg="o.e.e.NodeEnvironment", pos="start"),
    j("heap size [{}], compressed ordinary object pointers [{}]", -1, lambda r: ("8gb", "true"), lg="o.e.e.NodeEnvironment", pos="start"),
    j("node name [{}], node ID [{}], cluster name [{}], roles {}", -1, lambda r: (NODES[0][0], NODES[0][1], "prod-logs", "[data_content, data_hot, ingest, master, remote_cluster_client, transform]"), lg="o.e.n.Node", pos="start"),
    j("initialized", -1, lg="o.e.n.Node", pos="start"),
    j("starting ...", -1, lg="o.e.n.Node", pos="start"),
    j("publish_address {{{}}}, bound_addresses {{{}}}", -1, lambda r: ("%s:9300" % NODES[0][2], "[::]:9300"), lg="o.e.t.TransportService", pos="start"),
    j("started {}", -1, lambda r: node(r, 0), lg="o.e.n.Node", pos="start"),
    j("recovered [{}] indices into cluster_state", -1, lambda r: 412, lg="o.e.g.GatewayService", pos="start"),
    # shut-down
    j("stopping ...", -1, lg="o.e.n.Node", pos="end"),
    j("native controller process has stopped - no new native processes can be started", -1, lg="o.e.x.m.p.NativeController", pos="end"),
    j("stopped", -1, lg="o.e.n.Node", pos="end"),
    j("closing ...", -1, lg="o.e.n.Node", pos="end"),
    j("closed", -1, lg="o.e.n.Node", pos="end"),
]


def header(r, t, ev, n):
    return "[%s,%03d][%-5s][%-25s] [%s] " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, ev.meta["lv"], ev.meta["lg"], NODES[0][0])
