"""Etcd: member `etcd-2` of a three-member etcd 3.3 cluster behind a Kubernetes API server, logging through capnslog's
default formatter `2006-01-02 15:04:05.000000 I | pkg: message` (date, time with microseconds, one-letter level
C/E/W/N/I/D, a `|`, and the repository logger's package name). Start-up (version banner, member restart from WAL,
peer streams), steady state (slow read-only ranges, heartbeats, snapshots, compaction, WAL segments, peer stream
losses, a leader election), shut-down on SIGTERM."""
from gen_common import E, ip, hexs, turn

NAME = "Etcd"
LAYOUT = "<Date> <Time> <Level> \\| <Component>: <Content>"

ME = "8e9e05c52164694d"
PEERS = ["91bc3c398fb3c146", "fd422379fda50e48"]
ALLM = [ME] + PEERS
PEER_URL = {ME: "https://10.0.4.12:2380", PEERS[0]: "https://10.0.4.11:2380", PEERS[1]: "https://10.0.4.13:2380"}
CLUSTER = "cdf818194e3a8c32"


def ev(fmt, weight, gen=None, lv="I", pkg="etcdserver", **kw):
    return E(fmt, weight, gen, lv=lv, pkg=pkg, **kw)


def peer(r):
    return r.choice(PEERS)


def member(r):
    return r.choice(ALLM)


def dur(r, lo=0.1, hi=2.5):
    v = r.uniform(lo, hi)
    return "%.6fs" % v if v >= 1 else "%.6fms" % (v * 1000)


def key(r):
    return r.choice([
        "key:\\\"/registry/pods/%s/%s-%s\\\" " % (r.choice(["default", "shop", "kube-system", "monitoring"]), r.choice(["web", "api", "worker", "coredns"]), hexs(r, 5)),
        "key:\\\"/registry/leases/kube-node-lease/node-%d\\\" " % r.randint(1, 24),
        "key:\\\"/registry/services/endpoints/%s/%s\\\" " % (r.choice(["default", "shop"]), r.choice(["checkout", "catalog", "kubernetes"])),
        "key:\\\"/registry/configmaps/kube-system/\\\" range_end:\\\"/registry/configmaps/kube-system0\\\" ",
        "key:\\\"/registry/events/\\\" range_end:\\\"/registry/events0\\\" count_only:true ",
        "key:\\\"health\\\" ",
    ])


def result(r):
    return r.choice(["range_response_count:1 size:%d" % r.randint(300, 9000), "range_response_count:0 size:%d" % r.randint(5, 8),
                     "range_response_count:%d size:%d" % (r.randint(2, 400), r.randint(9000, 900000)), "error:context canceled", "error:etcdserver: request timed out"])


def term(r):
    return r.randint(11, 19)


def idx(r):
    return r.randint(48000000, 48999999)


