"""Consul: a Consul 1.17 server agent (node consul-server-1 of three) in hclog's default text format. The logger name
goes in the header; the message is followed by `key=value` pairs. hclog quotes a value only when it needs quoting
(spaces, quotes, `=`), so the quotes belong to the value: after `key=` the whole encoded value is one <*>. Serf and
memberlist print their own prefixed messages (`serf: EventMemberJoin: …`) without pairs."""
from gen_common import E, hexs, uuid

NAME = "Consul"
LAYOUT = "<Timestamp> \\[<Level>\\] <Component>: <Content>"

SERVERS = [("consul-server-1", "10.0.3.11"), ("consul-server-2", "10.0.3.12"), ("consul-server-3", "10.0.3.13")]
_ids = __import__("random").Random(31)
SERVER_IDS = ["%s-%s-%s-%s-%s" % (lambda h: (h[:8], h[8:12], h[12:16], h[16:20], h[20:]))("%032x" % _ids.getrandbits(128)) for _ in SERVERS]
CLIENTS = ["ip-10-0-%d-%d" % (_ids.randint(10, 40), _ids.randint(2, 250)) for _ in range(30)]
SERVICES = ["web", "orders-api", "payments", "redis-cache", "postgres-primary", "ingress-gateway"]


def q(v):
    v = str(v)
    if v == "" or any(c in v for c in ' "=') or not v.isprintable():
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return v


def kv(fmt, weight, gen=None, lv="INFO", comp="agent", **kw):
    g = gen or (lambda r: ())

    def wrapped(r):
        v = g(r)
        if not isinstance(v, (tuple, list)):
            v = (v,)
        return tuple(q(x) for x in v)
    return E(fmt, weight, wrapped, lv=lv, comp=comp, **kw)


def plain(fmt, weight, gen=None, lv="INFO", comp="agent", **kw):
    return E(fmt, weight, gen, lv=lv, comp=comp, **kw)


def peer(r):
    return r.choice(SERVERS[1:])[1] + ":8300"


def client(r):
    c = r.choice(CLIENTS)
    return c, c[3:].replace("-", ".")


def svc(r):
    return "%s-%s" % (r.choice(SERVICES), hexs(r, 4))


ERRS = ["dial tcp 10.0.3.13:8300: connect: connection refused", "rpc error making call: No cluster leader",
        "rpc error making call: EOF", "Permission denied", "ACL not found", "context deadline exceeded",
        "i/o deadline reached", "rpc error making call: rpc: can't find method Catalog.ServiceNodes"]


def err(r):
    return r.choice(ERRS)


def dur(r, lo, hi):
    v = r.uniform(lo, hi)
    return "%.3fs" % v if v >= 1 else "%.6fms" % (v * 1000) if v < 0.001 else "%.3fms" % (v * 1000)


