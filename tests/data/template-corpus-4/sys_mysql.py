"""MySql: the error log of a MySQL 8.0 server that is a multi-source replica (channels `ch_orders` and `ch_billing`)
and also takes application traffic. MySQL's default log format: ISO time with microseconds, the thread id (0 for
server threads), `[Level]`, the error code `[MY-nnnnnn]` and the subsystem `[Server]`/`[InnoDB]`/`[Repl]`; the code
and subsystem are fixed per message and live in the header. InnoDB's deadlock report is printed as separate lines,
each with its own header, so its lines are events of their own and land apart once shuffled."""
from gen_common import E

NAME = "MySql"
LAYOUT = "<Timestamp> <Thread> \\[<Level>\\] \\[<ErrCode>\\] \\[<Subsystem>\\] <Content>"

USERS = ["app", "app", "app", "reporting", "etl", "billing_svc"]
DBS = ["appdb", "appdb", "billing", "reports"]
TABLES = ["orders", "order_items", "customers", "invoices", "payments", "stock_moves"]
SOURCES = {"ch_orders": "repl@10.0.4.21:3306", "ch_billing": "repl@10.0.4.37:3306"}


def ev(fmt, weight, gen=None, lv="Note", code="MY-000000", sub="Server", th="conn", **kw):
    return E(fmt, weight, gen, lv=lv, code=code, sub=sub, th=th, **kw)


def host(r):
    return "10.0.%d.%d" % (r.choice([8, 9, 12]), r.randint(2, 250))


def chan(r):
    return r.choice(list(SOURCES))


def binlog(r):
    return "binlog.%06d" % r.randint(1180, 1195)


def tbl(r):
    return "%s.%s" % (r.choice(DBS[:3]), r.choice(TABLES))