EVENTS = [
    ev("etcd Version: {}", -1, lambda r: "3.3.25", pkg="etcdmain", pos="start"),
    ev("Git SHA: {}", -1, lambda r: "694728c", pkg="etcdmain", pos="start"),
    ev("Go Version: {}", -1, lambda r: "go1.12.17", pkg="etcdmain", pos="start"),
    ev("Go OS/Arch: {}", -1, lambda r: "linux/amd64", pkg="etcdmain", pos="start"),
    ev("setting maximum number of CPUs to {}, total number of available CPUs is {}", -1, lambda r: (4, 4), pkg="etcdmain", pos="start"),
    ev("the server is already initialized as member before, starting as etcd member...", -1, lambda r: (), lv="N", pkg="etcdmain", pos="start"),
    ev("peerTLS: cert = {}, key = {}, ca = {}, trusted-ca = {}, client-cert-auth = {}, crl-file = {}", -1,
       lambda r: ("/etc/etcd/pki/peer.crt", "/etc/etcd/pki/peer.key", "/etc/etcd/pki/ca.crt", "/etc/etcd/pki/ca.crt", "true", "/etc/etcd/pki/crl.pem"), pkg="embed", pos="start"),
    ev("listening for peers on {}", -1, lambda r: "https://10.0.4.12:2380", pkg="embed", pos="start"),
    ev("listening for client requests on {}", -2, lambda r: turn("etcd-client", ["127.0.0.1:2379", "10.0.4.12:2379"]), pkg="embed", pos="start"),
    ev("name = {}", -1, lambda r: "etcd-2", pos="start"),
    ev("data dir = {}", -1, lambda r: "/var/lib/etcd", pos="start"),
    ev("member dir = {}", -1, lambda r: "/var/lib/etcd/member", pos="start"),
    ev("heartbeat = {}ms", -1, lambda r: 100, pos="start"),
    ev("election = {}ms", -1, lambda r: 1000, pos="start"),
    ev("snapshot count = {}", -1, lambda r: 10000, pos="start"),
    ev("advertise client URLs = {}", -1, lambda r: "https://10.0.4.12:2379", pos="start"),
    ev("restarting member {} in cluster {} at commit index {}", -1, lambda r: (ME, CLUSTER, 48012277), pos="start"),
    ev("newRaft {} [peers: {}, term: {}, commit: {}, applied: {}, lastindex: {}, lastterm: {}]", -1,
       lambda r: (ME, "[]", 11, 48012277, 48010002, 48012277, 11), pkg="raft", pos="start"),
    ev("added member {} {} to cluster {}", -3, lambda r: (lambda m: (m, "[%s]" % PEER_URL[m], CLUSTER))(turn("etcd-add", ALLM)), pkg="etcdserver/membership", pos="start"),
    ev("set the initial cluster version to {}", -1, lambda r: "3.3", lv="N", pkg="etcdserver/membership", pos="start"),
    ev("starting server... [version: {}, cluster version: {}]", -1, lambda r: ("3.3.25", "3.3"), pos="start"),
    ev("starting peer {}...", -2, lambda r: turn("etcd-startp", PEERS), pkg="rafthttp", pos="start"),
    ev("started peer {}", -2, lambda r: turn("etcd-startedp", PEERS), pkg="rafthttp", pos="start"),
    ev("peer {} became active", -2, lambda r: turn("etcd-activep", PEERS), pkg="rafthttp", pos="start"),
    ev("established a TCP streaming connection with peer {} (stream {} reader)", -4,
       lambda r: (lambda k: (PEERS[k % 2], ["MsgApp v2", "Message"][k // 2]))(turn("etcd-est", [0, 1, 2, 3])), pkg="rafthttp", pos="start"),
    ev("published {} to cluster {}", -1, lambda r: ("{Name:etcd-2 ClientURLs:[https://10.0.4.12:2379]}", CLUSTER), pos="start"),
    ev("ready to serve client requests", -1, pkg="embed", pos="start"),
    ev("serving client requests on {}", -1, lambda r: "10.0.4.12:2379", lv="N", pkg="embed", pos="start"),
    # steady state
    ev("read-only range request \"{}\" with result \"{}\" took too long ({}) to execute", 300, lambda r: (key(r), result(r), dur(r, 0.1, 3.2)), lv="W"),
    ev("apply entries took too long [{} for {} entries]", 60, lambda r: (dur(r, 0.1, 1.8), r.choice([1, 1, 1, 2, 3, r.randint(4, 40)])), lv="W"),
    ev("avoid queries with large range/delete range!", 45, lv="W"),
    ev("failed to send out heartbeat on time (exceeded the {} timeout for {}, to {})", 70,
       lambda r: ("100ms", "%.6fms" % r.uniform(1, 900), peer(r)), lv="W"),
    ev("server is likely overloaded", 70, lv="W"),
    ev("sync duration of {}, expected less than {}", 30, lambda r: ("%.6fs" % r.uniform(1.0, 4.5), "1s"), lv="W", pkg="wal"),
    ev("timed out waiting for read index response (local node might have slow network)", 16, lv="W"),
    ev("failed to revoke {} (\"{}\")", 10, lambda r: (hexs(r, 16), r.choice(["lease not found", "etcdserver: request timed out"])), lv="W"),
    ev("start to snapshot (applied: {}, lastsnap: {})", 14, lambda r: (lambda a: (a, a - 10001))(idx(r))),
    ev("saved snapshot at index {}", 14, idx),
    ev("compacted raft log at {}", 14, idx),
    ev("purged file {} successfully", 24, lambda r: "/var/lib/etcd/member/snap/%016x-%016x.snap" % (r.randint(11, 15), idx(r)), pkg="pkg/fileutil"),
    ev("store.index: compact {}", 12, lambda r: r.randint(31000000, 31999999), pkg="mvcc"),
    ev("finished scheduled compaction at {} (took {})", 12, lambda r: (r.randint(31000000, 31999999), "%.6fms" % r.uniform(20, 900)), pkg="mvcc"),
    ev("segmented wal file {} is created", 6, lambda r: "/var/lib/etcd/member/wal/%016x-%016x.wal" % (r.randint(0x2a0, 0x2bf), idx(r)), pkg="wal"),
    ev("lost the TCP streaming connection with peer {} ({} reader)", 18, lambda r: (peer(r), r.choice(["stream MsgApp v2", "stream Message"])), lv="W", pkg="rafthttp"),
    ev("failed to dial {} on stream {} ({})", 14, lambda r: (peer(r), r.choice(["MsgApp v2", "Message"]),
                                                              r.choice(["peer %s failed to find local node %s" % (peer(r), ME), "dial tcp %s:2380: connect: connection refused" % r.choice(["10.0.4.11", "10.0.4.13"]), "read tcp 10.0.4.12:43120->10.0.4.13:2380: i/o timeout"])),
       lv="W", pkg="rafthttp"),
    ev("health check for peer {} could not connect: {}", 20, lambda r: (peer(r), r.choice(["dial tcp 10.0.4.13:2380: connect: connection refused", "dial tcp 10.0.4.11:2380: i/o timeout", "EOF"])), lv="W", pkg="rafthttp"),
    ev("the clock difference against peer {} is too high [{} > {}]", 8, lambda r: (peer(r), "%.9fs" % r.uniform(1.0, 2.4), "1s"), lv="W", pkg="rafthttp"),
    ev("dropped internal raft message to {} since {}'s sending buffer is full (bad/overloaded network)", 9, lambda r: (lambda p: (p, p))(peer(r)), lv="W", pkg="rafthttp"),
    ev("peer {} became inactive (message send to peer failed)", 4, peer, lv="W", pkg="rafthttp"),
    ev("rejected connection from \"{}\" (error \"{}\", ServerName \"{}\")", 8, lambda r: ("%s:%d" % (ip(r, "10.0"), r.randint(30000, 60000)),
                                                                                       r.choice(["tls: failed to verify client's certificate: x509: certificate signed by unknown authority", "remote error: tls: bad certificate", "EOF"]), r.choice(["etcd-2.internal", "10.0.4.12"])),
       lv="W", pkg="embed"),
    ev("authentication failed, invalid password for user {}", 3, lambda r: r.choice(["root", "backup", "calico"]), lv="N", pkg="auth"),
    ev("transport: http2Server.HandleStreams failed to read frame: read tcp {}->{}: read: connection reset by peer", 10,
       lambda r: ("10.0.4.12:2379", "%s:%d" % (ip(r, "10.0"), r.randint(30000, 60000))), pkg="etcdserver/api/v3rpc"),
    # one election
    ev("{} [term: {}] received a MsgVote message with higher term from {} [term: {}]", 2, lambda r: (lambda t: (ME, t, peer(r), t + 1))(term(r)), pkg="raft"),
    ev("{} became follower at term {}", 3, lambda r: (ME, term(r)), pkg="raft"),
    ev("{} [logterm: {}, index: {}, vote: {}] cast MsgVote for {} [logterm: {}, index: {}] at term {}", 2,
       lambda r: (lambda t, i, p: (ME, t, i, 0, p, t, i + r.randint(0, 3), t + 1))(term(r), idx(r), peer(r)), pkg="raft"),
    ev("raft.node: {} lost leader {} at term {}", 1, lambda r: (ME, PEERS[0], 14), pkg="raft"),
    ev("raft.node: {} elected leader {} at term {}", 2, lambda r: (ME, peer(r), term(r)), pkg="raft"),
    ev("{} is starting a new election at term {}", 1, lambda r: (ME, 14), pkg="raft"),
    ev("{} became candidate at term {}", 1, lambda r: (ME, 15), pkg="raft"),
    ev("{} received MsgVoteResp from {} at term {}", 1, lambda r: (ME, ME, 15), pkg="raft"),
    ev("{} [logterm: {}, index: {}] sent MsgVote request to {} at term {}", -2, lambda r: (ME, 14, 48517720, turn("etcd-vote", PEERS), 15), pkg="raft"),
    # shut-down
    ev("received {} signal, shutting down...", -1, lambda r: "terminated", lv="N", pkg="osutil", pos="end"),
    ev("skipped leadership transfer for stopping non-leader member", -1, pos="end"),
    ev("stopping peer {}...", -2, lambda r: turn("etcd-stopp", PEERS), pkg="rafthttp", pos="end"),
    ev("stopped streaming with peer {} (writer)", -2, lambda r: turn("etcd-stopw", PEERS), pkg="rafthttp", pos="end"),
    ev("stopped peer {}", -2, lambda r: turn("etcd-stoppd", PEERS), pkg="rafthttp", pos="end"),
]


def header(r, t, ev, n):
    return "%s.%06d %s | %s: " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond + r.randint(0, 999), ev.meta["lv"], ev.meta["pkg"])
