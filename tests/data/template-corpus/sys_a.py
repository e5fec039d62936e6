# Systems 1-4: Supercomputer, Coordinator, WebServer, Compute
import datetime
from gen_common import E, CHAIN, Event, I, F, C, P, H, uuid, ip, IPG, ctxval


def loc(r):
    return "R%02d-M%d-N%d-C:J%02d-U%02d" % (r.randint(0, 47), r.randint(0, 1), r.randint(0, 9),
                                           r.randint(2, 17), r.randint(1, 2))


def supercomputer(r):
    nodes = [loc(r) for _ in range(60)]
    users = ["hpcops", "jwalker", "mchen", "sgupta", "lmorales", "tkato", "abrown"]
    parts = ["R%02d-M%d" % (r.randint(0, 47), r.randint(0, 1)) for _ in range(8)] + ["LANL-%d" % i for i in range(3)]
    jobs = [str(r.randint(100000, 999999)) for _ in range(40)]
    K, A, L, M, S = "KERNEL", "APP", "LINK", "MONITOR", "MMCS"
    items = [
        E(320, "corrected L2 cache ECC error at physical address 0x{}", H(8), co=K, lv="INFO"),
        E(260, "corrected {} DDR single-symbol errors on rank {}", I(1, 48), I(0, 3), co=K, lv="INFO"),
        E(210, "floating point alignment traps: {} since last report", I(1, 9000), co=K, lv="INFO"),
        E(120, "icache line parity error scrubbed in core {}", I(0, 3), co=K, lv="INFO"),
        E(90, "torus link {} retransmitted {} packets after CRC mismatch", C("X+", "X-", "Y+", "Y-", "Z+", "Z-"),
          I(1, 500), co=L, lv="INFO"),
        E(80, "job {} started on partition {} with {} nodes by user {}", P(jobs), P(parts), C("32", "64", "128", "512", "1024"),
          P(users), co=A, lv="INFO"),
        E(75, "job {} ended with exit status {} after {} seconds", P(jobs), C("0", "0", "0", "1", "137", "139"), I(3, 86000),
          co=A, lv="INFO"),
        E(60, "ciod: accepted control connection from {}:{}", IPG("172.30"), I(30000, 60999), co=A, lv="INFO"),
        E(40, "ciod: failed to read message prefix on control stream (socket={}): Connection reset by peer", I(5, 90),
          co=A, lv="FATAL", label="APPREAD"),
        E(18, "ciod: Error loading {}: program image too big, {} > {}",
          C("/home/jwalker/bin/lattice.x", "/g/mchen/run/cfd_solver", "/scratch/sgupta/md/namd3"), I(600000000, 900000000),
          I(500000000, 536870912), co=A, lv="FATAL", label="APPTOOBIG"),
        E(12, "ciod: LOGIN chdir({}) failed: No such file or directory",
          C("/scratch/tkato/run12", "/g/abrown/out", "/home/lmorales/wk/case4"), co=A, lv="FATAL", label="APPCHDIR"),
        E(25, "ciod: {} of {} I/O nodes ready for job {}", I(1, 16), C("16", "32"), P(jobs), co=A, lv="INFO"),
        E(14, "rts: kernel terminated for reason {}", C("1004", "1001", "1002"), co=K, lv="FATAL", label="KERNTERM"),
        E(10, "data TLB error interrupt at address 0x{}", H(8), co=K, lv="FATAL", label="KERNDTLB"),
        E(8, "program interrupt: illegal instruction at 0x{}", H(8), co=K, lv="FATAL", label="KERNPROG"),
        E(9, "machine check interrupt on core {}: MCSR=0x{} MCAR=0x{}", I(0, 3), H(8), H(8), co=K, lv="FATAL",
          label="KERNMC"),
        E(6, "register dump: lr=0x{} cr=0x{} xer=0x{} ctr=0x{}", H(8), H(8), H(8), H(8), co=K, lv="FATAL", label="KERNMC"),
        E(30, "link card {} lost sync on port {}, retraining", C("R01-M1-L0", "R07-M0-L2", "R22-M1-L3", "R30-M0-L1"),
          I(0, 23), co=L, lv="WARNING"),
        E(28, "link training completed on {} ports in {} ms", I(1, 24), I(40, 900), co=L, lv="INFO"),
        E(22, "fan module {} speed {} RPM below threshold {} RPM", C("R04-M0-F1", "R11-M1-F0", "R33-M0-F2"), I(1200, 2999),
          C("3000", "3200"), co=M, lv="WARNING"),
        E(35, "temperature sensor {} reads {} C", C("R02-M0-N3-T0", "R14-M1-N8-T1", "R40-M0-N0-T0", "R09-M1-N5-T1"),
          F(28, 61, 1), co=M, lv="INFO"),
        E(5, "power supply {} output voltage {} V out of range", C("R16-B-P2", "R03-T-P0"), F(46.0, 49.5, 2), co=M,
          lv="SEVERE", label="MONPOWER"),
        E(15, "idoproxy: connection to service node {} lost, reconnecting in {} s", C("sn1", "sn2", "bgsn"), C("5", "10", "30"),
          co=S, lv="WARNING"),
        E(24, "boot of block {} completed in {} seconds", P(parts), I(90, 600), co=S, lv="INFO"),
        E(22, "block {} freed by {}", P(parts), P(users), co=S, lv="INFO"),
        E(11, "node {} failed to respond to heartbeat, marking as unavailable", P(nodes), co=S, lv="SEVERE",
          label="MMCSHB"),
        E(7, "cache line store buffer overflow, {} entries dropped", I(1, 64), co=K, lv="WARNING"),
        E(13, "DDR failing data registers: 0x{} 0x{}", H(8), H(8), co=K, lv="SEVERE"),
        E(-1, "kernel panic: {}", C("unable to mount root filesystem on nfs"), co=K, lv="FATAL", label="KERNPAN"),
        E(9, "external input interrupt (unit=0x{} bit=0x{}): {}", C("02", "0a", "0b"), H(2),
          C("uncorrectable torus error", "tree header with no target waiting", "collective receive fifo overflow"),
          co=K, lv="FATAL", label="KERNEXT"),
        E(8, "mount of {} on {} failed: {}", C("/p/gscratch1", "/home", "/g/proj"), P(nodes),
          C("Connection timed out", "No route to host", "Stale file handle"), co=A, lv="FATAL", label="APPMNT"),
        E(6, "bit steering enabled on {} for failing lane {}", C("R05-M1-L1", "R19-M0-L2"), I(0, 15), co=L, lv="WARNING"),
        E(5, "L3 directory parity error corrected in bank {}", I(0, 7), co=K, lv="INFO"),
        E(-2, "ddr: activating redundant bit steering for rank {} symbol {}", I(0, 3), I(0, 35), co=K, lv="WARNING"),
        E(12, "NFS server {} not responding, still trying", C("fs-io1", "fs-io2", "nfs-home"), co=K, lv="WARNING"),
        E(10, "NFS server {} OK", C("fs-io1", "fs-io2", "nfs-home"), co=K, lv="INFO"),
        E(-1, "shutdown complete", co=K, lv="INFO"),
        E(4, "ciod: duplicate canonical-rank {} to logical-rank {} mapping at line {} of node map file {}", I(0, 1023),
          I(0, 1023), I(2, 1024), C("/g/mchen/maps/torus_8x8x16.map", "/home/jwalker/rankfile"), co=A, lv="FATAL",
          label="APPMAP"),
        E(20, "memory manager: {} of {} MB free after job {} cleanup", I(200, 511), C("512"), P(jobs), co=K, lv="INFO"),
        E(6, "torus sender {} retransmission timeout, link reset", C("X+", "X-", "Y+", "Y-", "Z+", "Z-"), co=L,
          lv="WARNING"),
        E(-1, "ddr: {} uncorrectable errors on rank {}, node will be drained", I(1, 4), I(0, 3), co=K, lv="FATAL",
          label="KERNDDR"),
        E(10, "job {} killed by signal {}", P(jobs), C("9", "15", "6"), co=A, lv="WARNING"),
        E(16, "partition {} state changed to {}", P(parts), C("FREE", "BOOTING", "INITIALIZED", "TERMINATING", "ERROR"),
          co=S, lv="INFO"),
        E(3, "service action {} started on {} by {}", I(100, 999), C("R05-M1-N3", "R21-M0-N12", "R33-M1"),
          C("hpcops"), co=S, lv="INFO"),
        E(3, "service action {} completed", I(100, 999), co=S, lv="INFO"),
        E(-2, "clock card {} switched to {} reference", C("R00-K", "R24-K"), C("secondary", "primary"), co=M, lv="WARNING"),
        E(8, "power module {} reports status 0x{}", C("R16-B-P2", "R03-T-P0", "R27-B-P1"), H(4), co=M, lv="INFO"),
    ]

    def header(r, t, ev, ctx):
        epoch = int((t - datetime.datetime(1970, 1, 1)).total_seconds())
        return "%s %d %s %s RAS %s %s " % (ev.hdr.get("label", "-"), epoch, r.choice(nodes),
                                           t.strftime("%Y-%m-%d-%H.%M.%S.%f"), ev.hdr["co"], ev.hdr["lv"])
    fmt = "<Label> <Epoch> <Node> <Timestamp> <Type> <Component> <Level> <Content>"
    return items, header, fmt, datetime.datetime(2026, 11, 14, 6, 0, 0), (0, 60000)


