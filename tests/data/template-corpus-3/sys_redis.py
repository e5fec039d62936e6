"""Redis: a Redis 7 primary (pid 3181) with two replicas, RDB snapshots and AOF; lines from forked children carry
role `C` and the child's pid. Level symbols: `.` debug, `-` verbose, `*` notice, `#` warning."""
from gen_common import E, ip, hexs

NAME = "Redis"
LAYOUT = "<Pid>:<Role> <Day> <Month> <Year> <Time> <Level> <Content>"

PID = 3181
REPLICAS = ["10.0.7.21:6379", "10.0.7.22:6379"]
CLUSTER_NODES = [hexs(__import__("random").Random(5), 40) for _ in range(6)]


def caddr(r):
    return "%s:%d" % (ip(r, "10.2"), r.randint(32768, 60999))


def mb(r, a, b):
    return "%.2f" % r.uniform(a, b)


def clientinfo(r):
    return ("id=%d addr=%s laddr=10.0.7.20:6379 fd=%d name=%s age=%d idle=%d flags=%s db=0 sub=0 psub=0 ssub=0 multi=-1 "
            "qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 obl=0 oll=%d omem=%d tot-mem=%d events=rw cmd=%s user=default "
            "redir=-1 resp=2 lib-name=%s lib-ver=%s") % (
        r.randint(1000, 999999), caddr(r), r.randint(9, 900), r.choice(["worker-7", "celery", "sidekiq-3", "pubsub-fanout"]),
        r.randint(1, 90000), r.randint(0, 30), r.choice(["N", "P"]), r.randint(1000, 90000), r.randint(2 ** 25, 2 ** 28),
        r.randint(2 ** 25, 2 ** 28), r.choice(["subscribe", "lrange", "xread"]), r.choice(["redis-py", "ioredis"]),
        r.choice(["5.0.1", "5.3.2"]))


def m(fmt, weight, gen=None, lv="*", role="M", **kw):
    return E(fmt, weight, gen, lv=lv, role=role, **kw)


