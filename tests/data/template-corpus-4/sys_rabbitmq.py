"""RabbitMq: node `rabbit@rmq-1` of a three-node RabbitMQ 3.12 cluster, in the default file log format (time with
microseconds and offset, `[level]`, the Erlang pid of the logging process). Multi-line messages (channel errors,
alarm banners) are flattened onto one line, the line break becoming a space. Erlang's `~tp` prints an atom such as
`'rabbit@rmq-2'` with its quotes, so those quotes belong to the value; quotes written in the format string around a
`~ts` value (`vhost: '~ts'`) are constant. A connection's name (`10.0.8.5:43210 -> 10.0.0.9:5672`, with ` - <client
name>` when the client sets one) is one string value."""
from gen_common import E, hexs, turn

NAME = "RabbitMq"
LAYOUT = "<Date> <Time> \\[<Level>\\] <Pid> <Content>"

NODES = ["'rabbit@rmq-1'", "'rabbit@rmq-2'", "'rabbit@rmq-3'"]
VHOSTS = ["/", "/", "/", "orders", "billing", "tenant-42"]
USERS = ["app", "app", "orders-svc", "billing-svc", "monitoring"]
QUEUES = ["orders.created", "orders.paid", "billing.invoice", "email.outbox", "stock.reserve", "audit.events"]
CLIENT_NAMES = ["orders-api-7f9c", "billing-worker-2", "mailer-1", "stock-sync"]


