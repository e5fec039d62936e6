"""Solr: one node of a SolrCloud 8.11 cluster (`solr.log`) hosting replicas of a shop's `products` and `orders`
collections, with Solr 8's file pattern `%d{yyyy-MM-dd HH:mm:ss.SSS} %-5p (%t) [%X{collection} %X{shard} %X{replica}
%X{core}] %c{1.} %m%notEmpty{ =>%ex{short}}`: the MDC brackets hold `c:… s:… r:… x:…` on core threads and three
spaces elsewhere; the logger is abbreviated (`o.a.s.c.S.Request`). Start-up (Jetty, ZooKeeper, core loading, leader
election), request and update logs, commits and new searchers, slow requests, errors, recovery and PeerSync, ZooKeeper
watch events, shut-down."""
from gen_common import E, ip, hexs, turn

NAME = "Solr"
LAYOUT = "<Date> <Time> <Level> \\(<Thread>\\) \\[<MDC>\\] <Logger> <Content>"

NODE = "10.0.7.21:8983_solr"
CORES = [("products", "shard1", "core_node3", "products_shard1_replica_n1"), ("products", "shard2", "core_node7", "products_shard2_replica_n4"),
         ("orders", "shard1", "core_node2", "orders_shard1_replica_t1")]


def ev(fmt, weight, gen=None, lv="INFO", lg="o.a.s.c.SolrCore", th="qtp", core=True, **kw):
    return E(fmt, weight, gen, lv=lv, lg=lg, th=th, core=core, **kw)


CUR = []  # the core a line's message names, for the MDC of its header


def core(r):
    c = r.choice(CORES)[3]
    CUR.append(c)
    return c


def other_core(r):
    return r.choice(CORES)[3]


def sel_params(r):
    return r.choice([
        "{q=*:*&rows=%d&wt=json}" % r.choice([0, 10, 24]),
        "{q=name:%s&fq=in_stock:true&rows=24&start=%d&wt=json}" % (r.choice(["shoe*", "jacket", "\"usb+c\"", "lamp"]), r.choice([0, 24, 48])),
        "{df=text&distrib=false&fl=id&fl=score&shards.purpose=%d&start=0&fsv=true&shard.url=http://10.0.7.%d:8983/solr/%s/&rows=24&version=2&q=%s&NOW=%d&isShard=true&wt=javabin}" % (
            r.choice([4, 16]), r.randint(20, 23), CUR[-1] if CUR else other_core(r), r.choice(["red+dress", "boots", "desk"]), 1795874531000 + r.randint(0, 1800000)),
        "{q=order_id:%d&wt=javabin&version=2}" % r.randint(5000000, 5999999),
        "{facet.field=brand&facet=true&q=category:%s&rows=0&wt=json}" % r.choice(["shoes", "outdoor", "kitchen"]),
    ])


def reader(r):
    return "{ExitableDirectoryReader(UninvertingDirectoryReader(Uninverting(_%s(8.11.2):C%d:[diagnostics={os=Linux, source=merge}]) Uninverting(_%s(8.11.2):c%d)))}" % (
        hexs(r, 2), r.randint(100000, 900000), hexs(r, 2), r.randint(10, 9000))


def searcher(r):
    return "%x" % r.getrandbits(28)


