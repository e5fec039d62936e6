"""Vault: node `vault-1` of a three-node HashiCorp Vault 1.15 cluster with integrated (Raft) storage, Shamir seal,
Kubernetes and userpass auth, KV, PKI and database secrets engines and a file audit device, logging hclog's text
format (`2026-11-28T14:02:11.123Z [INFO]  core: message: key=value ...`; the level is padded inside `[...]` to five
characters plus a space, the named logger `core`, `storage.raft`, `expiration`, `token`, ... comes first in the
message). Start-up (sealed start, unseal, post-unseal mounts, standby), steady state (lease revocation, token tidy,
TLS handshake errors from Go's HTTP server, audit failures, Raft heartbeats, snapshots and one leader election that
makes this node active, secrets engine mounts), shut-down (seal on SIGTERM).

hclog quotes a value when it contains a space or a quote: those quotes come from the value's printer and belong to
the value (`error="context deadline exceeded"`, `path=secret/`)."""
from gen_common import E, ip, hexs, pick, turn

NAME = "Vault"
LAYOUT = "<Timestamp> \\[<Level>\\] <Content>"

PEERS = {"vault-1": "10.0.2.11", "vault-2": "10.0.2.12", "vault-3": "10.0.2.13"}
ROLES = ["shop-api", "payments", "ci-runner", "grafana", "batch-etl", "external-secrets"]