def ev(fmt, weight, gen=None, lv="info", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def epid(r, node=0):
    return "<%d.%d.0>" % (node, r.randint(400, 60000))


def cname(r, named=False):
    n = "10.0.%d.%d:%d -> 10.0.0.9:5672" % (r.choice([8, 9, 12]), r.randint(2, 250), r.randint(32768, 60999))
    if named or r.random() < 0.4:
        n += " - " + r.choice(CLIENT_NAMES)
    return n


def vh(r):
    return r.choice(VHOSTS)


def user(r):
    return r.choice(USERS)


def q(r):
    return r.choice(QUEUES)


def node(r):
    return r.choice(NODES[1:])


EVENTS = [
    # start-up
    ev("Starting RabbitMQ {} on Erlang {} [{}]", -1, lambda r: ("3.12.10", "26.1.2", "jit"), pos="start"),
    ev("node           : {}", -1, lambda r: "rabbit@rmq-1", pos="start"),
    ev("home dir       : {}", -1, lambda r: "/var/lib/rabbitmq", pos="start"),
    ev("config file(s) : {}", -1, lambda r: "/etc/rabbitmq/conf.d/10-defaults.conf", pos="start"),
    ev("Running boot step {} defined by app {}", 40, lambda r: (r.choice(["pre_boot", "rabbit_registry", "rabbit_alarm", "codec_correctness_check", "database", "file_handle_cache",
                                                                         "rabbit_memory_monitor", "guid_generator", "rabbit_sysmon_minder", "empty_db_check", "rabbit_looking_glass",
                                                                         "rabbit_core_metrics_gc", "networking", "recovery", "background_gc"]), "rabbit"), lv="debug", pos="start"),
    ev("Waiting for Mnesia tables for {} ms, {} retries left", -2, lambda r: (30000, turn("mn", [9, 8])), pos="start"),
    ev("Successfully synced tables from a peer", -1, pos="start"),
    ev("Recovering {} queues of type {} took {}ms", -2, lambda r: (r.randint(10, 300), turn("rq", ["rabbit_classic_queue", "rabbit_quorum_queue"]), r.randint(2, 900)), pos="start"),
    ev("Ready to start client connection listeners", -1, pos="start"),
    ev("started TCP listener on {}", -1, lambda r: "[::]:5672", pos="start"),
    ev("Management plugin: HTTP (non-TLS) listener started on port {}", -1, lambda r: 15672, pos="start"),
    ev("Server startup complete; {} plugins started.", -1, lambda r: 4, pos="start"),
    ev("Time to start RabbitMQ: {} ms", -1, lambda r: 18734, pos="start"),
    # runtime: connections and channels
    ev("accepting AMQP connection {} ({})", 300, lambda r: (epid(r), cname(r)), pos=None),
    ev("connection {} ({}): user '{}' authenticated and granted access to vhost '{}'", 290, lambda r: (epid(r), cname(r), user(r), vh(r))),
    ev("Connection {} ({}) has a client-provided name: {}", 90, lambda r: (epid(r), cname(r), r.choice(CLIENT_NAMES))),
    ev("closing AMQP connection {} ({}, vhost: '{}', user: '{}')", 280, lambda r: (epid(r), cname(r), vh(r), user(r))),
    ev("closing AMQP connection {} ({}, vhost: '{}', user: '{}'): client unexpectedly closed TCP connection", 110, lambda r: (epid(r), cname(r), vh(r), user(r)), lv="warning"),
    ev("closing AMQP connection {} ({}, vhost: '{}', user: '{}'): missed heartbeats from client, timeout: {}s", 35, lambda r: (epid(r), cname(r), vh(r), user(r), 60), lv="error"),
    ev("Error on AMQP connection {} ({}, state: {}): {} login refused: user '{}' - invalid credentials", 25, lambda r: (epid(r), cname(r), "starting", r.choice(["PLAIN", "AMQPLAIN"]), r.choice(USERS + ["guest", "admin"])),
       lv="error"),
    ev("Channel error on connection {} ({}, vhost: '{}', user: '{}'), channel {}: operation {} caused a channel exception {}: {}", 120,
       lambda r: (lambda c: (epid(r), cname(r), vh(r), user(r), c) + r.choice([
           ("basic.publish", "not_found", "no exchange '%s' in vhost '%s'" % (r.choice(["orders.x", "billing.dlx", "events"]), vh(r))),
           ("queue.declare", "precondition_failed", "inequivalent arg 'x-queue-type' for queue '%s' in vhost '%s': received the value 'quorum' of type 'longstr' but current is none" % (q(r), vh(r))),
           ("none", "precondition_failed", "delivery acknowledgement on channel %d timed out. Timeout value used: 1800000 ms. This timeout value can be configured, see consumers doc guide to learn more" % c),
           ("basic.consume", "resource_locked", "cannot obtain exclusive access to locked queue '%s' in vhost '%s'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration." % (q(r), vh(r)))]))(r.randint(1, 12)),
       lv="error"),
    ev("Consumer '{}' on channel {} and queue '{}' in vhost '{}' has timed out waiting for a consumer acknowledgement of a delivery with delivery tag = {}. Timeout used: {} ms. This timeout value can be configured, see consumers doc guide to learn more",
       30, lambda r: ("amq.ctag-" + hexs(r, 22), r.randint(1, 12), q(r), vh(r), r.randint(1, 90000), 1800000), lv="warning"),
    ev("Closing all channels from connection '{}' because it has been closed", 160, lambda r: cname(r)),
    # alarms
    ev("vm_memory_high_watermark set. Memory used:{} allowed:{}", 3, lambda r: (r.randint(3436000000, 3600000000), 3435973836), lv="info"),
    ev("vm_memory_high_watermark clear. Memory used:{} allowed:{}", 3, lambda r: (r.randint(2000000000, 3400000000), 3435973836), lv="info"),
    ev("{} resource limit alarm set on node {}.  ********************************************************** *** Publishers will be blocked until this alarm clears *** **********************************************************",
       5, lambda r: (r.choice(["memory", "memory", "disk"]), NODES[0]), lv="warning"),
    ev("{} resource limit alarm cleared on node {}", 5, lambda r: (r.choice(["memory", "memory", "disk"]), NODES[0]), lv="warning"),
    ev("{} resource limit alarm cleared across the cluster", 4, lambda r: r.choice(["memory", "disk"]), lv="warning"),
    ev("Free disk space is insufficient. Free bytes: {}. Limit: {}", 3, lambda r: (r.randint(40000000, 49000000), 50000000), lv="info"),
    # cluster
    ev("rabbit on node {} down", 6, node),
    ev("node {} down: {}", 6, lambda r: (node(r), r.choice(["connection_closed", "net_tick_timeout"]))),
    ev("node {} up", 6, node),
    ev("Keeping {} listeners: the node is already back", 5, node),
    ev("Mnesia({}): ** ERROR ** mnesia_event got {}", -2, lambda r: (NODES[0], "{inconsistent_database, running_partitioned_network, %s}" % node(r)), lv="error"),
    ev("Autoheal request sent to {}", -1, lambda r: NODES[0]),
    ev("Autoheal finished according to winner {}", -1, lambda r: NODES[0]),
    # queues
    ev("Mirrored queue '{}' in vhost '{}': Promoting mirror {} to leader", 6, lambda r: (q(r), vh(r), "<rabbit@rmq-1.1796479331.%d.0>" % r.randint(400, 9000))),
    ev("Mirrored queue '{}' in vhost '{}': Adding mirror on node {}: {}", 10, lambda r: (q(r), vh(r), node(r), epid(r, r.choice([12345, 12346])))),
    ev("Mirrored queue '{}' in vhost '{}': Synchronising: {} messages to synchronise", 8, lambda r: (q(r), vh(r), r.randint(1, 40000))),
    ev("Mirrored queue '{}' in vhost '{}': Synchronising: all mirrors already synced", 8, lambda r: (q(r), vh(r))),
    ev("queue '{}' in vhost '{}': detected a new leader {} in term {}", 14, lambda r: (q(r), vh(r), "{'%%2F_%s',%s}" % (q(r), node(r)), r.randint(2, 30))),
    ev("queue '{}' in vhost '{}': leader call - leader not known. Command will be forwarded once leader is known.", 9, lambda r: (q(r), vh(r)), lv="warning"),
    # vhosts and users
    ev("Adding vhost '{}' (description: '{}', tags: {})", 3, lambda r: r.choice([("tenant-%d" % r.randint(40, 60), "tenant %d" % r.randint(40, 60), "[]"), ("staging", "staging copy", "[replicate]")])),
    ev("Deleting vhost '{}'", -2, lambda r: "tenant-%d" % r.randint(10, 30)),
    ev("Starting message stores for vhost '{}'", 4, vh),
    ev("Started message store of type {} for vhost '{}'", 8, lambda r: (r.choice(["transient", "persistent"]), vh(r))),
    ev("Successfully set permissions for user '{}' in virtual host '{}' to '{}', '{}', '{}'", 3, lambda r: (user(r), vh(r), ".*", ".*", ".*")),
    ev("HTTP access denied: user '{}' - {}", 18, lambda r: r.choice([("guest", "User can only log in via localhost"), ("admin", "invalid credentials"), ("monitoring", "Not management user")]),
       lv="warning"),
    ev("Ranch acceptor reducing accept rate: out of file descriptors", -1, lv="error"),
    # shut-down
    ev("RabbitMQ is asked to stop...", -1, pos="end"),
    ev("stopped TCP listener on {}", -1, lambda r: "[::]:5672", pos="end"),
    ev("Closing all connections in vhost '{}' on node '{}' because the vhost is stopping", 3, lambda r: (turn("cv", ["/", "orders", "billing"]), "rabbit@rmq-1"), pos="end"),
    ev("Stopping message store for directory '{}'", 2, lambda r: "/var/lib/rabbitmq/mnesia/rabbit@rmq-1/msg_stores/vhosts/628WB79CIFDYO9LJI6DKMI09L/msg_store_%s" % turn("ms", ["persistent", "transient"]), pos="end"),
    ev("Successfully stopped RabbitMQ and its dependencies", -1, pos="end"),
    ev("Halting Erlang VM with the following applications: {}", -1, lambda r: "[ra, sysmon_handler, os_mon, mnesia, ranch, credentials_obfuscation, aten, amqp10_common, amqp_client, rabbit_common, cowlib, cowboy, prometheus, seshat, inets]", pos="end"),
]


def header(r, t, ev, n):
    return "%s %s.%06d+00:00 [%s] <0.%d.0> " % (t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), t.microsecond + r.randint(0, 999), ev.meta["lv"], r.randint(200, 60000))