def coordinator(r):
    clients = [ip(r, "10.20") for _ in range(25)]
    peers = ["10.20.0.11", "10.20.0.12", "10.20.0.13", "10.20.0.14", "10.20.0.15"]
    sess = ["%x" % r.getrandbits(60) for _ in range(60)]
    port = I(32768, 60999)
    NIO = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn"
    SRV = "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:CoordServer"
    QP = "QuorumPeer[myid=3]/0.0.0.0:2181"
    items = [
        E(330, "Accepted socket connection from /{}:{}", P(clients), port, th=NIO + "Factory@211", lv="INFO"),
        E(150, "Client attempting to establish new session at /{}:{}", P(clients), port, th=SRV + "@874", lv="INFO"),
        E(150, "Established session 0x{} with negotiated timeout {} for client /{}:{}", P(sess), C("30000", "40000", "10000"),
          P(clients), port, th="CommitProcessor:3:CoordServer@629", lv="INFO"),
        E(300, "Closed socket connection for client /{}:{} which had sessionid 0x{}", P(clients), port, P(sess),
          th=NIO + "@1041", lv="INFO"),
        E(60, "Closed socket connection for client /{}:{} (no session established for client)", P(clients), port,
          th=NIO + "@1041", lv="INFO"),
        E(110, "Processed session termination for sessionid: 0x{}", P(sess), th="ProcessThread(sid:3 cport:-1)::PrepRequestProcessor@486",
          lv="INFO"),
        E(70, "Expiring session 0x{}, timeout of {}ms exceeded", P(sess), C("30000", "40000", "10000"),
          th="SessionTracker:CoordServer@347", lv="INFO"),
        E(90, "caught end of stream exception", th=NIO + "@357", lv="WARN"),
        E(30, "Exception causing close of session 0x{}: {}", P(sess),
          C("Connection reset by peer", "Broken pipe", "Len error 1073741825"), th=NIO + "@368", lv="WARN"),
        E(25, "Client attempting to renew session 0x{} at /{}:{}", P(sess), P(clients), port, th=SRV + "@861", lv="INFO"),
        E(8, "Connection request from old client /{}:{}; will be dropped if server is in r-o mode", P(clients), port,
          th=SRV + "@839", lv="INFO"),
        E(10, "Snapshotting: 0x{} to {}", H(9), C("/var/lib/coord/version-2/snapshot.%x" % r.getrandbits(36),
                                                  "/var/lib/coord/version-2/snapshot.%x" % r.getrandbits(36)),
          th="SyncThread:3:FileTxnSnapLog@253", lv="INFO"),
        E(10, "Creating new log file: log.{}", H(9), th="SyncThread:3:FileTxnLog@216", lv="INFO"),
        E(9, "New election. My id = {}, proposed zxid=0x{}", C("3"), H(9), th=QP + ":FastLeaderElection@815", lv="INFO"),
        E(40, "Vote received: leader={} zxid=0x{} round=0x{} state={} from sid={} (my state {})", I(1, 5), H(9), I(1, 30),
          C("LOOKING", "FOLLOWING", "LEADING"), I(1, 5), C("LOOKING", "FOLLOWING", "LEADING"),
          th="WorkerReceiver[myid=3]:FastLeaderElection@602", lv="INFO"),
        E(5, "Peer state changed: LOOKING", th=QP + ":QuorumPeer@738", lv="INFO"),
        E(4, "Peer state changed: FOLLOWING", th=QP + ":QuorumPeer@750", lv="INFO"),
        E(3, "Peer state changed: LEADING", th=QP + ":QuorumPeer@762", lv="INFO"),
        E(3, "Quorum of supporters reached, sids: {}; last processed zxid 0x{}", C("[1, 2, 3]", "[2, 3, 5]", "[1, 3, 4, 5]"),
          H(9), th=QP + ":Leader@399", lv="INFO"),
        E(6, "Leader election completed in {} ms", I(30, 4000), th=QP + ":QuorumPeer@781", lv="INFO"),
        E(5, "Follower {} connected from {}:{}, last zxid 0x{}", I(1, 5), P(peers), port, H(9),
          th="LearnerHandler-/10.20.0.12:41234:LearnerHandler@329", lv="INFO"),
        E(5, "Synchronizing with follower sid {} using {} (peerLastZxid=0x{})", I(1, 5), C("DIFF", "SNAP", "TRUNC"), H(9),
          th="LearnerHandler-/10.20.0.12:41234:LearnerHandler@466", lv="INFO"),
        E(35, "Cannot open channel to {} at election address /{}:{}", I(1, 5), P(peers), C("3888"),
          th="WorkerSender[myid=3]:QuorumCnxManager@400", lv="WARN"),
        E(12, "Send worker leaving for sid {}", I(1, 5), th="SendWorker:1:QuorumCnxManager$SendWorker@689", lv="WARN"),
        E(12, "Interrupted while waiting for message on queue", th="SendWorker:1:QuorumCnxManager$SendWorker@676", lv="WARN"),
        E(14, "Received connection request /{}:{}", P(peers), port, th="/10.20.0.13:3888:QuorumCnxManager$Listener@511",
          lv="INFO"),
        E(3, "Getting a snapshot from leader 0x{}", H(9), th=QP + ":Learner@332", lv="INFO"),
        E(4, "Getting a diff from the leader 0x{}", H(9), th=QP + ":Learner@329", lv="INFO"),
        E(-2, "Reading snapshot {}", C("/var/lib/coord/version-2/snapshot.%x" % r.getrandbits(36)),
          th="main:FileSnap@83", lv="INFO"),
        E(-1, "Unexpected exception causing shutdown while sock still open", th=QP + ":Follower@93", lv="ERROR"),
        E(-2, "Shutting down", th=QP + ":CoordServer@432", lv="INFO"),
        E(-1, "tickTime set to {}", C("2000"), th="main:CoordServer@801", lv="INFO"),
        E(-1, "minSessionTimeout set to {}", C("4000"), th="main:CoordServer@810", lv="INFO"),
        E(-1, "maxSessionTimeout set to {}", C("40000"), th="main:CoordServer@819", lv="INFO"),
        E(3, "Purge task started.", th="PurgeTask:DatadirCleanupManager$PurgeTask@138", lv="INFO"),
        E(3, "Purge task completed.", th="PurgeTask:DatadirCleanupManager$PurgeTask@144", lv="INFO"),
        E(9, "Too many connections from /{} - max is {}", P(clients), C("60"), th=NIO + "Factory@193", lv="WARN"),
        E(40, "Request failed for session 0x{}: type={} path={} error={}", P(sess), C("create", "delete", "setData", "multi"),
          C("/services/api/lock-0000000012", "/brokers/ids/3", "/config/topics/orders", "/election/leader"),
          C("KeeperErrorCode = NoNode", "KeeperErrorCode = NodeExists", "KeeperErrorCode = BadVersion"),
          th="ProcessThread(sid:3 cport:-1)::PrepRequestProcessor@653", lv="INFO"),
        E(6, "Slow fsync of transaction log: {} ms (threshold {} ms)", I(1000, 9000), C("1000"),
          th="SyncThread:3:FileTxnLog@341", lv="WARN"),
        E(18, "Revalidating client: 0x{}", P(sess), th="QuorumPeer[myid=3]/0.0.0.0:2181:Learner@116", lv="INFO"),
        E(-2, "Got zxid 0x{} expected 0x{}", H(9), H(9), th=QP + ":Learner@375", lv="WARN"),
        E(4, "Learner {} reconnected, resending {} proposals", I(1, 5), I(0, 300),
          th="LearnerHandler-/10.20.0.14:52210:LearnerHandler@512", lv="INFO"),
        E(22, "Committing global session 0x{}", P(sess), th="CommitProcessor:3:LeaderSessionTracker@104", lv="INFO"),
        E(7, "Closing connection to peer {} due to read timeout of {} ms", I(1, 5), C("5000"),
          th="RecvWorker:2:QuorumCnxManager$RecvWorker@1230", lv="WARN"),
        E(-1, "Digest mismatch at zxid 0x{}: expected {} actual {}", H(9), I(10 ** 9, 4 * 10 ** 9), I(10 ** 9, 4 * 10 ** 9),
          th="SyncThread:3:DataTree@1718", lv="ERROR"),
        E(-1, "Snapshot loaded in {} ms, highest zxid is 0x{}, digest is {}", I(40, 900), H(9), I(10 ** 9, 4 * 10 ** 9),
          th="main:CoordDatabase@290", lv="INFO"),
    ]

    def header(r, t, ev, ctx):
        return "%s,%03d - %-5s [%s] - " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ev.hdr["lv"],
                                          ev.hdr["th"])
    fmt = "<Date> <Time> - <Level> \\[<Thread>\\] - <Content>"
    return items, header, fmt, datetime.datetime(2026, 11, 30, 14, 2, 11), (0, 20000)