def ev(fmt, weight, gen=None, lv="INFO", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def q(s):
    s = str(s)
    if any(c in s for c in ' "') or s == "":
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def lease(r):
    x = r.random()
    if x < 0.45:
        return "auth/kubernetes/login/h%s" % "".join(r.choice("0123456789abcdef") for _ in range(64))
    if x < 0.75:
        return "database/creds/%s/%s" % (r.choice(["shop-ro", "shop-rw", "reporting"]), "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24)))
    if x < 0.9:
        return "pki_int/issue/%s/%s" % (r.choice(["internal-services", "mesh"]), "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24)))
    return "auth/userpass/login/%s/h%s" % (r.choice(["alice", "bob", "ops-oncall"]), "".join(r.choice("0123456789abcdef") for _ in range(64)))


def peer(r):
    return r.choice(["vault-2", "vault-3"])


def dur(r, lo, hi):
    v = r.uniform(lo, hi)
    return "%.6fms" % (v * 1000) if v < 1 else "%.9fs" % v


def version(t):
    return q("v1.15.2+builtin.vault")


def raft_err(r, p):
    return q(r.choice(["dial tcp %s:8201: connect: connection refused" % PEERS[p], "dial tcp %s:8201: i/o timeout" % PEERS[p], "EOF",
                       "msgpack decode error [pos 0]: read tcp 10.0.2.11:48216->%s:8201: i/o timeout" % PEERS[p]]))


MOUNTS_UNSEAL = [("system", "sys/"), ("identity", "identity/"), ("cubbyhole", "cubbyhole/"), ("kv", "secret/"), ("pki", "pki/"), ("pki", "pki_int/"), ("database", "database/")]
CREDS_UNSEAL = [("token", "token/"), ("kubernetes", "kubernetes/"), ("userpass", "userpass/")]


EVENTS = [
    ev("proxy environment: http_proxy={} https_proxy={} no_proxy={}", -1, lambda r: ('""', '""', '""'), pos="start"),
    ev("incrementing seal generation: generation={}", -1, lambda r: 1, pos="start"),
    ev("core: Initializing version history cache for core", -1, pos="start"),
    ev("core.cluster-listener.tcp: starting listener: listener_address={}", -1, lambda r: "0.0.0.0:8201", pos="start"),
    ev("core.cluster-listener: serving cluster requests: cluster_listen_address={}", -1, lambda r: "[::]:8201", pos="start"),
    ev("storage.raft: creating Raft: config={}", -1, lambda r: q('&raft.Config{ProtocolVersion:3, HeartbeatTimeout:15000000000, ElectionTimeout:15000000000, CommitTimeout:50000000, MaxAppendEntries:64, BatchApplyCh:true, ShutdownOnRemove:true, TrailingLogs:0x2800, SnapshotInterval:120000000000, SnapshotThreshold:0x2000, LeaderLeaseTimeout:2500000000, LocalID:"vault-1", NotifyCh:(chan<- bool)(0xc000b2e2a0), LogOutput:io.Writer(nil), LogLevel:"DEBUG", Logger:(*hclog.interceptLogger)(0xc000a1c1b0), NoSnapshotRestoreOnStart:true, skipStartup:false}'), pos="start"),
    ev("storage.raft: initial configuration: index={} servers={}", -1, lambda r: (1, q("[%s]" % " ".join("{Suffrage:Voter ID:%s Address:%s:8201}" % (k, v) for k, v in PEERS.items()))), pos="start"),
    ev("core: post-unseal setup starting", -1, pos="start"),
    ev("core: loaded wrapping token key", -1, pos="start"),
    ev("core: successfully setup plugin runtime catalog", -1, pos="start"),
    ev("core: successfully setup plugin catalog: plugin-directory={}", -1, lambda r: "/vault/plugins", pos="start"),
    ev("core: successfully mounted: type={} version={} path={} namespace={}", -7, lambda r: (lambda t, p: (t, version(t), p, q("ID: root. Path: ")))(*turn("vault-mounts", MOUNTS_UNSEAL)), pos="start"),
    ev("core: successfully enabled credential backend: type={} version={} path={} namespace={}", -3, lambda r: (lambda t, p: (t, version(t), p, q("ID: root. Path: ")))(*turn("vault-creds", CREDS_UNSEAL)), pos="start"),
    ev("core: restoring leases", -1, pos="start"),
    ev("rollback: starting rollback manager", -1, pos="start"),
    ev("expiration: lease restore complete", -1, pos="start"),
    ev("identity: entities restored", -1, pos="start"),
    ev("identity: groups restored", -1, pos="start"),
    ev("core: usage gauge collection is disabled", -1, pos="start"),
    ev("core: enabled audit backend: path={} type={}", -1, lambda r: ("file/", "file"), pos="start"),
    ev("core: post-unseal setup complete", -1, pos="start"),
    ev("core: vault is unsealed", -1, pos="start"),
    ev("core: entering standby mode", -1, pos="start"),
    # steady state: leases and tokens
    ev("expiration: revoked lease: lease_id={}", 520, lease),
    ev("expiration: failed to revoke lease: lease_id={} error={}", 45,
       lambda r: (lease(r), q(r.choice(["failed to revoke entry: resp: (*logical.Response)(nil) err: context deadline exceeded",
                                         "failed to revoke entry: resp: (*logical.Response)(nil) err: pq: role \"v-kubernet-shop-rw-Xk2ZyQ3\" does not exist",
                                         "failed to revoke entry: resp: (*logical.Response)(nil) err: failed to find entry for role"]))), lv="ERROR"),
    ev("expiration: maximum revoke attempts for lease reached: lease_id={}", 6, lease, lv="ERROR"),
    ev("expiration: lease count is high: count={}", 3, lambda r: r.randint(250000, 262000), lv="WARN"),
    ev("token: beginning tidy operation on tokens", 4),
    ev("token: number of entries scanned in parent prefix: count={}", 4, lambda r: r.randint(2, 4000)),
    ev("token: number of entries checked: count={}", 4, lambda r: r.randint(2, 4000)),
    ev("token: number of entries deleted: count={}", 4, lambda r: r.randint(0, 200)),
    ev("token: finished tidy operation on tokens", 4),
    ev("core: failed to lookup token: error={}", 10, lambda r: q("failed to read entry: context canceled"), lv="ERROR"),
    # HTTP server and auth
    ev("http: TLS handshake error from {}: {}", 230, lambda r: ("%s:%d" % (ip(r, r.choice(["10.42", "10.0", "10.60"])), r.randint(30000, 65000)),
                                                                 r.choice(["EOF", "remote error: tls: bad certificate", "tls: client offered only unsupported versions: [302 301]",
                                                                           "read tcp 10.0.2.11:8200->10.0.9.4:%d: read: connection reset by peer" % r.randint(30000, 65000), "remote error: tls: unknown certificate authority"]))),
    ev("{}: login unauthorized: err={}", 30,
       lambda r: ("auth.kubernetes.auth_kubernetes_3d1a9b2f", q(r.choice(["service account name not authorized", "namespace not authorized", "lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token"]))),
       lv="ERROR"),
    ev("core: forward request error: error={}", 12, lambda r: q(r.choice(["error during forwarding RPC request", "rpc error: code = Unavailable desc = connection error"])), lv="ERROR"),
    # audit
    ev("audit: backend failed to log request: backend={} error={}", 25, lambda r: ("file/", q(r.choice(["write /vault/audit/audit.log: no space left on device", "sink /vault/audit/audit.log: file already closed"]))), lv="ERROR"),
    ev("core: failed to audit response: request_path={} error={}", 20, lambda r: (r.choice(["auth/kubernetes/login", "database/creds/shop-ro", "secret/data/shop/api", "sys/leases/renew", "pki_int/issue/mesh"]),
                                                                                  q("1 error occurred: no audit backend succeeded in logging the response")), lv="ERROR"),
    ev("audit: reopening audit device after SIGHUP: path={}", 1, lambda r: "file/"),
    # raft storage
    ev("storage.raft: failed to contact: server-id={} time={}", 80, lambda r: (peer(r), dur(r, 2.5, 9.8)), lv="WARN"),
    ev("storage.raft: failed to appendEntries to: peer={} error={}", 60, lambda r: (lambda p: (q("{Voter %s %s:8201}" % (p, PEERS[p])), raft_err(r, p)))(peer(r)), lv="ERROR"),
    ev("storage.raft: failed to heartbeat to: peer={} backoff time={} error={}", 50, lambda r: (lambda p: ("%s:8201" % PEERS[p], r.choice(["10ms", "20ms", "40ms", "80ms", "160ms"]), raft_err(r, p)))(peer(r)), lv="ERROR"),
    ev("storage.raft: starting snapshot up to: index={}", 6, lambda r: r.randint(18200000, 18290000)),
    ev("storage.raft: snapshot complete up to: index={}", 6, lambda r: r.randint(18200000, 18290000)),
    ev("storage.raft: compacting logs: from={} to={}", 6, lambda r: (lambda a: (a, a + 10240))(r.randint(18180000, 18270000))),
    ev("storage.raft.snapshot: creating new snapshot: path={}", 6, lambda r: "/vault/data/raft/snapshots/%d-%d-%d.tmp" % (r.randint(40, 42), r.randint(18200000, 18290000), 1764338531000 + r.randint(0, 1800000))),
    ev("storage.raft.snapshot: reaping snapshot: path={}", 6, lambda r: "/vault/data/raft/snapshots/%d-%d-%d" % (r.randint(40, 41), r.randint(18100000, 18190000), 1764330000000 + r.randint(0, 1800000))),
    ev("storage.raft: pipelining replication: peer={}", 4, lambda r: (lambda p: q("{Voter %s %s:8201}" % (p, PEERS[p])))(peer(r))),
    ev("storage.raft: aborting pipeline replication: peer={}", 3, lambda r: (lambda p: q("{Voter %s %s:8201}" % (p, PEERS[p])))(peer(r)), lv="ERROR"),
    ev("storage.raft: heartbeat timeout reached, starting election: last-leader-addr={} last-leader-id={}", 1, lambda r: ("10.0.2.12:8201", "vault-2"), lv="WARN"),
    ev("storage.raft: entering candidate state: node={} term={}", 1, lambda r: (q("Node at 10.0.2.11:8201 [Candidate]"), 42)),
    ev("storage.raft: election won: term={} tally={}", 1, lambda r: (42, 2)),
    ev("storage.raft: entering leader state: leader={}", 1, lambda r: q("Node at 10.0.2.11:8201 [Leader]")),
    ev("storage.raft: added peer, starting replication: peer={}", 2, lambda r: turn("vault-addpeer", ["vault-2", "vault-3"])),
    ev("core: acquired lock, enabling active operation", 1),
    ev("core: clearing forwarding clients", 1),
    ev("core: done clearing forwarding clients", 1),
    # secrets engines
    ev("core: successful mount: namespace={} path={} type={} version={}", 3, lambda r: (lambda p, t: ('""', p, t, '""'))(*r.choice([("kv-v2/", "kv"), ("transit/", "transit"), ("aws/", "aws")]))),
    ev("core: successfully unmounted: path={} namespace={}", 1, lambda r: ("aws/", q("ID: root. Path: "))),
    ev("core: mount tuning of leases successful: path={}", 2, lambda r: pick(r, "auth/kubernetes/", "database/")),
    ev("core.cluster-listener: no TLS config found for ALPN: ALPN={}", 4, lambda r: "[req_fw_sb-act_v1]", lv="ERROR"),
    # shut-down
    ev("core: marked as sealed", -1, pos="end"),
    ev("core: pre-seal teardown starting", -1, pos="end"),
    ev("rollback: stopping rollback manager", -1, pos="end"),
    ev("core: pre-seal teardown complete", -1, pos="end"),
    ev("core: stopping cluster listeners", -1, pos="end"),
    ev("core.cluster-listener: forwarding rpc listeners stopped", -1, pos="end"),
    ev("core.cluster-listener: rpc listeners successfully shut down", -1, pos="end"),
    ev("core: cluster listeners successfully shut down", -1, pos="end"),
    ev("core: vault is sealed", -1, pos="end"),
]


def header(r, t, ev, n):
    return "%s.%03dZ %-8s" % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, "[%s]" % ev.meta["lv"])
