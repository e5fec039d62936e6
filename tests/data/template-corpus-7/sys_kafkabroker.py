"""KafkaBroker: broker 1 of a three-broker Apache Kafka 3.5 cluster in ZooKeeper mode (it is also the active
controller), `server.log` written by log4j with Kafka's pattern `[%d] %p %m (%c)%n` (`[2026-11-28 14:02:11,123] INFO `,
the message, then the logger in parentheses). Start-up (version, ZooKeeper session, log loading, broker
registration), steady state (segments rolled and deleted, producer snapshots, ISR shrink and expand, replica
fetchers, group coordinator rebalances and offset expiry, controller elections and state changes, log cleaner,
authentication failures, topic creation), shut-down on SIGTERM.

The logger suffix ` (%c)` is kept in Content: Loghub's layout syntax cannot split off a trailing parenthesised field
when messages themselves contain ` (`, so the header is only `[<Date> <Time>] <Level>`; every format string here is
logged by one logger, so the suffix is constant text of its event."""
from gen_common import E, ip, hexs, pick, turn

NAME = "KafkaBroker"
LAYOUT = "\\[<Date> <Time>\\] <Level> <Content>"

ME = 1
TOPICS = {"orders": 12, "payments": 6, "clickstream": 24, "inventory-updates": 6, "audit-log": 3, "__consumer_offsets": 50,
          "email-notifications": 3, "user-profile-changelog": 6}
DIR = "/var/lib/kafka/data"
GROUPS = ["order-service", "payment-processor", "analytics-sink", "inventory-sync", "notification-worker", "search-indexer",
          "connect-s3-sink", "fraud-detector"]
BROKERS = {1: "10.30.0.11", 2: "10.30.0.12", 3: "10.30.0.13"}


