"""ObjectStore: a Ceph-like OSD daemon log (osd.3), with cluster-log, BlueStore, RocksDB and messenger lines."""
import random

from gen_common import E

NAME = "ObjectStore"
LAYOUT = "<Timestamp> <Thread> <Level> <Content>"

_p = random.Random(404)
THREADS = ["7f%010x" % (_p.getrandbits(36) << 4 & 0xffffffff00) for _ in range(14)]
ME = 3
PEERS = [0, 1, 2, 4, 5, 6, 7, 8, 9, 11]


def ep(r):
    return r.randint(48210, 48290)


def pg(r):
    return "%d.%x" % (r.choice([1, 2, 2, 3, 3, 3, 5, 6]), r.randint(0, 0x7f))


def addr(r, o=None):
    return "10.30.%d.%d:%d" % (r.randint(1, 4), r.randint(10, 60), r.choice([6800, 6802, 6804, 6806]))


def obj(r):
    return "%d:%08x:::rbd_data.%012x.%016x:head" % (r.randint(1, 6), r.getrandbits(32), r.getrandbits(48), r.randint(0, 5000))


def op(r):
    return "osd_op(client.%d.0:%d %s %s [%s] snapc 0=[] ondisk+write+known_if_redirected e%d)" % (
        r.randint(4000, 90000), r.randint(1, 9 ** 7), pg(r), obj(r), r.choice(["write 0~4096", "write 65536~131072", "writefull 0~4194304", "read 0~4096"]), ep(r))


def pgdesc(r):
    v = ep(r)
    return "pg[%s( v %d'%d (%d'%d,%d'%d] local-lis/les=%d/%d n=%d ec=%d/%d lis/c=%d/%d les/c/f=%d/%d/0 sis=%d) [%s] r=%d lpr=%d crt=%d'%d mlcod 0'0 %s]" % (
        pg(r), v - 3, r.randint(1000, 90000), v - 40, 100, v - 3, 900, v - 2, v - 1, r.randint(0, 9000), 1200, 1200, v - 2, v - 2, v - 1, v - 1,
        v, ",".join(map(str, sorted(r.sample([ME] + PEERS, 3)))), r.randint(0, 2), v, v - 3, 900,
        r.choice(["unknown", "peering", "active+clean", "active+recovering+degraded", "active+undersized+degraded"]))


def size(r, lo, hi, unit):
    return "%.1f %s" % (r.uniform(lo, hi), unit)


def clog(lvl):
    return "log_channel(cluster) log [%s] : " % lvl


