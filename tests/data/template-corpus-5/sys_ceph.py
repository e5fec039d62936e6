"""Ceph: monitor `mon.a` (the leader) of a three-monitor, twelve-OSD Ceph 16 (Pacific) cluster,
`/var/log/ceph/ceph-mon.a.log`: ISO time with milliseconds and offset, the thread id in hex, the debug level
(`%2d`: ` 0`, `-1`, ` 1`, ` 4`), then the message. Everything after the level is Content, including the prefixes
that Ceph's `dout_prefix` machinery prints: `mon.a@0(leader) e3 ` (name, rank, state, monmap epoch: `mon.<*>@<*>(<*>)
e<*> `), `mon.a@0(leader).osd e1843 ` (a Paxos service and its epoch), `paxos.0).electionLogic(42) `, `rocksdb: `,
`--2- ` (messenger v2), and the cluster-log prefix `log_channel(<*>) log <*> : `, whose channel (`cluster`, `audit`)
and priority (`[INF]`, `[WRN]`, `[DBG]`, printed with its brackets by `operator<<(clog_type)`) are values."""
from gen_common import E, hexs, turn

NAME = "Ceph"
LAYOUT = "<Timestamp> <Thread> <Level> <Content>"

MONS = ["a", "b", "c"]
HOSTS = ["stor-1", "stor-2", "stor-3", "stor-4"]
ADDR = {"a": "10.0.1.11", "b": "10.0.1.12", "c": "10.0.1.13"}