EVENTS = [
    m("Accepted {}", 330, lambda r: caddr(r), lv="-"),
    m("Client closed connection {}", 300,
      lambda r: "id=%d addr=%s laddr=10.0.7.20:6379 fd=%d name=%s age=%d idle=%d flags=N db=%d" % (
          r.randint(1000, 999999), caddr(r), r.randint(9, 900), r.choice(["worker-7", "celery", "sidekiq-3", "api-%d" % r.randint(1, 40)]),
          r.randint(0, 90000), r.randint(0, 30), r.choice([0, 0, 0, 1, 2])), lv="-"),
    m("DB {}: {} keys ({} volatile) in {} slots HT.", 180, lambda r: (r.choice([0, 0, 0, 1, 2]), r.randint(10 ** 5, 4 * 10 ** 6), r.randint(0, 10 ** 6), r.choice([4194304, 8388608])), lv="."),
    m("{} clients connected ({} replicas), {} bytes in use", 160, lambda r: (r.randint(40, 600), 2, r.randint(2 * 10 ** 9, 6 * 10 ** 9)), lv="."),
    m("{} changes in {} seconds. Saving...", 55, lambda r: r.choice([(r.randint(1, 99), 3600), (r.randint(100, 9999), 300), (r.randint(10000, 900000), 60)])),
    m("Background saving started by pid {}", 55, lambda r: r.randint(40000, 60000)),
    m("DB saved on disk", 55, role="C"),
    m("Fork CoW for RDB: current {} MB, peak {} MB, average {} MB", 55, lambda r: (r.randint(1, 60), r.randint(60, 200), r.randint(1, 60)), role="C"),
    m("Background saving terminated with success", 52),
    m("Background saving error", 3, lv="#"),
    m("Write error saving DB on disk: {}", 3, lambda r: "No space left on device", lv="#", role="C"),
    m("Error writing to client: {}", 40, lambda r: r.choice(["Connection reset by peer", "Broken pipe"]), lv="."),
    m("Reading from client: {}", 30, lambda r: "Connection reset by peer", lv="."),
    m("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.", 14, lambda r: clientinfo(r), lv="#"),
    m("Protocol error ('{}') from client: {}", 6,
      lambda r: (r.choice(["invalid multibulk length", "unbalanced quotes in request", "too big inline request"]),
                 "id=%d addr=%s laddr=10.0.7.20:6379 fd=%d name= age=0 idle=0" % (r.randint(1000, 999999), caddr(r), r.randint(9, 900))), lv="."),
    m("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection from {} aborted.", -1,
      lambda r: "185.220.101.%d:%d" % (r.randint(2, 250), r.randint(30000, 60000)), lv="#"),
    m("Starting automatic rewriting of AOF on {}% growth", 20, lambda r: r.choice([100, 101, 103, 117])),
    m("Creating AOF incr file {} on background rewrite", 20, lambda r: "appendonly.aof.%d.incr.aof" % r.randint(40, 80)),
    m("Background append only file rewriting started by pid {}", 20, lambda r: r.randint(40000, 60000)),
    m("Successfully created the temporary AOF base file {}", 18, lambda r: "temp-rewriteaof-bg-%d.aof" % r.randint(40000, 60000), role="C"),
    m("Fork CoW for AOF rewrite: current {} MB, peak {} MB, average {} MB", 18, lambda r: (r.randint(1, 60), r.randint(60, 200), r.randint(1, 60)), role="C"),
    m("Background AOF rewrite terminated with success", 18),
    m("Successfully renamed the temporary AOF base file {} into {}", 18, lambda r: ("temp-rewriteaof-bg-%d.aof" % r.randint(40000, 60000), "appendonly.aof.%d.base.rdb" % r.randint(40, 80))),
    m("Removing the history file {} in the background", 30, lambda r: "appendonly.aof.%d.%s.aof" % (r.randint(40, 80), r.choice(["incr", "incr", "base"]))),
    m("Background AOF rewrite finished successfully", 18),
    m("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer without waiting for fsync to complete, this may slow down Redis.", 12),
    m("Replica {} asks for synchronization", 6, lambda r: r.choice(REPLICAS)),
    m("Partial resynchronization request from {} accepted. Sending {} bytes of backlog starting from offset {}.", 3,
      lambda r: (r.choice(REPLICAS), r.randint(100, 900000), r.randint(10 ** 9, 10 ** 10))),
    m("Full resync requested by replica {}", 3, lambda r: r.choice(REPLICAS)),
    m("Starting BGSAVE for SYNC with target: {}", 3, lambda r: r.choice(["disk", "replicas sockets"])),
    m("Background RDB transfer started by pid {}", 3, lambda r: r.randint(40000, 60000)),
    m("Synchronization with replica {} succeeded", 3, lambda r: r.choice(REPLICAS)),
    m("Connection with replica {} lost.", 5, lambda r: r.choice(REPLICAS)),
    m("Disconnecting timedout replica (streaming sync): {}", -2, lambda r: r.choice(REPLICAS), lv="#"),
    m("Replication backlog created, my new replication IDs are '{}' and '{}'", -1, lambda r: (hexs(r, 40), "0" * 40)),
    m("Error accepting a client connection: {}", -2, lambda r: r.choice(["accept: Too many open files", "accept: Software caused connection abort"]), lv="#"),
    m("Can't save in background: fork: {}", -1, lambda r: "Cannot allocate memory", lv="#"),
    m("Latency monitor: event {} took {} ms", 8, lambda r: (r.choice(["fork", "aof-fsync-always", "expire-cycle", "command"]), r.randint(100, 2400)), lv="#"),
    # startup
    m("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", -1, role="C", pos="start"),
    m("Redis version={}, bits={}, commit={}, modified={}, pid={}, just started", -1, lambda r: ("7.2.4", 64, "00000000", 0, PID), role="C", pos="start"),
    m("Configuration loaded", -1, role="C", pos="start"),
    m("monotonic clock: {}", -1, lambda r: "POSIX clock_gettime", pos="start"),
    m("Running mode={}, port={}.", -1, lambda r: ("standalone", 6379), pos="start"),
    m("WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.", -1, lv="#", pos="start"),
    m("Server initialized", -1, pos="start"),
    m("Loading RDB produced by version {}", -1, lambda r: "7.2.4", pos="start"),
    m("RDB age {} seconds", -1, lambda r: 412, pos="start"),
    m("RDB memory usage when created {} Mb", -1, lambda r: "2841.17", pos="start"),
    m("Done loading RDB, keys loaded: {}, keys expired: {}.", -1, lambda r: (3811920, 2211), pos="start"),
    m("DB loaded from disk: {} seconds", -1, lambda r: "9.482", pos="start"),
    m("Ready to accept connections {}", -1, lambda r: "tcp", pos="start"),
    # shutdown
    m("Received SIGTERM scheduling shutdown...", -1, lv="#", pos="end"),
    m("User requested shutdown...", -1, lv="#", pos="end"),
    m("Waiting for replicas before shutting down.", -1, pos="end"),
    m("{} of {} replicas are in sync when shutting down.", -1, lambda r: (2, 2), pos="end"),
    m("Calling fsync() on the AOF file.", -1, pos="end"),
    m("Saving the final RDB snapshot before exiting.", -1, pos="end"),
    m("Removing the pid file.", -1, pos="end"),
    m("Redis is now ready to exit, bye bye...", -1, lv="#", pos="end"),
]


def header(r, ts, ev, n):
    role = ev.meta["role"]
    if ev.meta.get("pos") == "start" and role == "C":
        pid = PID  # before the role is known redis prints C for itself
    elif role == "C":
        pid = r.randint(40000, 60000)
    else:
        pid = PID
    return "%d:%s %s %s %s.%03d %s " % (pid, role, ts.strftime("%d"), ts.strftime("%b"), ts.strftime("%Y %H:%M:%S"),
                                       ts.microsecond // 1000, ev.meta["lv"])