def webserver(r):
    clients = [ip(r, str(r.choice([24, 66, 81, 203, 212]))) for _ in range(40)]
    roots = ["/var/www/html", "/srv/www/shop", "/var/www/wiki"]
    missing = ["favicon.ico", "robots.txt", "wp-login.php", "phpmyadmin", ".env", "images/logo_small.png",
               "admin/config.php", "cgi-bin/test.cgi", "apple-touch-icon.png", "xmlrpc.php", "sitemap.xml",
               "old/index.html", "css/print.css", ".git/config"]

    def path(r):
        return "%s/%s" % (r.choice(roots), r.choice(missing))
    cl = P(clients)
    items = [
        E(380, "[client {}] File does not exist: {}", cl, path, lv="error"),
        E(120, "[client {}] client denied by server configuration: {}", cl,
          C("/var/www/html/server-status", "/srv/www/shop/.htaccess", "/var/www/wiki/config", "/var/www/html/.git"),
          lv="error"),
        E(40, "[client {}] Directory index forbidden by rule: {}", cl, C("/var/www/html/images/", "/srv/www/shop/uploads/",
                                                                          "/var/www/wiki/skins/"), lv="error"),
        E(35, "[client {}] script not found or unable to stat: {}", cl,
          C("/usr/lib/cgi-bin/php", "/usr/lib/cgi-bin/awstats.pl", "/var/www/cgi-bin/login.cgi"), lv="error"),
        E(10, "[client {}] Invalid URI in request {}", cl,
          C("GET /../../../etc/passwd HTTP/1.1", "GET /%2e%2e/%2e%2e/boot.ini HTTP/1.0", "POST /cgi-bin/../../bin/sh HTTP/1.1"),
          lv="error"),
        E(25, "[client {}] request failed: error reading the headers", cl, lv="error"),
        E(20, "[client {}] Premature end of script headers: {}", cl, C("report.cgi", "index.php", "search.pl"), lv="error"),
        E(15, "[client {}] (13)Permission denied: access to {} denied", cl, C("/private/", "/shop/admin/", "/wiki/data/"),
          lv="error"),
        E(18, "[client {}] user {} not found: {}", cl, C("admin", "test", "guest", "oracle", "webmaster"),
          C("/private/", "/shop/admin/"), lv="error"),
        E(12, "[client {}] user {}: authentication failure for \"{}\": Password Mismatch", cl, C("editor", "mlee", "ops"),
          C("/private/", "/shop/admin/"), lv="error"),
        E(16, "[client {}] mod_sec: request blocked by rule {} ({}) [uri \"{}\"]", cl, I(900000, 990000),
          C("SQL Injection Attack Detected", "Remote Command Execution", "Scanner detected"),
          C("/index.php", "/search", "/shop/cart.php"), lv="error"),
        CHAIN(22, [Event("child pid {} exit signal {} ({})", [I(1000, 32000), ctxval("sig"), ctxval("signo")],
                         lv="notice")],
              lambda r: dict(zip(("sig", "signo"), r.choice([("Segmentation fault", "11"), ("Segmentation fault", "11"),
                                                              ("Bus error", "7"), ("Aborted", "6")])))),
        E(6, "server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", lv="error"),
        E(140, "scoreboard: child {} took slot {} (generation {})", I(1000, 32000), I(0, 255), I(1, 9), lv="notice"),
        E(130, "scoreboard: slot {} released by child {}", I(0, 255), I(1000, 32000), lv="notice"),
        E(60, "mod_connector: worker {} initialised with {} connections to {}:{}", C("app1", "app2", "search"), C("8", "16"),
          C("127.0.0.1", "10.9.0.21", "10.9.0.22"), C("8009", "8010"), lv="notice"),
        E(45, "mod_connector: worker {} in error state, retrying in {} seconds", C("app1", "app2", "search"), C("60", "30"),
          lv="error"),
        E(8, "mod_connector: all workers for balancer {} are in error state", C("shop", "wiki"), lv="error"),
        E(5, "caught SIGTERM, shutting down", lv="notice"),
        E(4, "SIGHUP received.  Attempting to restart", lv="notice"),
        E(5, "{} configured -- resuming normal operations", C("Apache/2.4.62 (Unix) OpenSSL/3.0.13 mod_fcgid/2.3.9"),
          lv="notice"),
        E(-2, "Server built: {}", C("Nov 30 2026 11:02:33"), lv="notice"),
        E(4, "Digest: generating secret for digest authentication ...", lv="notice"),
        E(4, "Digest: done", lv="notice"),
        E(9, "mod_fcgid: process {} graceful kill fail, sending SIGKILL", I(1000, 32000), lv="warn"),
        E(14, "mod_fcgid: server {} started, pid {}", C("/var/www/shop/dispatch.fcgi", "/usr/lib/cgi-bin/php-wrapper"),
          I(1000, 32000), lv="info"),
        E(12, "(104)Connection reset by peer: core_output_filter: writing data to the network", lv="info"),
        E(-1, "long lost child came home! (pid {})", I(1000, 32000), lv="warn"),
        E(3, "scoreboard is full, not at MaxRequestWorkers", lv="error"),
        E(-1, "[client {}] File name too long: {}", cl, C("/var/www/html/" + "a" * 40 + "/index.html"), lv="error"),
        E(7, "mod_ssl: SSL library error {} in handshake (server {}:{}, client {})", C("1", "5"),
          C("shop.example.org", "wiki.example.org"), C("443"), cl, lv="info"),
        E(-2, "[client {}] Request exceeded the limit of {} internal redirects due to probable configuration error.", cl,
          C("10"), lv="error"),
        E(3, "child process {} still did not exit, sending a SIGTERM", I(1000, 32000), lv="warn"),
        E(-1, "could not make child process {} exit, attempting to continue anyway", I(1000, 32000), lv="error"),
        E(30, "[client {}] PHP Warning:  {} in {} on line {}", cl,
          C("Undefined variable $cart", "Trying to access array offset on value of type null",
            "mysqli_connect(): (HY000/2002): Connection refused", "Division by zero"),
          C("/srv/www/shop/cart.php", "/srv/www/shop/lib/db.php", "/var/www/wiki/index.php"), I(12, 900), lv="error"),
        E(24, "[client {}] PHP Notice:  Undefined index: {} in {} on line {}", cl, C("page", "sort", "lang", "HTTP_REFERER"),
          C("/srv/www/shop/search.php", "/var/www/wiki/skins/main.php"), I(12, 900), lv="error"),
        E(8, "[client {}] Timeout waiting for output from CGI script {}", cl,
          C("/usr/lib/cgi-bin/awstats.pl", "/var/www/cgi-bin/report.cgi"), lv="error"),
        E(5, "[client {}] attempt to invoke directory as script: {}", cl, C("/usr/lib/cgi-bin/", "/var/www/cgi-bin/old/"),
          lv="error"),
        E(3, "Graceful restart requested, doing restart", lv="notice"),
        E(4, "server seems busy, (you may need to increase StartServers, or Min/MaxSpareServers), spawning {} children, "
             "there are {} idle, and {} total children", C("8", "16", "32"), I(0, 9), I(60, 250), lv="info"),
    ]

    def header(r, t, ev, ctx):
        return "[%s] [%s] " % (t.strftime("%a %b %d %H:%M:%S %Y"), ev.hdr["lv"])
    fmt = "\\[<Time>\\] \\[<Level>\\] <Content>"
    return items, header, fmt, datetime.datetime(2026, 11, 29, 3, 12, 40), (0, 15000)