def ev(fmt, weight, gen=None, lv="INFO", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def tp(r, internal=True):
    names = list(TOPICS) if internal else [t for t in TOPICS if not t.startswith("__")]
    t = r.choice(names)
    return "%s-%d" % (t, r.randrange(TOPICS[t]))


def data_tp(r):
    t = r.choice(["clickstream", "clickstream", "clickstream", "orders", "orders", "payments", "audit-log", "inventory-updates", "__consumer_offsets"])
    return "%s-%d" % (t, r.randrange(TOPICS[t]))


def off(r):
    return r.randint(1000, 98000000)


def seg(r):
    base = off(r)
    ms = 1764300000000 + r.randint(-8 * 86400000, 0)
    return "LogSegment(baseOffset=%d, size=%d, lastModifiedTime=%d, largestRecordTimestamp=Some(%d))" % (base, r.randint(100000, 1073741000), ms, ms - r.randint(0, 9000))


def isr(r):
    return r.choice(["1,2,3", "1,3,2", "2,1,3", "3,1,2"])


def group(r):
    return r.choice(GROUPS)


def member(r, g):
    return "%s-%s-%d-%s" % (r.choice(["consumer", "connector-consumer"]), g, r.randint(1, 6), "%s-%s-%s-%s-%s" % (hexs(r, 8), hexs(r, 4), hexs(r, 4), hexs(r, 4), hexs(r, 12)))


def gpart(r):
    return "__consumer_offsets-%d" % r.randrange(50)


def roll(r):
    return data_tp(r), DIR, off(r), r.randint(1, 14)


def tps(r, n=None):
    n = n or r.choice([1, 1, 2, 3, 5])
    return "Set(%s)" % ", ".join(sorted(set(tp(r, False) for _ in range(n))))


def shrink(r):
    t = tp(r)
    hw = off(r)
    return t, ME, "1,2,3", pick(r, "1,2", "1,3"), hw, hw + r.randint(1, 400), "(brokerId: %d, endOffset: %d)" % (r.choice([2, 3]), hw - r.randint(0, 900))


def rebalance(r):
    g = group(r)
    return (ME, g, pick(r, "Stable", "Stable", "Stable", "CompletingRebalance", "Empty"), r.randint(1, 3000), gpart(r),
            r.choice(["Adding new member %s with group instance id None; client reason: not provided" % member(r, g),
                      "Updating metadata for member %s during Stable; client reason: not provided" % member(r, g),
                      "removing member %s on heartbeat expiration" % member(r, g),
                      "Removing member %s on LeaveGroup; client reason: the consumer is being closed" % member(r, g)]))


EVENTS = [
    ev("Registered kafka:type=kafka.Log4jController MBean (kafka.utils.Log4jControllerRegistration$)", -1, pos="start"),
    ev("Setting -D jdk.tls.rejectClientInitiatedRenegotiation=true to disable client-initiated TLS renegotiation (org.apache.zookeeper.common.X509Util)", -1, pos="start"),
    ev("starting (kafka.server.KafkaServer)", -1, pos="start"),
    ev("Connecting to zookeeper on {} (kafka.server.KafkaServer)", -1, lambda r: "zk-1:2181,zk-2:2181,zk-3:2181/kafka", pos="start"),
    ev("[ZooKeeperClient Kafka server] Initializing a new session to {}. (kafka.zookeeper.ZooKeeperClient)", -1, lambda r: "zk-1:2181,zk-2:2181,zk-3:2181/kafka", pos="start"),
    ev("[ZooKeeperClient Kafka server] Connected. (kafka.zookeeper.ZooKeeperClient)", -1, pos="start"),
    ev("Cluster ID = {} (kafka.server.KafkaServer)", -1, lambda r: "q3Zb7kYtS2uVJ1nXw0pR8A", pos="start"),
    ev("Loading logs from log dirs {} (kafka.log.LogManager)", -1, lambda r: "ArraySeq(%s)" % DIR, pos="start"),
    ev("[LogLoader partition={}, dir={}] Loading producer state till offset {} with message format version {} (kafka.log.UnifiedLog$)", -12,
       lambda r: (tp(r), DIR, off(r), 2), pos="start"),
    ev("Completed load of {} with {} segments, local-log-start-offset {} and log end offset {} in {} ms ({}/{} completed in {}) (kafka.log.LogManager)", -12,
       lambda r: (lambda t, n, o, k: ("Log(dir=%s/%s, topicId=%s, topic=%s, partition=%s, highWatermark=%d, lastStableOffset=%d, logStartOffset=%d, logEndOffset=%d)" % (DIR, t, hexs(r, 22), t.rsplit("-", 1)[0], t.rsplit("-", 1)[1], o + k, o + k, o, o + k),
                                          r.randint(1, 40), o, o + k, r.randint(3, 900), n, 118, DIR))(tp(r), turn("kafka-load", list(range(1, 119, 10))), off(r), r.randint(0, 900000)), pos="start"),
    ev("Loaded {} logs in {}ms (kafka.log.LogManager)", -1, lambda r: (118, 8412), pos="start"),
    ev("Starting log cleanup with a period of {} ms. (kafka.log.LogManager)", -1, lambda r: 300000, pos="start"),
    ev("Starting the log cleaner (kafka.log.LogCleaner)", -1, pos="start"),
    ev("Updated connection-accept-rate max connection creation rate to {} (kafka.network.ConnectionQuotas)", -2, lambda r: 2147483647, pos="start"),
    ev("[SocketServer listenerType=ZK_BROKER, nodeId={}] Created data-plane acceptor and processors for endpoint : ListenerName({}) (kafka.network.SocketServer)", -2,
       lambda r: (ME, turn("kafka-listener", ["INTERNAL", "SASL_SSL"])), pos="start"),
    ev("Registered broker {} at path {} with addresses: {}, czxid (broker epoch): {} (kafka.zk.KafkaZkClient)", -1,
       lambda r: (ME, "/brokers/ids/1", "INTERNAL://kafka-1.internal:9092,SASL_SSL://kafka-1.example.org:9094", 51539731871), pos="start"),
    ev("[KafkaServer id={}] started (kafka.server.KafkaServer)", -1, lambda r: ME, pos="start"),
    ev("Kafka version: {} (org.apache.kafka.common.utils.AppInfoParser)", -1, lambda r: "3.5.1", pos="start"),
    ev("Kafka commitId: {} (org.apache.kafka.common.utils.AppInfoParser)", -1, lambda r: "2c6fb6c54472e90a", pos="start"),
    ev("Kafka startTimeMs: {} (org.apache.kafka.common.utils.AppInfoParser)", -1, lambda r: 1764338531402, pos="start"),
    # steady state: log layer
    ev("[LocalLog partition={}, dir={}] Rolled new log segment at offset {} in {} ms. (kafka.log.LocalLog)", 300, roll),
    ev("[ProducerStateManager partition={}] Wrote producer snapshot at offset {} with {} producer ids in {} ms. (kafka.log.ProducerStateManager)", 280,
       lambda r: (data_tp(r), off(r), r.randint(0, 40), r.randint(0, 9))),
    ev("[UnifiedLog partition={}, dir={}] Deleting segment {} due to log retention time {}ms breach based on the largest record timestamp in the segment (kafka.log.UnifiedLog)", 95,
       lambda r: (data_tp(r), DIR, seg(r), pick(r, 604800000, 604800000, 259200000))),
    ev("[UnifiedLog partition={}, dir={}] Deleting segment {} due to log retention size {} breach. Log size after deletion will be {}. (kafka.log.UnifiedLog)", 25,
       lambda r: ("clickstream-%d" % r.randrange(24), DIR, seg(r), 53687091200, r.randint(53000000000, 53687091200))),
    ev("[UnifiedLog partition={}, dir={}] Incremented log start offset to {} due to {} (kafka.log.UnifiedLog)", 120,
       lambda r: (data_tp(r), DIR, off(r), pick(r, "SegmentDeletion", "SegmentDeletion", "SegmentDeletion", "LeaderOffsetIncremented", "ClientRecordDeletion"))),
    ev("[LocalLog partition={}, dir={}] Deleting segment files {} (kafka.log.LocalLog$)", 110, lambda r: (data_tp(r), DIR, seg(r))),
    ev("Deleted producer state snapshot {} (kafka.log.SnapshotFile)", 60, lambda r: "%s/%s/%020d.snapshot.deleted" % (DIR, data_tp(r), off(r))),
    ev("Deleted log {}. (kafka.log.LogSegment)", 80, lambda r: "%s/%s/%020d.log.deleted" % (DIR, data_tp(r), off(r))),
    ev("Deleted offset index {}. (kafka.log.LogSegment)", 80, lambda r: "%s/%s/%020d.index.deleted" % (DIR, data_tp(r), off(r))),
    ev("Deleted time index {}. (kafka.log.LogSegment)", 80, lambda r: "%s/%s/%020d.timeindex.deleted" % (DIR, data_tp(r), off(r))),
    ev("Created log for partition {} in {} with properties {} (kafka.log.LogManager)", 4,
       lambda r: ("email-notifications-%d" % r.randrange(3), "%s/email-notifications-%d" % (DIR, r.randrange(3)), "{retention.ms=86400000, cleanup.policy=delete}")),
    # replication
    ev("[Partition {} broker={}] Shrinking ISR from {} to {}. Leader: (highWatermark: {}, endOffset: {}). Out of sync replicas: {}. (kafka.cluster.Partition)", 40, shrink),
    ev("[Partition {} broker={}] Expanding ISR from {} to {} (kafka.cluster.Partition)", 38, lambda r: (tp(r), ME, pick(r, "1,2", "1,3"), "1,2,3")),
    ev("[Partition {} broker={}] ISR updated to {} and version updated to {} (kafka.cluster.Partition)", 75, lambda r: (tp(r), ME, isr(r), r.randint(2, 300))),
    ev("[Partition {} broker={}] Failed to alter partition to PendingExpandIsr({}, {}, leaderRecoveryState={}, partitionEpoch={}) since the controller rejected the request with {}. Partition state has been reset to the latest committed state CommittedPartitionState(isr={}, leaderRecoveryState={}, partitionEpoch={}). (kafka.cluster.Partition)", 3,
       lambda r: (lambda t, e: (t, ME, 3, "Set(1, 2, 3)", "RECOVERED", e, "INVALID_UPDATE_VERSION", "Set(1, 2)", "RECOVERED", e + 1))(tp(r), r.randint(20, 300)), lv="WARN"),
    ev("[ReplicaFetcherManager on broker {}] Removed fetcher for partitions {} (kafka.server.ReplicaFetcherManager)", 30, lambda r: (ME, tps(r))),
    ev("[ReplicaFetcherManager on broker {}] Added fetcher to broker {} for partitions {} (kafka.server.ReplicaFetcherManager)", 22,
       lambda r: (ME, "BrokerEndPoint(id=%d, host=kafka-%d.internal:9092)" % ((lambda b: (b, b))(pick(r, 2, 3))), "HashMap(%s -> InitialFetchState(Some(%s),BrokerEndPoint(id=2, host=kafka-2.internal:9092),%d,%d))" % (tp(r, False), hexs(r, 22), r.randint(1, 40), off(r)))),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Error sending fetch request {} to node {}: (kafka.server.ReplicaFetcherThread)", 26,
       lambda r: (lambda l: (ME, l, r.randint(0, 1), "(sessionId=%d, epoch=%d)" % (r.randint(10**8, 2 * 10**9), r.randint(1, 90000)), l))(pick(r, 2, 3)), lv="WARN"),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Truncating partition {} with TruncationState(offset={}, completed={}) due to leader epoch and offset EpochEndOffset(errorCode={}, partition={}, leaderEpoch={}, endOffset={}) (kafka.log.UnifiedLog)", 9,
       lambda r: (lambda l, o: (ME, l, 0, tp(r, False), o, "true", 0, r.randrange(12), r.randint(1, 60), o))(pick(r, 2, 3), off(r))),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Starting (kafka.server.ReplicaFetcherThread)", 6, lambda r: (ME, pick(r, 2, 3), r.randint(0, 1))),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Shutting down (kafka.server.ReplicaFetcherThread)", 5, lambda r: (ME, pick(r, 2, 3), r.randint(0, 1))),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Shutdown completed (kafka.server.ReplicaFetcherThread)", 5, lambda r: (ME, pick(r, 2, 3), r.randint(0, 1))),
    ev("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Partition {} marked as failed (kafka.server.ReplicaFetcherThread)", 1, lambda r: (ME, 3, 0, "audit-log-2"), lv="WARN"),
    # group coordinator
    ev("[GroupCoordinator {}]: Preparing to rebalance group {} in state {} with old generation {} ({}) (reason: {}) (kafka.coordinator.group.GroupCoordinator)", 60, rebalance),
    ev("[GroupCoordinator {}]: Stabilized group {} generation {} ({}) with {} members (kafka.coordinator.group.GroupCoordinator)", 55,
       lambda r: (ME, group(r), r.randint(1, 3000), gpart(r), r.randint(1, 12))),
    ev("[GroupCoordinator {}]: Assignment received from leader {} for group {} for generation {}. The group has {} members, {} of which are static. (kafka.coordinator.group.GroupCoordinator)", 50,
       lambda r: (lambda g: (ME, member(r, g), g, r.randint(1, 3000), r.randint(1, 12), 0))(group(r))),
    ev("[GroupCoordinator {}]: Member {} in group {} has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)", 24,
       lambda r: (lambda g: (ME, member(r, g), g))(group(r))),
    ev("[GroupCoordinator {}]: Dynamic member with unknown member id joins group {} in {} state. Created a new member id {} and request the member to rejoin with this id. (kafka.coordinator.group.GroupCoordinator)", 30,
       lambda r: (lambda g: (ME, g, pick(r, "Stable", "PreparingRebalance", "Empty"), member(r, g)))(group(r))),
    ev("[GroupCoordinator {}]: Group {} with generation {} is now empty ({}) (kafka.coordinator.group.GroupCoordinator)", 8, lambda r: (ME, group(r), r.randint(1, 3000), gpart(r))),
    ev("[GroupMetadataManager brokerId={}] Removed {} expired offsets in {} milliseconds. (kafka.coordinator.group.GroupMetadataManager)", 6, lambda r: (ME, pick(r, 0, 0, 0, 3, 17), r.randint(0, 9))),
    # controller
    ev("[Controller id={}] Processing automatic preferred replica leader election (kafka.controller.KafkaController)", 6, lambda r: ME),
    ev("[Controller id={}] Starting replica leader election ({}) for partitions {} triggered by {} (kafka.controller.KafkaController)", 4,
       lambda r: (ME, "PREFERRED", tps(r, 3), pick(r, "AutoTriggered", "AutoTriggered", "AdminClientTriggered"))),
    ev("[Controller id={}] Updated broker epochs cache: {} (kafka.controller.KafkaController)", 2,
       lambda r: (ME, turn("kafka-epochs", ["HashMap(1 -> 51539731871, 2 -> 51539731903)", "HashMap(1 -> 51539731871, 2 -> 51539731903, 3 -> 51539740117)"]))),
    ev("[Controller id={}] Broker failure callback for {} (kafka.controller.KafkaController)", 1, lambda r: (ME, 3)),
    ev("[Controller id={} epoch={}] Changed partition {} from {} to {} with state LeaderAndIsr(leader={}, leaderEpoch={}, isr={}, leaderRecoveryState={}, partitionEpoch={}) (state.change.logger)", 20,
       lambda r: (ME, 41, tp(r, False), "OnlinePartition", "OnlinePartition", r.choice([1, 2]), r.randint(5, 60), pick(r, "List(1, 2, 3)", "List(1, 2, 3)", "List(1, 2)", "List(2, 1, 3)"), "RECOVERED", r.randint(5, 300))),
    ev("[Controller id={} epoch={}] Sending UpdateMetadata request to brokers {} for {} partitions (state.change.logger)", 14,
       lambda r: (ME, 41, pick(r, "HashSet(1, 2, 3)", "HashSet(1, 2)", "HashSet()"), r.randint(0, 48))),
    ev("[Controller id={}] Topics not in preferred replica for broker {} {} (kafka.controller.KafkaController)", 18,
       lambda r: (ME, r.choice([1, 2, 3]), r.choice(["HashMap()", "HashMap()", "HashMap(orders-4 -> Vector(2, 3, 1))"]))),
    ev("[Controller id={}] New topics: [{}], deleted topics: [{}], new partition replica assignment [{}] (kafka.controller.KafkaController)", 2,
       lambda r: (ME, "HashSet(email-notifications)", "HashSet()", "Set(TopicIdReplicaAssignment(email-notifications,Some(%s),HashMap(email-notifications-0 -> ReplicaAssignment(replicas=1,2,3, addingReplicas=, removingReplicas=))))" % hexs(r, 22))),
    # cleaner, auth, misc
    ev("Cleaner {}: Beginning cleaning of log {} (kafka.log.LogCleaner)", 7, lambda r: (0, pick(r, "__consumer_offsets-%d" % r.randrange(50), "user-profile-changelog-%d" % r.randrange(6)))),
    ev("Cleaner {}: Building offset map for {}... (kafka.log.LogCleaner)", 7, lambda r: (0, "__consumer_offsets-%d" % r.randrange(50))),
    ev("Cleaner {}: Swapping in cleaned segment {} for segment(s) {} in log {} (kafka.log.LogCleaner)", 6,
       lambda r: (0, seg(r), "List(%s, %s)" % (seg(r), seg(r)), "Log(dir=%s/__consumer_offsets-%d, topic=__consumer_offsets, partition=%d, highWatermark=%d, lastStableOffset=%d, logStartOffset=0, logEndOffset=%d)" % ((lambda p, o: (DIR, p, p, o, o, o))(r.randrange(50), off(r))))),
    ev("[SocketServer listenerType=ZK_BROKER, nodeId={}] Failed authentication with {} (channelId={}) ({}) (org.apache.kafka.common.network.Selector)", 28,
       lambda r: (lambda a: (ME, "/" + a, "10.30.0.11:9094-%s:%d-%d" % (a, r.randint(30000, 60000), r.randint(1, 900)),
                             r.choice(["Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512", "SSL handshake failed"])))(ip(r, "10.50"))),
    ev("[SocketServer listenerType=ZK_BROKER, nodeId={}] Unexpected error from {} (channelId={}); closing connection (org.apache.kafka.common.network.Processor)", 4,
       lambda r: (ME, "/%s" % ip(r, "10.50"), "10.30.0.11:9092-10.50.%d.%d:%d-%d" % (r.randint(0, 31), r.randint(2, 250), r.randint(30000, 60000), r.randint(1, 900))), lv="WARN"),
    ev("[Admin Manager on Broker {}]: Error processing create topic request {} (kafka.server.ZkAdminManager)", 2,
       lambda r: (ME, "CreatableTopic(name='orders', numPartitions=12, replicationFactor=3, assignments=[], configs=[])"), lv="INFO"),
    ev("[TransactionCoordinator id={}] Initialized transactionalId {} with producerId {} and producer epoch {} on partition {} (kafka.coordinator.transaction.TransactionCoordinator)", 10,
       lambda r: (ME, "payment-processor-tx-%d" % r.randint(0, 5), r.randint(1000, 90000), r.randint(0, 40), "__transaction_state-%d" % r.randrange(50))),
    ev("[ZooKeeperClient Kafka server] Waiting until connected. (kafka.zookeeper.ZooKeeperClient)", 1),
    # shut-down
    ev("Terminating process due to signal {} (org.apache.kafka.common.utils.LoggingSignalHandler)", -1, lambda r: "SIGTERM", pos="end"),
    ev("[KafkaServer id={}] shutting down (kafka.server.KafkaServer)", -1, lambda r: ME, pos="end"),
    ev("[KafkaServer id={}] Starting controlled shutdown (kafka.server.KafkaServer)", -1, lambda r: ME, pos="end"),
    ev("[KafkaServer id={}] Controlled shutdown request returned successfully after {}ms (kafka.server.KafkaServer)", -1, lambda r: (ME, 412), pos="end"),
    ev("[KafkaServer id={}] shut down completed (kafka.server.KafkaServer)", -1, lambda r: ME, pos="end"),
]

def header(r, t, ev, n):
    return "[%s,%03d] %s " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ev.meta["lv"])