EVENTS = [
    kv("Synced check: check={}", 260, lambda r: r.choice(["service:%s" % svc(r), "serfHealth", "_nomad-check-%s" % hexs(r, 40)]), lv="DEBUG", comp="agent"),
    kv("Check socket connection failed: check={} error={}", 120, lambda r: ("service:%s" % svc(r), "dial tcp %s:%d: connect: connection refused" % (client(r)[1], r.choice([8080, 6379, 5432]))), lv="WARN", comp="agent"),
    kv("Check is now critical: check={}", 80, lambda r: "service:%s" % svc(r), lv="WARN", comp="agent"),
    kv("Check is now passing: check={}", 80, lambda r: "service:%s" % svc(r), lv="DEBUG", comp="agent"),
    kv("Request finished: method={} url={} from={} latency={}", 240,
       lambda r: (r.choice(["GET"] * 7 + ["PUT", "DELETE"]), r.choice(["/v1/health/service/%s?index=%d&passing=1" % (r.choice(SERVICES), r.randint(10 ** 6, 10 ** 7)),
                                                                        "/v1/kv/config/%s/settings?index=%d" % (r.choice(SERVICES), r.randint(10 ** 6, 10 ** 7)),
                                                                        "/v1/agent/self", "/v1/status/leader", "/v1/catalog/services"]),
                  "%s:%d" % (client(r)[1], r.randint(30000, 60000)), dur(r, 0.00005, 2)), lv="DEBUG", comp="agent.http"),
    kv("Request error: method={} url={} from={} error={}", 40,
       lambda r: (r.choice(["GET", "PUT"]), "/v1/kv/%s" % r.choice(["config/web/flags", "locks/etl", "vault/core/lock"]), "%s:%d" % (client(r)[1], r.randint(30000, 60000)),
                  r.choice(["Permission denied", "ACL not found", "Invalid session"])), lv="ERROR", comp="agent.http"),
    kv("RPC failed to server: method={} server={} error={}", 45, lambda r: (r.choice(["Catalog.Register", "Health.ServiceNodes", "KVS.Get", "Coordinate.Update"]), peer(r), err(r)), lv="ERROR",
       comp="agent.client"),
    kv("failed to heartbeat to: peer={} backoff time={} error={}", 45, lambda r: (peer(r), r.choice(["10ms", "20ms", "40ms", "80ms", "160ms"]), err(r)), lv="ERROR", comp="agent.server.raft"),
    kv("failed to appendEntries to: peer={} error={}", 20, lambda r: ("{Voter %s %s}" % (SERVER_IDS[2], SERVERS[2][1] + ":8300"), err(r)), lv="ERROR", comp="agent.server.raft"),
    kv("failed to contact: server-id={} time={}", 20, lambda r: (r.choice(SERVER_IDS[1:]), dur(r, 0.5, 9)), lv="WARN", comp="agent.server.raft"),
    kv("pipelining replication: peer={}", 6, lambda r: "{Voter %s %s}" % r.choice(list(zip(SERVER_IDS[1:], [s[1] + ":8300" for s in SERVERS[1:]]))), comp="agent.server.raft"),
    kv("heartbeat timeout reached, starting election: last-leader-addr={} last-leader-id={}", -2, lambda r: (SERVERS[1][1] + ":8300", SERVER_IDS[1]), lv="WARN", comp="agent.server.raft"),
    kv("entering candidate state: node={} term={}", -2, lambda r: ("Node at %s:8300 [Candidate]" % SERVERS[0][1], r.randint(40, 45)), comp="agent.server.raft"),
    kv("election won: term={} tally={}", -1, lambda r: (44, 2), comp="agent.server.raft"),
    kv("entering leader state: leader={}", -1, lambda r: "Node at %s:8300 [Leader]" % SERVERS[0][1], comp="agent.server.raft"),
    kv("entering follower state: follower={} leader-address={} leader-id={}", -2, lambda r: ("Node at %s:8300 [Follower]" % SERVERS[0][1], SERVERS[1][1] + ":8300", SERVER_IDS[1]), comp="agent.server.raft"),
    kv("added peer, starting replication: peer={}", -2, lambda r: r.choice(SERVER_IDS[1:]), comp="agent.server.raft"),
    plain("cluster leadership acquired", -1, comp="agent.server"),
    plain("cluster leadership lost", -1, comp="agent.server"),
    kv("New leader elected: payload={}", -2, lambda r: r.choice(["consul-server-1", "consul-server-2"]), comp="agent.server"),
    kv("started routine: routine={}", 8, lambda r: r.choice(["CA root pruning", "federation state anti-entropy", "intermediate cert renew watch", "streaming peering resources", "metrics for streaming peering resources"]), comp="agent.leader"),
    kv("stopped routine: routine={}", 5, lambda r: r.choice(["CA root pruning", "federation state anti-entropy", "intermediate cert renew watch"]), comp="agent.leader"),
    kv("starting snapshot up to: index={}", 8, lambda r: r.randint(8 * 10 ** 6, 9 * 10 ** 6), comp="agent.server.raft"),
    kv("creating new snapshot: path={}", 8, lambda r: "/opt/consul/raft/snapshots/44-%d-%d.tmp" % (r.randint(8 * 10 ** 6, 9 * 10 ** 6), 1796479331000 + r.randint(0, 1800000)), comp="agent.server.snapshot"),
    kv("compacting logs: from={} to={}", 8, lambda r: (lambda a: (a, a + 10240))(r.randint(8 * 10 ** 6, 9 * 10 ** 6)), comp="agent.server.raft"),
    kv("snapshot complete up to: index={}", 8, lambda r: r.randint(8 * 10 ** 6, 9 * 10 ** 6), comp="agent.server.raft"),
    kv("reaping snapshot: path={}", 6, lambda r: "/opt/consul/raft/snapshots/44-%d-%d" % (r.randint(8 * 10 ** 6, 9 * 10 ** 6), 1796470000000 + r.randint(0, 1800000)), comp="agent.server.snapshot"),
    plain("serf: EventMemberJoin: {} {}", 20, lambda r: client(r), comp="agent.server.serf.lan"),
    plain("serf: EventMemberFailed: {} {}", 12, lambda r: client(r), comp="agent.server.serf.lan"),
    plain("serf: EventMemberLeave: {} {}", 10, lambda r: client(r), comp="agent.server.serf.lan"),
    plain("serf: EventMemberUpdate: {}", 4, lambda r: client(r)[0], comp="agent.server.serf.lan"),
    plain("serf: attempting reconnect to {} {}", 25, lambda r: (lambda c: (c[0], c[1] + ":8301"))(client(r)), comp="agent.server.serf.lan"),
    plain("memberlist: Suspect {} has failed, no acks received", 14, lambda r: client(r)[0], comp="agent.server.memberlist.lan"),
    plain("memberlist: Marking {} as failed, suspect timeout reached ({} peer confirmations)", 10, lambda r: (client(r)[0], r.randint(0, 2)), comp="agent.server.memberlist.lan"),
    plain("memberlist: Refuting a suspect message (from: {})", -2, lambda r: client(r)[0], lv="WARN", comp="agent.server.memberlist.lan"),
    plain("memberlist: Stream connection from={}", 100, lambda r: "%s:%d" % (client(r)[1], r.randint(30000, 60000)), lv="DEBUG", comp="agent.server.memberlist.lan"),
    kv("member joined, marking health alive: member={} partition={}", 20, lambda r: (client(r)[0], "default"), comp="agent.server"),
    kv("member failed, marking health critical: member={} partition={}", 12, lambda r: (client(r)[0], "default"), comp="agent.server"),
    kv("deregistering member: member={} partition={} reason={}", 8, lambda r: (client(r)[0], "default", r.choice(["left", "reaped"])), comp="agent.server"),
    kv("Synced service: service={}", 70, lambda r: svc(r), comp="agent"),
    kv("Deregistered service: service={}", 12, lambda r: svc(r), comp="agent"),
    plain("Node info in sync", 60, lv="DEBUG", comp="agent"),
    kv("Coordinate update blocked by ACLs: accessorID={}", 15, lambda r: uuid(r), lv="WARN", comp="agent"),
    kv("dropping node from result due to ACLs: node={} accessorID={}", 25, lambda r: (client(r)[0], uuid(r)), lv="DEBUG", comp="agent.server.acl"),
    kv("updating configuration: command={} server-id={} server-addr={} servers={}", -1,
       lambda r: ("AddVoter", SERVER_IDS[2], SERVERS[2][1] + ":8300", "[{Suffrage:Voter ID:%s Address:%s:8300} {Suffrage:Voter ID:%s Address:%s:8300} {Suffrage:Voter ID:%s Address:%s:8300}]" % (
           SERVER_IDS[0], SERVERS[0][1], SERVER_IDS[1], SERVERS[1][1], SERVER_IDS[2], SERVERS[2][1])), comp="agent.server.raft"),
    kv("Promoting server: id={} address={} name={}", -1, lambda r: (SERVER_IDS[2], SERVERS[2][1] + ":8300", SERVERS[2][0]), comp="agent.server.autopilot"),
    # start-up
    kv("initial configuration: index={} servers={}", -1, lambda r: (1, "[%s]" % " ".join("{Suffrage:Voter ID:%s Address:%s:8300}" % (i, s[1]) for i, s in zip(SERVER_IDS, SERVERS))), comp="agent.server.raft", pos="start"),
    kv("Adding LAN server: server={}", 3, lambda r: "%s (Addr: tcp/%s:8300) (DC: dc1)" % r.choice(SERVERS), comp="agent.server", pos="start"),
    kv("Started DNS server: address={} network={}", -2, lambda r: ("0.0.0.0:8600", r.choice(["udp", "tcp"])), comp="agent", pos="start"),
    kv("Started HTTP server: address={} network={}", -1, lambda r: ("[::]:8500", "tcp"), comp="agent", pos="start"),
    plain("started state syncer", -1, comp="agent", pos="start"),
    kv("Join cluster completed. Synced with initial agents: cluster={} num_agents={}", -1, lambda r: ("LAN", 2), comp="agent", pos="start"),
    plain("Consul agent running!", -1, comp="agent", pos="start"),
    # shut-down
    kv("Caught: signal={}", -1, lambda r: "terminated", comp="agent", pos="end"),
    plain("Requesting shutdown", -1, comp="agent", pos="end"),
    plain("shutting down server", -1, comp="agent.server", pos="end"),
    kv("Stopping server: protocol={} address={} network={}", 3, lambda r: r.choice([("DNS", "0.0.0.0:8600", "tcp"), ("DNS", "0.0.0.0:8600", "udp"), ("HTTP", "[::]:8500", "tcp")]), comp="agent", pos="end"),
    plain("Endpoints down", -1, comp="agent", pos="end"),
    kv("Exit code: code={}", -1, lambda r: 1, comp="agent", pos="end"),
]


def header(r, t, ev, n):
    lv = ev.meta["lv"]
    return "%s.%03dZ [%s]%s %s: " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, lv, " " * (5 - len(lv)), ev.meta["comp"])