def compute(r):
    insts = [uuid(r) for _ in range(45)]
    users = ["%032x" % r.getrandbits(128) for _ in range(4)]
    projs = ["%032x" % r.getrandbits(128) for _ in range(4)]
    images = ["%040x" % r.getrandbits(160) for _ in range(6)]
    node = "cmp-r4-17.cloud.internal"
    inst = P(insts)
    base = lambda r: "/var/lib/nova/instances/_base/" + r.choice(images)
    CM, API, LV, RT = "nova.compute.manager", "nova.osapi_compute.wsgi.server", "nova.virt.libvirt.driver", \
        "nova.compute.resource_tracker"
    IC, CL = "nova.virt.libvirt.imagecache", "nova.compute.claims"

    def api_call(r):
        p, i = r.choice(projs), r.choice(insts)
        m, path, st = r.choice([
            ("GET", "/v2.1/%s/servers/detail" % p, "200"), ("GET", "/v2.1/%s/servers/detail" % p, "200"),
            ("GET", "/v2.1/%s/servers/%s" % (p, i), "200"), ("GET", "/v2.1/%s/servers/%s" % (p, i), "404"),
            ("GET", "/v2.1/%s/os-hypervisors/detail" % p, "200"), ("GET", "/v2.1/%s/flavors/detail" % p, "200"),
            ("POST", "/v2.1/%s/servers" % p, "202"), ("POST", "/v2.1/%s/servers/%s/action" % (p, i), "202"),
            ("DELETE", "/v2.1/%s/servers/%s" % (p, i), "204")])
        n = {"200": r.randint(300, 9000), "404": r.randint(70, 120), "202": r.randint(0, 900), "204": 0}[st]
        return {"m": m, "p": path, "s": st, "n": str(n)}
    items = [
        E(560, "{} \"{} {} HTTP/1.1\" status: {} len: {} time: {}", IPG("10.11"), ctxval("m"), ctxval("p"), ctxval("s"),
          ctxval("n"), F(0.05, 2.5, 7), setup=api_call, co=API, lv="INFO", req=1),
        E(45, "[instance: {}] VM Started (Lifecycle Event)", inst, co=CM, lv="INFO"),
        E(40, "[instance: {}] VM Stopped (Lifecycle Event)", inst, co=CM, lv="INFO"),
        E(20, "[instance: {}] VM Paused (Lifecycle Event)", inst, co=CM, lv="INFO"),
        E(20, "[instance: {}] VM Resumed (Lifecycle Event)", inst, co=CM, lv="INFO"),
        E(45, "[instance: {}] Took {} seconds to spawn the instance on the hypervisor.", inst, F(8, 40, 2), co=CM, lv="INFO",
          req=1),
        E(45, "[instance: {}] Took {} seconds to build instance.", inst, F(9, 45, 2), co=CM, lv="INFO", req=1),
        E(40, "[instance: {}] Took {} seconds to destroy the instance on the hypervisor.", inst, F(0.2, 3, 2), co=LV,
          lv="INFO", req=1),
        E(40, "[instance: {}] Terminating instance", inst, co=CM, lv="INFO", req=1),
        E(48, "[instance: {}] Attempting claim: memory {} MB, disk {} GB, vcpus {} CPU", inst, C("2048", "4096", "8192"),
          C("20", "40", "80"), C("1", "2", "4"), co=CL, lv="INFO", req=1),
        E(46, "[instance: {}] Claim successful", inst, co=CL, lv="INFO", req=1),
        E(45, "[instance: {}] Creating image", inst, co=LV, lv="INFO", req=1),
        E(38, "[instance: {}] Deleting instance files {}", inst, lambda r: "/var/lib/nova/instances/" + r.choice(insts) + "_del",
          co=LV, lv="INFO", req=1),
        E(38, "[instance: {}] Deletion of {} complete", inst, lambda r: "/var/lib/nova/instances/" + r.choice(insts) + "_del",
          co=LV, lv="INFO", req=1),
        E(12, "[instance: {}] During sync_power_state the instance has a pending task ({}). Skip.", inst,
          C("spawning", "deleting", "rebooting"), co=CM, lv="INFO"),
        E(70, "Auditing locally available compute resources for node {}", C(node), co=RT, lv="INFO"),
        E(68, "Total usable vcpus: {}, total allocated vcpus: {}", C("48"), I(0, 48), co=RT, lv="INFO"),
        E(68, "Final resource view: name={} phys_ram={}MB used_ram={}MB phys_disk={}GB used_disk={}GB total_vcpus={} "
              "used_vcpus={} pci_stats={}", C(node), C("257842"), I(512, 200000), C("1862"), I(0, 1400), C("48"),
          I(0, 48), C("[]", "[]", "[PciDevicePool(count=2,numa_node=0,product_id='1df6',vendor_id='10de')]"),
          co=RT, lv="INFO"),
        E(66, "Compute_service record updated for {}:{}", C("cmp-r4-17"), C(node), co=RT, lv="INFO"),
        E(6, "Running instance usage audit for host {} from {} to {}. {} instances.", C("cmp-r4-17"),
          ctxval("a"), ctxval("b"), I(3, 40), co=CM, lv="INFO", setup=lambda r: (lambda h: {
              "a": "2026-12-01 %02d:00:00" % h, "b": "2026-12-01 %02d:00:00" % (h + 1)})(r.randint(0, 22))),
        E(55, "image {} at ({}): checking", P(images), base, co=IC, lv="INFO"),
        E(50, "image {} at ({}): in use: on this node {} local, {} on other nodes sharing this instance storage",
          P(images), base, I(1, 9), I(0, 3), co=IC, lv="INFO"),
        E(30, "Active base files: {}", base, co=IC, lv="INFO"),
        E(10, "Removable base files: {}", base, co=IC, lv="INFO"),
        E(8, "Base or swap file too young to remove: {}", base, co=IC, lv="INFO"),
        E(6, "Unknown base file: {}", base, co=IC, lv="INFO"),
        E(40, "[instance: {}] Instance spawned successfully.", inst, co=LV, lv="INFO"),
        E(38, "[instance: {}] Instance destroyed successfully.", inst, co=LV, lv="INFO"),
        E(4, "[instance: {}] Rebooting instance", inst, co=CM, lv="INFO", req=1),
        E(-2, "[instance: {}] Instance failed to spawn", inst, co=CM, lv="ERROR", req=1),
        E(3, "[instance: {}] Instance shutdown by itself. Calling the stop API. Current vm_state: {}, current task_state: {}, "
             "original DB power_state: {}, current VM power_state: {}", inst, C("active"), C("None"), C("1"), C("4"),
          co=CM, lv="WARNING"),
        E(14, "HTTP exception thrown: Instance {} could not be found.", inst, co="nova.api.openstack.wsgi", lv="INFO",
          req=1),
        E(9, "[instance: {}] Attaching volume {} to {}", inst, uuid, C("/dev/vdb", "/dev/vdc"), co=CM, lv="INFO", req=1),
        E(7, "[instance: {}] Detach volume {} from mountpoint {}", inst, uuid, C("/dev/vdb", "/dev/vdc"), co=CM, lv="INFO",
          req=1),
        E(30, "Lock \"{}\" acquired by \"{}\" :: waited {}s", C("compute_resources", "refresh_cache-" + insts[0]),
          C("nova.compute.resource_tracker.ResourceTracker._update_available_resource",
            "nova.compute.resource_tracker.ResourceTracker.instance_claim"), F(0, 2, 3),
          co="oslo_concurrency.lockutils", lv="DEBUG"),
        E(30, "Lock \"{}\" released by \"{}\" :: held {}s", C("compute_resources", "refresh_cache-" + insts[0]),
          C("nova.compute.resource_tracker.ResourceTracker._update_available_resource",
            "nova.compute.resource_tracker.ResourceTracker.instance_claim"), F(0, 2, 3),
          co="oslo_concurrency.lockutils", lv="DEBUG"),
        E(-1, "Error during ComputeManager._run_image_cache_manager_pass: {}",
          C("Timed out waiting for a reply to message ID 5c0f1d5e8a8a4e55b9b5d2d3f0b7a3c1"), co=CM, lv="ERROR"),
        E(5, "[instance: {}] Migrating instance to {} finished successfully.", inst, C("cmp-r4-09", "cmp-r2-03"),
          co=CM, lv="INFO", req=1),
        E(-1, "[instance: {}] Instance has been moved to another host {}({}). There are allocations remaining against the "
              "source host that might need to be removed: {}.", inst, C("cmp-r2-03"), C("cmp-r2-03.cloud.internal"),
          C("{'resources': {'VCPU': 2, 'MEMORY_MB': 4096, 'DISK_GB': 40}}"), co=CM, lv="WARNING"),
        E(-2, "Skipping network cache update for instance because it is being deleted.", co=CM, lv="INFO"),
        E(6, "[instance: {}] Starting instance...", inst, co=CM, lv="INFO", req=1),
        E(4, "[instance: {}] Snapshot image upload complete", inst, co=LV, lv="INFO", req=1),
        E(12, "[instance: {}] Updating instance_info_cache with network_info: {}", inst, lambda r: (
            '[{"id": "%s", "address": "fa:16:3e:%02x:%02x:%02x", "network": {"label": "private", "subnets": '
            '[{"cidr": "192.168.0.0/24", "ips": [{"address": "192.168.0.%d", "type": "fixed"}]}]}, "type": "ovs", '
            '"active": true}]' % (uuid(r), r.randint(0, 255), r.randint(0, 255), r.randint(0, 255), r.randint(2, 250))),
          co="nova.network.neutron", lv="DEBUG"),
        E(9, "[instance: {}] Successfully plugged vif {}", inst, lambda r: (
            "VIFOpenVSwitch(active=False,address=fa:16:3e:%02x:%02x:%02x,bridge_name='br-int',has_traffic_filtering=True,"
            "id=%s,network=Network(%s),plugin='ovs',port_profile=VIFPortProfileOpenVSwitch,preserve_on_delete=False,"
            "vif_name='tap%s')" % (r.randint(0, 255), r.randint(0, 255), r.randint(0, 255), uuid(r), uuid(r),
                                   "%011x" % r.getrandbits(44))), co="os_vif", lv="INFO", req=1),
    ]

    def header(r, t, ev, ctx):
        if ev.hdr.get("req"):
            c = "req-%s %s %s - - -" % (uuid(r), r.choice(users), r.choice(projs))
        else:
            c = "-"
        pid = {API: 25746}.get(ev.hdr["co"], 2931)
        return "%s.%03d %d %s %s [%s] " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, pid, ev.hdr["lv"],
                                          ev.hdr["co"], c)
    fmt = "<Date> <Time> <Pid> <Level> <Component> \\[<Context>\\] <Content>"
    return items, header, fmt, datetime.datetime(2026, 12, 1, 9, 0, 3), (0, 5000)