EVENTS = [
    ev("jetty-{}; built: {}; git: {}; jvm {}", -1, lambda r: ("9.4.44.v20210927", "2021-09-27T23:02:44.612Z", "8da83308eeca865e495e53ef315a249d63ba9332", "11.0.21+9"),
       lg="o.e.j.s.Server", th="main", core=False, pos="start"),
    ev("Using logger factory {}", -1, lambda r: "org.apache.logging.slf4j.Log4jLoggerFactory", lg="o.a.s.s.SolrDispatchFilter", th="main", core=False, pos="start"),
    ev("Welcome to Apache Solr version {}, starting in cloud mode on port {}", -1, lambda r: ("8.11.2", 8983), lg="o.a.s.s.SolrDispatchFilter", th="main", core=False, pos="start"),
    ev("Solr Home: {} (source: {})", -1, lambda r: ("/var/solr/data", "servlet config: solr.solr.home"), lg="o.a.s.c.SolrResourceLoader", th="main", core=False, pos="start"),
    ev("Loading container configuration from {}", -1, lambda r: "/var/solr/data/solr.xml", lg="o.a.s.c.SolrXmlConfig", th="main", core=False, pos="start"),
    ev("Zookeeper client={}", -1, lambda r: "zk1.internal:2181,zk2.internal:2181,zk3.internal:2181/solr", lg="o.a.s.c.ZkContainer", th="main", core=False, pos="start"),
    ev("Waiting for client to connect to ZooKeeper", -1, lg="o.a.s.c.c.ConnectionManager", th="main", core=False, pos="start"),
    ev("Client is connected to ZooKeeper", -1, lg="o.a.s.c.c.ConnectionManager", th="main", core=False, pos="start"),
    ev("Register node as live node: {}", -1, lambda r: NODE, lg="o.a.s.c.ZkController", th="main", core=False, pos="start"),
    ev("Found {} core definitions underneath {}", -1, lambda r: (3, "/var/solr/data"), lg="o.a.s.c.CorePropertiesLocator", th="main", core=False, pos="start"),
    ev("[{}] Opening new SolrCore at [{}], dataDir=[{}]", -3, lambda r: (lambda c: (CUR.append(c), (c, "/var/solr/data/" + c, "/var/solr/data/%s/data/" % c))[1])(turn("solr-open", [c[3] for c in CORES])),
       th="coreLoad", pos="start"),
    ev("Register replica - core:{} address:{} collection:{} shard:{}", -3, lambda r: (lambda c: (CUR.append(c[3]), (c[3], "http://10.0.7.21:8983/solr", c[0], c[1]))[1])(turn("solr-reg", CORES)),
       lg="o.a.s.c.ZkController", th="coreLoad", pos="start"),
    ev("I am the new leader: {} {}", -1, lambda r: (CUR.append("orders_shard1_replica_t1"), ("http://10.0.7.21:8983/solr/orders_shard1_replica_t1/", "shard1"))[1], lg="o.a.s.c.ShardLeaderElectionContext", th="coreLoad", pos="start"),
    ev("Started @{}ms", -1, lambda r: 9412, lg="o.e.j.s.Server", th="main", core=False, pos="start"),
    # requests
    ev("[{}]  webapp={} path={} params={} hits={} status={} QTime={}", 720, lambda r: (core(r), "/solr", r.choice(["/select", "/select", "/select", "/admin/ping", "/query"]), sel_params(r),
                                                                                     r.choice([0, r.randint(1, 40), r.randint(40, 90000)]), 0, r.choice([r.randint(0, 9), r.randint(10, 400)])),
       lg="o.a.s.c.S.Request"),
    ev("slow: [{}]  webapp={} path={} params={} hits={} status={} QTime={}", 50, lambda r: (core(r), "/solr", "/select", sel_params(r), r.randint(0, 90000), 0, r.randint(1000, 12000)),
       lv="WARN", lg="o.a.s.c.S.SlowRequest"),
    ev("[{}]  webapp={} path=/update params={}{} {} {}", 260, lambda r: (core(r), "/solr", r.choice(["{wt=javabin&version=2}", "{update.distrib=FROMLEADER&distrib.from=http://10.0.7.22:8983/solr/products_shard2_replica_n5/&wt=javabin&version=2}"]),
                                                                          r.choice(["{add=[%s (%d)]}" % (r.randint(100000, 999999), 1751000000000000000 + r.getrandbits(40)),
                                                                                    "{add=[%d (%d), %d (%d), %d (%d), ... (%d adds)]}" % (r.randint(100000, 999999), r.getrandbits(50), r.randint(100000, 999999), r.getrandbits(50), r.randint(100000, 999999), r.getrandbits(50), r.randint(4, 500)),
                                                                                    "{delete=[%d (-%d)]}" % (r.randint(100000, 999999), r.getrandbits(50))]),
                                                                          0, r.randint(1, 180)),
       lg="o.a.s.u.p.LogUpdateProcessorFactory"),
    ev("[admin] webapp={} path={} params={} status={} QTime={}", 160, lambda r: ("null", r.choice(["/admin/metrics", "/admin/info/system", "/admin/cores", "/admin/collections"]),
                                                                                  r.choice(["{wt=javabin&version=2&group=solr.node}", "{wt=json}", "{action=STATUS&wt=javabin&version=2}", "{action=CLUSTERSTATUS&wt=json}"]),
                                                                                  0, r.randint(0, 60)),
       lg="o.a.s.s.HttpSolrCall", core=False),
    ev("null:{}", 20, lambda r: r.choice(["org.apache.solr.common.SolrException: undefined field nme", "org.apache.solr.common.SolrException: Can not sort on multivalued field: tags of type: text_general",
                                          "org.apache.solr.search.SyntaxError: Cannot parse 'name:(red': Encountered \"<EOF>\" at line 1, column 9.",
                                          "org.apache.solr.common.SolrException: Exceeded maximum of 1000 basic queries."]),
       lv="ERROR", lg="o.a.s.s.HttpSolrCall"),
    ev("Unable to write response, client closed connection or we are shutting down => {}", 14, lambda r: r.choice(["org.eclipse.jetty.io.EofException", "java.io.IOException: Broken pipe"]),
       lv="WARN", lg="o.a.s.s.HttpSolrCall"),
    ev("Invalid key request timestamp: {} , received timestamp: {} , TTL: {}", 5, lambda r: (lambda t: (t, t + r.randint(10000, 30000), 10000))(1795874531000 + r.randint(0, 1800000)),
       lv="ERROR", lg="o.a.s.s.PKIAuthenticationPlugin", core=False),
    # commits and searchers
    ev("start {}", 45, lambda r: "commit{,optimize=false,openSearcher=%s,waitSearcher=true,expungeDeletes=false,softCommit=%s,prepareCommit=false}" % r.choice([("false", "false"), ("true", "true"), ("true", "false")]),
       lg="o.a.s.u.DirectUpdateHandler2", th="commit"),
    ev("end_commit_flush", 45, lg="o.a.s.u.DirectUpdateHandler2", th="commit"),
    ev("SolrDeletionPolicy.onCommit: commits: num={} {}", 20, lambda r: (2, "commit{dir=NRTCachingDirectory(MMapDirectory@/var/solr/data/%s/data/index lockFactory=org.apache.lucene.store.NativeFSLockFactory@%s; maxCacheMB=48.0 maxMergeSizeMB=4.0),segFN=segments_%s,generation=%d}" % (
        core(r), hexs(r, 8), hexs(r, 2), r.randint(40, 900))), lg="o.a.s.c.SolrDeletionPolicy", th="commit"),
    ev("Opening [Searcher@{}[{}] main]", 40, lambda r: (searcher(r), core(r)), lg="o.a.s.s.SolrIndexSearcher", th="commit"),
    ev("QuerySenderListener sending requests to Searcher@{}[{}] main{}", 26, lambda r: (searcher(r), core(r), reader(r)), lg="o.a.s.c.QuerySenderListener", th="searcher"),
    ev("QuerySenderListener done.", 26, lg="o.a.s.c.QuerySenderListener", th="searcher"),
    ev("[{}]  Registered new searcher autowarm time: {} ms", 38, lambda r: (core(r), r.choice([0, 0, r.randint(1, 900)])), th="searcher"),
    ev("Closing {}", 30, lambda r: "Searcher@%s[%s] main" % (searcher(r), core(r)), lg="o.a.s.s.SolrIndexSearcher", th="searcher"),
    # cloud
    ev("A cluster state change: [{}] for collection [{}] has occurred - updating... (live nodes size: [{}])", 40,
       lambda r: (lambda c: ("WatchedEvent state:SyncConnected type:NodeDataChanged path:/collections/%s/state.json" % c, c, r.choice([3, 3, 2])))(r.choice(["products", "orders"])),
       lg="o.a.s.c.c.ZkStateReader", th="zkCallback", core=False),
    ev("Updated live nodes from ZooKeeper... ({}) -> ({})", 6, lambda r: r.choice([(3, 2), (2, 3)]), lg="o.a.s.c.c.ZkStateReader", th="zkCallback", core=False),
    ev("zkClient has disconnected", 2, lv="WARN", lg="o.a.s.c.c.ConnectionManager", th="zkConn", core=False),
    ev("zkClient has connected", 2, lg="o.a.s.c.c.ConnectionManager", th="zkConn", core=False),
    ev("Error sending update to {}", 6, lambda r: "http://10.0.7.%d:8983/solr" % r.choice([22, 23]), lv="WARN", lg="o.a.s.u.ErrorReportingConcurrentUpdateSolrClient"),
    ev("SolrCmdDistributor found {} errors", 6, lambda r: r.choice([1, 1, 2]), lv="WARN", lg="o.a.s.u.SolrCmdDistributor"),
    ev("Setting up to try to start recovery on replica {} with url {} by increasing leader term", 3, lambda r: ("core_node%d" % r.choice([5, 8]), "http://10.0.7.22:8983/solr/products_shard2_replica_n5/"),
       lv="ERROR", lg="o.a.s.u.p.DistributedZkUpdateProcessor"),
    ev("Starting recovery process. recoveringAfterStartup={}", 2, lambda r: "false", lg="o.a.s.c.RecoveryStrategy", th="recovery"),
    ev("Begin buffering updates. core=[{}]", 2, core, lg="o.a.s.c.RecoveryStrategy", th="recovery"),
    ev("Attempting to PeerSync from [{}] - recoveringAfterStartup=[{}]", 2, lambda r: ("http://10.0.7.22:8983/solr/products_shard2_replica_n5/", "false"), lg="o.a.s.c.RecoveryStrategy", th="recovery"),
    ev("PeerSync: core={} url={} START replicas=[{}] nUpdates={}", 2, lambda r: (core(r), "http://10.0.7.21:8983/solr", "http://10.0.7.22:8983/solr/products_shard2_replica_n5/", 100),
       lg="o.a.s.u.PeerSyncWithLeader", th="recovery"),
    ev("PeerSync: core={} url={} DONE. sync succeeded", 2, lambda r: (core(r), "http://10.0.7.21:8983/solr"), lg="o.a.s.u.PeerSyncWithLeader", th="recovery"),
    ev("PeerSync Recovery was successful - registering as Active.", 1, lg="o.a.s.c.RecoveryStrategy", th="recovery"),
    ev("Finished recovery process, successful=[{}] msTimeTaken={}", 2, lambda r: ("true", r.randint(300, 9000)), lg="o.a.s.c.RecoveryStrategy", th="recovery"),
    ev("Unable to read {} to check for leadership, reason: {}", 1, lambda r: ("/collections/orders/leaders/shard1/leader", "KeeperErrorCode = Session expired for /collections/orders/leaders/shard1/leader"),
       lv="ERROR", lg="o.a.s.c.ZkController", th="zkCallback", core=False),
    # shut-down
    ev("Shutting down CoreContainer instance={}", -1, lambda r: 1417393210, lg="o.a.s.c.CoreContainer", th="shutdown", core=False, pos="end"),
    ev("Remove node as live in ZooKeeper:{}", -1, lambda r: "/live_nodes/" + NODE, lg="o.a.s.c.ZkController", th="shutdown", core=False, pos="end"),
    ev("[{}]  CLOSING SolrCore {}", -3, lambda r: (lambda c: (CUR.append(c), (c, "org.apache.solr.core.SolrCore@" + hexs(r, 8)))[1])(turn("solr-close", [c[3] for c in CORES])), th="coreClose", pos="end"),
    ev("Stopped ServerConnector@{}{HTTP/1.1, (http/1.1, h2c)}{{}}", -1, lambda r: ("5a2f016d", "0.0.0.0:8983"), lg="o.e.j.s.AbstractConnector", th="shutdown", core=False, pos="end"),
]


def header(r, t, ev, n):
    th = ev.meta["th"]
    name = {"qtp": "qtp1306854275-%d" % r.randint(14, 61), "main": "main", "coreLoad": "coreLoadExecutor-9-thread-%d-processing-n:%s" % (r.randint(1, 3), NODE),
            "commit": "commitScheduler-%d-thread-1" % r.randint(18, 24), "searcher": "searcherExecutor-%d-thread-1-processing-n:%s" % (r.randint(14, 17), NODE),
            "zkCallback": "zkCallback-13-thread-%d" % r.randint(1, 6), "zkConn": "main-EventThread", "recovery": "recoveryExecutor-11-thread-1-processing-n:" + NODE,
            "shutdown": "ShutdownMonitor", "coreClose": "coreCloseExecutor-%d-thread-1" % r.randint(60, 64)}[th]
    if ev.meta["core"]:
        c = [c for c in CORES if c[3] == CUR[0]][0] if CUR else r.choice(CORES)
        mdc = "c:%s s:%s r:%s x:%s" % c
    else:
        mdc = "   "
    del CUR[:]
    return "%s.%03d %-5s (%s) [%s] %s " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ev.meta["lv"], name, mdc, ev.meta["lg"])