def ev(fmt, weight, gen=None, lv=0, **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def st(r):
    """mon.a is leader most of the time, a peon after losing an election now and then."""
    return r.choices(["leader", "peon", "electing"], [85, 12, 3])[0]


def me(r):
    return ("a", 0, st(r), 3)


def osdmap(r):
    return 1843 + r.randint(0, 40)


def osd(r):
    return r.randint(0, 11)


def oaddr(r, o=None):
    h = "10.0.2.%d" % (21 + (o if o is not None else osd(r)) // 3)
    p = r.randint(6800, 6830)
    return "[v2:%s:%d/%d,v1:%s:%d/%d]" % (h, p, r.randint(1000, 99999), h, p + 1, r.randint(1000, 99999))


def clog(chan, prio):
    return (chan, "[%s]" % prio)


CMDS = ['[{"prefix": "status", "format": "json-pretty"}]', '[{"prefix": "df", "format": "json"}]', '[{"prefix": "osd dump", "format": "json"}]',
        '[{"prefix": "health", "detail": "detail", "format": "json"}]', '[{"prefix": "osd pool stats", "format": "json"}]', '[{"prefix": "mon dump", "format": "json"}]']
WCMDS = ['[{"prefix": "osd pool set", "pool": "rbd", "var": "pg_autoscale_mode", "val": "on"}]', '[{"prefix": "osd set", "key": "noout"}]',
         '[{"prefix": "osd unset", "key": "noout"}]', '[{"prefix": "config set", "who": "osd.7", "name": "osd_max_backfills", "value": "2"}]',
         '[{"prefix": "auth get-or-create", "entity": "client.backup", "caps": ["mon", "profile rbd", "osd", "profile rbd pool=backups"]}]']


def who(r):
    return r.choice([("mgr.stor-2.xkqtpb", "10.0.1.12:0/%d" % r.randint(1000, 4000000000)), ("client.?", "10.0.5.%d:0/%d" % (r.randint(2, 60), r.randint(1000, 4000000000))),
                     ("client.admin", "10.0.1.11:0/%d" % r.randint(1000, 4000000000))])


def audit(r, cmds):
    w, a = who(r)
    ent = "client.admin" if w == "client.?" else w
    return clog("audit", r.choice(["DBG", "INF"])) + (w, a, ent, r.choice(cmds))


def health(r):
    return r.choice([("1 osds down", "OSD_DOWN"), ("Degraded data redundancy: %d/%d objects degraded (%.3f%%), %d pgs degraded" % (r.randint(10, 9000), 412000, r.uniform(0.01, 2), r.randint(1, 60)), "PG_DEGRADED"),
                     ("noout flag(s) set", "OSDMAP_FLAGS"), ("%d slow ops, oldest one blocked for %d sec, osd.%d has slow ops" % (r.randint(1, 40), r.randint(30, 300), osd(r)), "SLOW_OPS"),
                     ("1 pool(s) nearfull", "POOL_NEARFULL")])


EVENTS = [
    ev("set uid:gid to {}:{} ({}:{})", -1, lambda r: (167, 167, "ceph", "ceph"), pos="start"),
    ev("ceph version {} ({}) {} ({}), process {}, pid {}", -1, lambda r: ("16.2.14", "238ba602515df21ea7ffc75c88db29f9e5ef12c9", "pacific", "stable", "ceph-mon", 7), pos="start"),
    ev("pidfile_write: ignore empty --pid-file", -1, pos="start"),
    ev("load: jerasure load: lrc load: isa", -1, pos="start"),
    ev("rocksdb: RocksDB version: {}", -1, lambda r: "6.8.1", lv=4, pos="start"),
    ev("rocksdb: [db/version_set.cc:{}] Recovered from manifest file:{} succeeded,manifest_file_number is {}, next_file_number is {}, last_sequence is {}, log_number is {},prev_log_number is {},max_column_family is {},min_log_number_to_keep is {}", -1,
       lambda r: (4568, "/var/lib/ceph/mon/ceph-a/store.db/MANIFEST-001402", 1402, 1404, 2984112, 1399, 0, 0, 0), lv=4, pos="start"),
    ev("rocksdb: DB pointer {}", -1, lambda r: "0x5581b7e3a000", lv=4, pos="start"),
    ev("starting mon.{} rank {} at public addrs {} at bind addrs {} mon_data {} fsid {}", -1, lambda r: ("a", 0, "[v2:10.0.1.11:3300/0,v1:10.0.1.11:6789/0]", "[v2:10.0.1.11:3300/0,v1:10.0.1.11:6789/0]",
                                                                                                   "/var/lib/ceph/mon/ceph-a", "3f9e1c2a-71b4-4e0d-8a5f-c61b27d90e44"), pos="start"),
    ev("mon.{}@{}({}) e{} preinit fsid {}", -1, lambda r: ("a", -1, "???", 3, "3f9e1c2a-71b4-4e0d-8a5f-c61b27d90e44"), pos="start"),
    ev("mon.{}@{}({}) e{}  my rank is now {} (was {})", -1, lambda r: ("a", -1, "probing", 3, 0, -1), pos="start"),
    # runtime: audit and commands
    ev("log_channel({}) log {} : from='{} {}' entity='{}' cmd={}: dispatch", 420, lambda r: audit(r, CMDS + WCMDS[:1])),
    ev("log_channel({}) log {} : from='{} {}' entity='{}' cmd={}: finished", 40, lambda r: audit(r, WCMDS)),
    ev("mon.{}@{}({}) e{} handle_command mon_command({} v {}) v{}", 300, lambda r: me(r) + (r.choice(CMDS)[1:-1], 0, 1)),
    ev("mon.{}@{}({}).osd e{} _set_new_cache_sizes cache_size:{} inc_alloc: {} full_alloc: {} kv_alloc: {}", 150, lambda r: ("a", 0, st(r), osdmap(r)) + (lambda c, i: (c, i, i, c - 2 * i - r.randint(0, 9) * 1048576 - 1015807))(r.choice([1020054731, 1020054731, 1019790950, 1013972581]), r.choice([348127232, 348127232, 343932928, 339738624])), lv=1),
    ev("mon.{}@{}({}).osd e{} do_prune osdmap full prune enabled", 35, lambda r: ("a", 0, st(r), osdmap(r)), lv=1),
    ev("mon.{}@{}({}) e{} handle_auth_request failed to assign global_id", 14, lambda r: ("a", 0, r.choice(["leader", "electing"]), 3), lv=-1),
    ev("mon.{}@{}({}) e{} get_health_metrics reporting {} slow ops, oldest is {}", 10, lambda r: me(r) + (r.randint(1, 30), "osd_failure(failed timeout osd.%d %s for %dsec e%d v%d)" % (lambda o: (o, oaddr(r, o), r.randint(20, 40), osdmap(r), osdmap(r)))(osd(r))), lv=-1),
    # OSD failures and health
    ev("mon.{}@{}({}).osd e{} prepare_failure osd.{} {} from osd.{} is reporting failure:{}", 30, lambda r: ("a", 0, "leader", osdmap(r), osd(r), oaddr(r), osd(r), r.choice([0, 1])), lv=1),
    ev("log_channel({}) log {} : osd.{} reported failed by osd.{}", 30, lambda r: clog("cluster", "DBG") + (osd(r), osd(r))),
    ev("log_channel({}) log {} : osd.{} failed ({}) ({} reporters from different host after {} >= grace {})", 5, lambda r: clog("cluster", "INF") + (osd(r), "root=default,host=%s" % r.choice(HOSTS), 2, "%.6f" % r.uniform(20, 26), "%.6f" % r.uniform(20, 21.5))),
    ev("log_channel({}) log {} : osd.{} marked itself down and dead", -2, lambda r: clog("cluster", "INF") + (osd(r),)),
    ev("log_channel({}) log {} : osd.{} {} boot", 7, lambda r: (lambda o: clog("cluster", "INF") + (o, oaddr(r, o)))(osd(r))),
    ev("log_channel({}) log {} : osdmap e{}: {} total, {} up, {} in", 28, lambda r: clog("cluster", "DBG") + (osdmap(r), 12, r.choice([12, 12, 11, 10]), 12)),
    ev("log_channel({}) log {} : Health check failed: {} ({})", 9, lambda r: clog("cluster", "WRN") + health(r)),
    ev("log_channel({}) log {} : Health check update: {} ({})", 40, lambda r: clog("cluster", "WRN") + health(r)),
    ev("log_channel({}) log {} : Health check cleared: {} (was: {})", 9, lambda r: (lambda h: clog("cluster", "INF") + (h[1], h[0]))(health(r))),
    ev("log_channel({}) log {} : Cluster is now healthy", 4, lambda r: clog("cluster", "INF")),
    ev("log_channel({}) log {} : overall {}", 6, lambda r: clog("cluster", r.choice(["INF", "WRN"])) + (r.choice(["HEALTH_OK", "HEALTH_WARN 1 osds down; Degraded data redundancy: 3012/412000 objects degraded (0.731%), 21 pgs degraded"]),)),
    # elections and maps
    ev("mon.{}@{}({}) e{} calling monitor election", 5, lambda r: ("a", 0, r.choice(["leader", "electing"]), 3)),
    ev("paxos.{}).electionLogic({}) init, last seen epoch {}, mid-election, bumping", -2, lambda r: (0, 41 + r.randint(0, 4), 41 + r.randint(0, 4)), lv=1),
    ev("mon.{}@{}({}).paxos({} {} c {}..{}) lease_timeout -- calling new election", -1, lambda r: ("a", 0, "peon", "paxos", "active", 2981200, 2981873)),
    ev("log_channel({}) log {} : mon.{} calling monitor election", 5, lambda r: clog("cluster", "INF") + (r.choice(MONS),)),
    ev("log_channel({}) log {} : mon.{} is new leader, mons {} in quorum (ranks {})", 4, lambda r: clog("cluster", "INF") + r.choice([("a", "a,b,c", "0,1,2"), ("a", "a,c", "0,2")])),
    ev("log_channel({}) log {} : monmap e{}: {} mons at {}", 4, lambda r: clog("cluster", "DBG") + (3, 3, "{a=[v2:10.0.1.11:3300/0,v1:10.0.1.11:6789/0],b=[v2:10.0.1.12:3300/0,v1:10.0.1.12:6789/0],c=[v2:10.0.1.13:3300/0,v1:10.0.1.13:6789/0]}")),
    ev("log_channel({}) log {} : fsmap {}", 4, lambda r: clog("cluster", "DBG") + ("cephfs:1 {0=cephfs.stor-%d.%s=up:active} 1 up:standby" % (r.randint(1, 4), hexs(r, 6)),)),
    ev("log_channel({}) log {} : mgrmap e{}: {}({}, since {}), standbys: {}", 4, lambda r: clog("cluster", "DBG") + (r.randint(120, 130), "stor-2.xkqtpb", "active", r.choice(["3d", "2h", "41m"]), "stor-1.qwmfzs, stor-3.lrvdna")),
    ev("log_channel({}) log {} : Manager daemon {} is now available", -2, lambda r: clog("cluster", "INF") + ("stor-2.xkqtpb",)),
    # rocksdb and messenger
    ev("rocksdb: [db/db_impl/db_impl_write.cc:{}] [default] New memtable created with log file: #{}. Immutable memtables: {}.", 14, lambda r: (1736, r.randint(1405, 1500), 0), lv=4),
    ev("rocksdb: (Original Log Time {}) [db/flush_job.cc:{}] [default] [JOB {}] Level-0 flush table #{}: {} bytes OK", 14, lambda r: ("2026/11/28-14:%02d:%02d.%06d" % (r.randint(2, 40), r.randint(0, 59), r.randint(0, 999999)), 401, r.randint(3, 300), r.randint(1405, 1500), r.randint(100000, 90000000)), lv=4),
    ev("rocksdb: [db/compaction/compaction_job.cc:{}] [default] [JOB {}] Compacted {}@{} + {}@{} files to L{} => {} bytes", 8, lambda r: (1676, r.randint(3, 300), 4, 0, 1, 6, 6, r.randint(10 ** 7, 10 ** 9)), lv=4),
    ev("--2- {} >> {} conn({} {} {} :{} s={} pgs={} cs={} l={} rev1={} crypto rx={} tx={} comp rx={} tx={}).handle_read_frame_preamble_main read frame preamble failed r={}", 12,
       lambda r: ("[v2:10.0.1.11:3300/0,v1:10.0.1.11:6789/0]", "10.0.5.%d:0/%d" % (r.randint(2, 60), r.randint(1000, 4000000000)), "0x55%s" % hexs(r, 10), "0x55%s" % hexs(r, 10), "unknown", -1, "READY", 0, 0, 1, 1, 0, 0, 0, 0, -1), lv=1),
    # shut-down
    ev("received  signal: {} from {}  (PID: {}) UID: {}", -1, lambda r: ("Terminated", "/usr/lib/systemd/systemd --switched-root --system --deserialize 22", 1, 0), lv=-1, pos="end"),
    ev("mon.{}@{}({}) e{} *** Got Signal {} ***", -1, lambda r: ("a", 0, "leader", 3, "Terminated"), lv=-1, pos="end"),
    ev("mon.{}@{}({}) e{} shutdown", -1, lambda r: ("a", 0, "leader", 3), pos="end"),
    ev("rocksdb: [db/db_impl/db_impl.cc:{}] Shutdown: canceling all background work", -1, lambda r: 447, lv=4, pos="end"),
    ev("rocksdb: [db/db_impl/db_impl.cc:{}] Shutdown complete", -1, lambda r: 625, lv=4, pos="end"),
]

THREADS = ["7f3b2c1fe700", "7f3b2b9fd700", "7f3b2d201700", "7f3b299f9700", "7f3b2e203700"]


def header(r, t, ev, n):
    return "%s.%03d+0000 %s %2d " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, r.choice(THREADS), ev.meta["lv"])