EVENTS = [
    # start-up
    ev("{} (mysqld {}) starting as process {}", -1, lambda r: ("/usr/sbin/mysqld", "8.0.35", 1), lv="System", code="MY-010116", th=0, pos="start"),
    ev("InnoDB initialization has started.", -1, lv="System", code="MY-013576", sub="InnoDB", th=1, pos="start"),
    ev("Initializing buffer pool, total size = {}, instances = {}, chunk size ={}", -1, lambda r: ("8.000000G", 8, "128.000000M"), code="MY-012955", sub="InnoDB", th=1, pos="start"),
    ev("Completed initialization of buffer pool", -1, code="MY-012957", sub="InnoDB", th=1, pos="start"),
    ev("InnoDB initialization has ended.", -1, lv="System", code="MY-013577", sub="InnoDB", th=1, pos="start"),
    ev("CA certificate {} is self signed.", -1, lambda r: "ca.pem", lv="Warning", code="MY-010068", th=0, pos="start"),
    ev("Channel {} configured to support TLS. Encrypted connections are now supported for this channel.", -1, lambda r: "mysql_main", lv="System", code="MY-013602", th=0, pos="start"),
    ev("Insecure configuration for --pid-file: Location '{}' in the path is accessible to all OS users. Consider choosing a different directory.", -1, lambda r: "/var/run/mysqld",
       lv="Warning", code="MY-011810", th=0, pos="start"),
    ev("Storing MySQL user name or password information in the connection metadata repository is not secure and is therefore not recommended. Please consider using the USER and PASSWORD connection options for START REPLICA; see the 'START REPLICA Syntax' in the MySQL Manual for more information.",
       -2, lv="Warning", code="MY-010897", sub="Repl", th=0, pos="start"),
    ev("X Plugin ready for connections. Bind-address: '{}' port: {}, socket: {}", -1, lambda r: ("::", 33060, "/var/run/mysqld/mysqlx.sock"), lv="System", code="MY-011323", th=0, pos="start"),
    ev("{}: ready for connections. Version: '{}'  socket: '{}'  port: {}  MySQL Community Server - GPL.", -1,
       lambda r: ("/usr/sbin/mysqld", "8.0.35", "/var/run/mysqld/mysqld.sock", 3306), lv="System", code="MY-010931", th=0, pos="start"),
    ev("Buffer pool(s) load completed at {}", -1, lambda r: "261128 14:02:31", code="MY-013083", sub="InnoDB", th=2, pos="start"),
    # runtime
    ev("Aborted connection {} to db: '{}' user: '{}' host: '{}' ({}).", 330,
       lambda r: (r.randint(10000, 99999), r.choice(DBS + ["unconnected"]), r.choice(USERS), host(r),
                  r.choice(["Got an error reading communication packets"] * 3 + ["Got timeout reading communication packets", "Got an error writing communication packets"])),
       code="MY-010914"),
    ev("Plugin {} reported: '{}'", 300, lambda r: r.choice([("mysql_native_password", "'mysql_native_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead")] * 6 +
                                                           [("sha256_password", "'sha256_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead")]),
       lv="Warning", code="MY-013360"),
    ev("Access denied for user '{}'@'{}' (using password: {})", 140, lambda r: (r.choice(USERS + ["root", "admin", "test"]), host(r), r.choice(["YES"] * 4 + ["NO"])), code="MY-010926"),
    ev("IP address '{}' could not be resolved: {}", 90, lambda r: (host(r), r.choice(["Name or service not known", "Temporary failure in name resolution"])), lv="Warning", code="MY-010055"),
    ev("Page cleaner took {}ms to flush {} and evict {} pages", 120, lambda r: (r.randint(4001, 9800), r.randint(40, 2400), r.randint(0, 300)), code="MY-011953", sub="InnoDB", th="pc"),
    ev("Difficult to find free blocks in the buffer pool ({} search iterations)! {} failed attempts to flush a page! Consider increasing innodb_buffer_pool_size. Pending flushes (fsync) log: {}; buffer pool: {}. {} OS file reads, {} OS file writes, {} OS fsyncs.",
       12, lambda r: (r.randint(21, 80), 0, r.randint(0, 3), r.randint(0, 9), r.randint(10 ** 6, 9 * 10 ** 6), r.randint(10 ** 6, 9 * 10 ** 6), r.randint(10 ** 5, 9 * 10 ** 5)),
       lv="Warning", code="MY-012111", sub="InnoDB"),
    ev("Transactions deadlock detected, dumping detailed information. ({}:{})", 14, lambda r: ("lock0lock.cc", 6482), code="MY-012468", sub="InnoDB", th="pc"),
    ev("*** ({}) TRANSACTION:", 28, lambda r: r.choice([1, 2]), code="MY-012469", sub="InnoDB", th="pc"),
    ev("TRANSACTION {}, ACTIVE {} sec {}", 28, lambda r: (r.randint(9 * 10 ** 7, 10 ** 8), r.randint(0, 9), r.choice(["starting index read", "inserting", "updating or deleting", "fetching rows"])),
       code="MY-012469", sub="InnoDB", th="pc"),
    ev("MySQL thread id {}, OS thread handle {}, query id {} {} {} {}", 28, lambda r: (r.randint(10000, 99999), r.randint(139870000000000, 139879999999999), r.randint(10 ** 7, 9 * 10 ** 7),
                                                                                     host(r), r.choice(USERS[:3]), r.choice(["updating", "executing", "statistics"])),
       code="MY-012469", sub="InnoDB", th="pc"),
    ev("RECORD LOCKS space id {} page no {} n bits {} index {} of table {} trx id {} lock_mode {}", 28,
       lambda r: (r.randint(30, 90), r.randint(4, 9000), r.choice([72, 80, 128]), r.choice(["PRIMARY", "idx_customer", "uk_order_ref"]),
                  "`%s`.`%s`" % (r.choice(DBS[:2]), r.choice(TABLES)), r.randint(9 * 10 ** 7, 10 ** 8), r.choice(["X locks rec but not gap", "X", "S locks gap before rec", "X insert intention waiting"])),
       code="MY-012469", sub="InnoDB", th="pc"),
    ev("*** WE ROLL BACK TRANSACTION ({})", 14, lambda r: r.choice([1, 2]), code="MY-012469", sub="InnoDB", th="pc"),
    ev("Replica I/O thread for channel '{}': connected to source '{}',replication started in log '{}' at position {}", 10,
       lambda r: (lambda c: (c, SOURCES[c], binlog(r), r.randint(4, 99999999)))(chan(r)), lv="System", code="MY-010562", sub="Repl", th="io"),
    ev("Replica I/O for channel '{}': error reconnecting to source '{}' - retry-time: {} retries: {} message: {}, Error_code: {}", 45,
       lambda r: (lambda c: (c, SOURCES[c], 60, r.randint(1, 30), "Can't connect to MySQL server on '%s' (111)" % SOURCES[c].split("@")[1], "MY-002003"))(chan(r)),
       lv="ERROR", code="MY-010584", sub="Repl", th="io"),
    ev("Replica I/O for channel '{}': Source command COM_BINLOG_DUMP failed: failed dumping binlog from {}, Error_code: {}", 6,
       lambda r: (chan(r), "'binlog.001181' at 4 due to Could not open log file", "MY-013114"), lv="ERROR", code="MY-010584", sub="Repl", th="io"),
    ev("Replica SQL thread for channel '{}' initialized, starting replication in log '{}' at position {}, relay log '{}' position: {}", 10,
       lambda r: (chan(r), binlog(r), r.randint(4, 99999999), "./relay-bin-%s.%06d" % (chan(r), r.randint(2, 60)), 4), code="MY-010581", sub="Repl", th="sql"),
    ev("Replica SQL for channel '{}': Worker {} failed executing transaction '{}' at source log {}, end_log_pos {}; Could not execute {} event on table {}; {}, Error_code: {}; handler error {}; the event's source log {}, end_log_pos {}, Error_code: {}",
       8, lambda r: (lambda b, p, e: (chan(r), r.randint(1, 4), "ANONYMOUS", b, p, e[0], tbl(r), e[1], e[2], e[3], b, p, "MY-00" + str(e[2])))(
           binlog(r), r.randint(10 ** 5, 10 ** 8), r.choice([("Write_rows", "Duplicate entry '%d' for key 'PRIMARY'" % r.randint(10 ** 5, 10 ** 6), 1062, "HA_ERR_FOUND_DUPP_KEY"),
                                                           ("Delete_rows", "Can't find record in 'payments'", 1032, "HA_ERR_KEY_NOT_FOUND"),
                                                           ("Update_rows", "Can't find record in 'orders'", 1032, "HA_ERR_KEY_NOT_FOUND")])),
       lv="ERROR", code="MY-010584", sub="Repl", th="sql"),
    ev("Error running query, replica SQL thread aborted. Fix the problem, and restart the replica SQL thread with \"START REPLICA\". We stopped at log '{}' position {}", 5,
       lambda r: (binlog(r), r.randint(10 ** 5, 10 ** 8)), lv="ERROR", code="MY-010586", sub="Repl", th="sql"),
    ev("Replica SQL thread for channel '{}' exiting, replication stopped in log '{}' at position {}", 5, lambda r: (chan(r), binlog(r), r.randint(10 ** 5, 10 ** 8)), lv="System", code="MY-010582",
       sub="Repl", th="sql"),
    ev("The table '{}' is full!", 10, lambda r: r.choice(["/tmp/#sql1_%x_%d" % (r.randint(20, 400), r.randint(0, 9)), "report_tmp"]), lv="ERROR", code="MY-013132"),
    ev("Operating system error number {} in a file operation.", -2, lambda r: 28, lv="ERROR", code="MY-012592", sub="InnoDB"),
    ev("Error number {} means '{}'", -2, lambda r: (28, "No space left on device"), lv="ERROR", code="MY-012596", sub="InnoDB"),
    ev("Cannot add field `{}` in table `{}`.`{}` because after adding it, the row size is {} which is greater than maximum allowed size ({}) for a record on index leaf page.", -1,
       lambda r: ("notes_html", "reports", "monthly_summary", 8128, 8126), lv="Warning", code="MY-011825", sub="InnoDB"),
    ev("Got packets out of order", 4, lv="Note", code="MY-010914"),
    ev("Timeout waiting for reply of binlog (file: {}, pos: {}), semi-sync up to file {}, position {}.", 4,
       lambda r: (binlog(r), r.randint(10 ** 5, 10 ** 8), binlog(r), r.randint(10 ** 5, 10 ** 8)), lv="Warning", code="MY-011153", th=0),
    ev("Semi-sync replication switched OFF.", -1, code="MY-011155", th=0),
    ev("Semi-sync replication switched ON at ({}, {}).", -1, lambda r: (binlog(r), r.randint(10 ** 5, 10 ** 8)), code="MY-011156", th=0),
    ev("Host '{}' is blocked because of many connection errors; unblock with 'mysqladmin flush-hosts'", 3, host, lv="Warning", code="MY-010915"),
    ev("Too many connections", 15, lv="Warning", code="MY-010330"),
    ev("User '{}'@'{}' has exceeded the '{}' resource (current value: {})", 20, lambda r: (r.choice(["reporting", "etl"]), "%", r.choice(["max_user_connections", "max_questions"]), r.randint(50, 3000)),
       lv="Note", code="MY-010920"),
    ev("Replica I/O for channel '{}': Got fatal error {} from source when reading data from binary log: '{}', Error_code: {}", -1,
       lambda r: ("ch_billing", 1236, "Cannot replicate because the source purged required binary logs. Replicate the missing transactions from elsewhere, or provision a new replica from backup.", "MY-013114"),
       lv="ERROR", code="MY-013114", sub="Repl", th="io"),
    ev("Event Scheduler: [{}].[{}.{}] event execution failed.", 6, lambda r: ("root@localhost", "reports", r.choice(["ev_purge_sessions", "ev_rollup_daily"])), lv="ERROR", code="MY-010045"),
    # shut-down
    ev("Received SHUTDOWN from user {}. Shutting down mysqld (Version: {}).", -1, lambda r: ("<via user signal>", "8.0.35"), lv="System", code="MY-013172", th=0, pos="end"),
    ev("Giving {} client threads a chance to die gracefully", -1, lambda r: 37, code="MY-010067", th=0, pos="end"),
    ev("Shutting down replica threads", -1, code="MY-010117", th=0, pos="end"),
    ev("Forcefully disconnecting {} remaining clients", -1, lambda r: 4, code="MY-010118", th=0, pos="end"),
    ev("{}: Forcing close of thread {}  user: '{}'.", 4, lambda r: ("/usr/sbin/mysqld", r.randint(10000, 99999), r.choice(USERS)), lv="Warning", code="MY-010909", th=0, pos="end"),
    ev("Starting shutdown...", -1, code="MY-013072", sub="InnoDB", th=0, pos="end"),
    ev("Shutdown completed; log sequence number {}", -1, lambda r: 48211903817, code="MY-012980", sub="InnoDB", th=0, pos="end"),
    ev("{}: Shutdown complete (mysqld {})  MySQL Community Server - GPL.", -1, lambda r: ("/usr/sbin/mysqld", "8.0.35"), lv="System", code="MY-010910", th=0, pos="end"),
]

CHAN_TH = {"io": 9, "sql": 10}


def header(r, t, ev, n):
    th = ev.meta["th"]
    if th == "conn":
        th = r.randint(10000, 99999)
    elif th == "pc":
        th = 0
    elif th in CHAN_TH:
        th = CHAN_TH[th] + 2 * r.randint(0, 1)
    return "%s.%06dZ %s [%s] [%s] [%s] " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond + r.randint(0, 999), th, ev.meta["lv"], ev.meta["code"], ev.meta["sub"])