EVENTS = [
    E("bluestore.MempoolThread({}) _resize_shards cache_size: {} kv_alloc: {} kv_used: {} kv_onode_alloc: {} kv_onode_used: {} meta_alloc: {} meta_used: {} data_alloc: {} data_used: {}", 380,
      lambda r: ("0x55d1c3a6ab00", 2845415832, 1207959552, r.randint(10 ** 8, 9 * 10 ** 8), 234881024, r.randint(10 ** 7, 2 * 10 ** 8),
                 1124073472, r.randint(10 ** 8, 9 * 10 ** 8), 218103808, r.randint(10 ** 7, 2 * 10 ** 8)), lv=5),
    E("osd.{} {} tick checking mon for new map", 180, lambda r: (ME, ep(r)), lv=10),
    E(clog("DBG") + "{} scrub starts", 130, pg, lv=0),
    E(clog("DBG") + "{} scrub ok", 125, pg, lv=0),
    E(clog("DBG") + "{} deep-scrub starts", 55, pg, lv=0),
    E(clog("DBG") + "{} deep-scrub ok", 52, pg, lv=0),
    E("osd.{} {} heartbeat {}", 150,
      lambda r: (ME, ep(r), "osd_stat(store_statfs(0x%x/0x0/0x%x, data 0x%x/0x%x, compress 0x0/0x0/0x0, omap 0x%x, meta 0x%x), peers [%s] op hist [%s])" % (
          r.getrandbits(38), 0x3a38b000000, r.getrandbits(38), r.getrandbits(38), r.getrandbits(24), r.getrandbits(28),
          ",".join(map(str, sorted(r.sample(PEERS, r.randint(5, 9))))), ",".join(str(r.randint(0, 40)) for _ in range(r.randint(3, 9))))), lv=5),
    E("osd.{} {} handle_osd_map epochs [{},{}], i have {}, src has [{},{}]", 70,
      lambda r: (lambda e: (ME, e, e + 1, e + 1, e, 47800, e + 1))(ep(r)), lv=1),
    E("osd.{} pg_epoch: {} {} state<Start>: transitioning to Primary", 30, lambda r: (ME, ep(r), pgdesc(r)), lv=1),
    E("osd.{} pg_epoch: {} {} state<Start>: transitioning to Stray", 30, lambda r: (ME, ep(r), pgdesc(r)), lv=1),
    E("osd.{} pg_epoch: {} {} start_peering_interval up {} -> {}, acting {} -> {}, acting_primary {} -> {}, up_primary {} -> {}, role {} -> {}, features acting {} upacting {}", 35,
      lambda r: (lambda a, b: (ME, ep(r), pgdesc(r), a, b, a, b, a[1], b[1], a[1], b[1], r.randint(-1, 2), r.randint(0, 2),
                               "4540138322906710015", "4540138322906710015"))(
          "[%s]" % ",".join(map(str, r.sample([ME] + PEERS, 3))), "[%s]" % ",".join(map(str, r.sample([ME] + PEERS, 3)))), lv=1),
    E("osd.{} {} heartbeat_check: no reply from {} osd.{} since back {} front {} (oldest deadline {})", 40,
      lambda r: (lambda t: (ME, ep(r), addr(r), r.choice(PEERS), t, t, t.replace("10:", "10:0", 0)))(
          "2026-12-02T10:%02d:%02d.%06d+0000" % (r.randint(0, 59), r.randint(0, 59), r.randint(0, 999999))), lv=-1),
    E(clog("WRN") + "{} slow requests, {} included below; oldest blocked for > {} secs", 24,
      lambda r: (r.randint(1, 60), r.randint(1, 5), "%.6f" % r.uniform(30, 400)), lv=0),
    E(clog("WRN") + "slow request {} seconds old, received at {}: {} currently {}", 38,
      lambda r: ("%.6f" % r.uniform(30, 400), "2026-12-02T10:%02d:%02d.%06d+0000" % (r.randint(0, 59), r.randint(0, 59), r.randint(0, 999999)), op(r),
                 r.choice(["waiting for sub ops", "waiting for sub ops", "delayed", "waiting for rw locks", "queued for pg"])), lv=0),
    E("osd.{} {} get_health_metrics reporting {} slow ops, oldest is {}", 26, lambda r: (ME, ep(r), r.randint(1, 80), op(r)), lv=-1),
    E(clog("DBG") + "pgmap v{}: {} pgs: {} active+clean; {} data, {} used, {} / {} avail; {} rd, {} wr, {} op/s", 45,
      lambda r: (r.randint(900000, 990000), 1280, 1280, size(r, 40, 42, "TiB"), size(r, 120, 126, "TiB"), size(r, 180, 190, "TiB"), "306 TiB",
                 size(r, 1, 900, "MiB/s"), size(r, 1, 900, "MiB/s"), r.randint(100, 30000)), lv=0),
    E(clog("DBG") + "pgmap v{}: {} pgs: {} active+clean, {} active+recovering+degraded, {} active+undersized+degraded; {} data, {} used, {} / {} avail; {} objects degraded ({}%); {} recovering", 30,
      lambda r: (lambda d: (r.randint(900000, 990000), 1280, 1280 - d - 3, d, 3, size(r, 40, 42, "TiB"), size(r, 120, 126, "TiB"), size(r, 180, 190, "TiB"), "306 TiB",
                            "%d/%d" % (r.randint(100, 90000), 32884521), "%.3f" % r.uniform(0.001, 0.3), "%s, %d objects/s" % (size(r, 10, 900, "MiB/s"), r.randint(5, 300))))(r.randint(1, 40)), lv=0),
    E(clog("INF") + "{} starting backfill to osd.{} from ({}] MIN to {}", 10, lambda r: (pg(r), r.choice(PEERS), "0'0", "%d'%d" % (ep(r), r.randint(100, 9000))), lv=0),
    E(clog("INF") + "{} continuing backfill to osd.{} from ({}] {} to {}", 8,
      lambda r: (pg(r), r.choice(PEERS), "%d'%d,%d'%d" % (ep(r) - 40, 100, ep(r), 900), obj(r), "%d'%d" % (ep(r), r.randint(100, 9000))), lv=0),
    E("osd.{} {} do_recovery started {}/{} on {}", 25, lambda r: (ME, ep(r), r.randint(0, 3), 3, pgdesc(r)), lv=10),
    E(clog("ERR") + "{} shard {} soid {} : candidate had a read error", 4, lambda r: (pg(r), r.choice(PEERS), obj(r)), lv=-1),
    E(clog("ERR") + "{} deep-scrub {} missing, {} inconsistent objects", 3, lambda r: (pg(r), 0, 1), lv=-1),
    E(clog("ERR") + "{} deep-scrub {} errors", 3, lambda r: (pg(r), r.randint(1, 3)), lv=-1),
    E(clog("ERR") + "{} repair {} errors, {} fixed", -2, lambda r: (pg(r), 1, 1), lv=-1),
    E("bluestore(/var/lib/ceph/osd/ceph-{}) _txc_committed_kv slow operation observed for {}, latency = {}", 22,
      lambda r: (ME, "l_bluestore_commit_lat", "%.9fs" % r.uniform(5, 30)), lv=0),
    E("bluestore(/var/lib/ceph/osd/ceph-{}) log_latency_fn slow operation observed for {}, latency = {}, lat = {} cid ={} oid ={}", 12,
      lambda r: (ME, "upper_bound", "%.9fs" % r.uniform(5, 30), "%ds" % r.randint(5, 30), "%s_head" % pg(r), "#%d:%08x:::rbd_header.%012x:head#" % (r.randint(1, 6), r.getrandbits(32), r.getrandbits(48))), lv=0),
    E("rocksdb: [db/db_impl/db_impl_write.cc:2098] [{}] New memtable created with log file: #{}. Immutable memtables: {}.", 40,
      lambda r: (r.choice(["default", "default", "O-0", "O-1", "L", "P"]), r.randint(20000, 40000), r.choice([0, 0, 1])), lv=4),
    E("rocksdb: [db/flush_job.cc:856] [{}] [JOB {}] Flushing memtable with next log file: {}", 30,
      lambda r: (r.choice(["default", "O-0", "O-1", "L", "P"]), r.randint(10000, 20000), r.randint(20000, 40000)), lv=4),
    E("rocksdb: EVENT_LOG_v1 {}", 45,
      lambda r: ('{"time_micros": %d, "job": %d, "event": "%s", "num_memtables": 1, "num_entries": %d, "num_deletes": %d, "total_data_size": %d, "memory_usage": %d, "flush_reason": "Write Buffer Full"}' % (
          1795996800000000 + r.getrandbits(30), r.randint(10000, 20000), r.choice(["flush_started", "flush_finished", "table_file_creation"]),
          r.randint(1000, 90000), r.randint(0, 900), r.getrandbits(26), r.getrandbits(26))), lv=4),
    E("rocksdb: [db/compaction/compaction_job.cc:1964] [{}] [JOB {}] Compacting {}@{} + {}@{} files to L{}, score {}", 12,
      lambda r: (lambda l: (r.choice(["default", "O-0", "O-1", "L", "P"]), r.randint(10000, 20000), r.randint(1, 8), l, r.randint(1, 12), l + 1, l + 1, "%.2f" % r.uniform(1, 3)))(r.randint(0, 3)), lv=4),
    E("-- {} >> {} conn({} msgr2={} legacy={} {} crc :-1 s=STATE_CONNECTION_ESTABLISHED l={}).read_bulk peer close file descriptor {}", 20,
      lambda r: ("[v2:%s,v1:%s]" % (addr(r), addr(r)), "[v2:%s,v1:%s]" % (addr(r), addr(r)), "0x%x" % r.getrandbits(44), "0x%x" % r.getrandbits(44),
                 "0x%x" % r.getrandbits(44), "0x%x" % r.getrandbits(44), 1, r.randint(40, 900)), lv=1),
    E("-- {} >> {} conn({} msgr2={} legacy={} {} crc :-1 s=STATE_CONNECTION_ESTABLISHED l={}).read_until read failed", 18,
      lambda r: ("[v2:%s,v1:%s]" % (addr(r), addr(r)), "[v2:%s,v1:%s]" % (addr(r), addr(r)), "0x%x" % r.getrandbits(44), "0x%x" % r.getrandbits(44),
                 "0x%x" % r.getrandbits(44), "0x%x" % r.getrandbits(44), 1), lv=1),
    E("osd.{} {} ms_handle_reset con {} session {}", 14, lambda r: (ME, ep(r), "0x%x" % r.getrandbits(44), "0x%x" % r.getrandbits(44)), lv=1),
    E("auth: could not find secret_id={}", 6, lambda r: r.randint(12000, 12100), lv=0),
    E("cephx: verify_authorizer could not get service secret for service osd secret_id={}", 6, lambda r: r.randint(12000, 12100), lv=0),
    E(clog("WRN") + "Monitor daemon marked osd.{} down, but it is still running", 2, lambda r: ME, lv=0),
    E(clog("DBG") + "map e{} wrongly marked me down at e{}", 2, lambda r: (lambda e: (e + 1, e))(ep(r)), lv=0),
    E("osd.{} {} state: {} -> {}", 4, lambda r: (ME, ep(r), "booting", "active"), lv=1),
    E("osd.{} {} start_boot", 2, lambda r: (ME, ep(r)), lv=1),
    E("osd.{} {} log_to_monitors true", -1, lambda r: (ME, 0), lv=0, pos="start"),
    E("osd.{} {} set_numa_affinity unable to identify public interface '{}' numa node: (2) No such file or directory", -1, lambda r: (ME, 0, "eth0"), lv=-1, pos="start"),
    E("osd.{} {} load_pgs opened {} pgs", -1, lambda r: (ME, 0, 412), lv=0, pos="start"),
    E("osd.{} {} _committed_osd_maps marked down {} > osd_max_markdown_count {} in last {} seconds, shutting down", -1, lambda r: (ME, 48291, 6, 5, 600), lv=0),
    E("osd.{} {} *** Got signal Terminated ***", -1, lambda r: (ME, 48291), lv=-1, pos="end"),
    E("osd.{} {} *** Immediate shutdown (osd_fast_shutdown=true) ***", -1, lambda r: (ME, 48291), lv=-1, pos="end"),
]


def header(r, ts, ev, n):
    return "%s.%03d+0000 %s %2d " % (ts.strftime("%Y-%m-%dT%H:%M:%S"), ts.microsecond // 1000, r.choice(THREADS), ev.meta["lv"])
