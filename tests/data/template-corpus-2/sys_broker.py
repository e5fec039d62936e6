"""Broker: a Kafka-broker-like server.log (one broker, id 1)."""
import random

from gen_common import E

NAME = "Broker"
LAYOUT = "\\[<Date> <Time>\\] <Level> <Content>"

_p = random.Random(202)
TOPICS = {"orders": 12, "payments": 6, "inventory": 6, "clickstream": 24, "audit-log": 3, "user-events": 8}
GROUPS = ["order-service", "billing-worker", "search-indexer", "fraud-detector", "analytics-etl", "email-sender",
          "console-consumer-48213"]
DIR = "/var/lib/kafka/data"
ME = 1


def part(r):
    t = r.choice(sorted(TOPICS))
    return "%s-%d" % (t, r.randint(0, TOPICS[t] - 1))


def coff(r):
    return "__consumer_offsets-%d" % r.randint(0, 49)


def isr(r, n=None):
    ids = sorted(r.sample([1, 2, 3, 4, 5], n or r.randint(1, 3)))
    return "[" + ",".join(map(str, ids)) + "]"


def off(r):
    return r.randint(1000, 90000000)


def segfile(r):
    return "%s/%s/%020d" % (DIR, part(r), off(r))


def seg(r):
    t = 1795000000000 + r.randint(0, 900000000)
    return off(r), r.randint(1000, 1073741824), t, t - r.randint(0, 5000)


def fetcher(r):
    return ME, r.choice([2, 3, 4, 5]), r.randint(0, 1)


def member(r, g):
    return "%s-%s" % (g if not g.startswith("console") else "consumer", "%08x-%04x-%04x-%04x-%012x" % (
        r.getrandbits(32), r.getrandbits(16), r.getrandbits(16), r.getrandbits(16), r.getrandbits(48)))


def grp(r):
    return r.choice(GROUPS)


def _rebalance(r):
    g = grp(r)
    reason = r.choice(["Adding new member %s with group instance id None; client reason: rebalance failed due to MemberIdRequiredException" % member(r, g),
                       "Leader %s re-joining group during Stable; client reason: need to revoke partitions and re-join" % member(r, g),
                       "removing member %s on heartbeat expiration" % member(r, g),
                       "Updating metadata for member %s during Stable; client reason: triggered followup rebalance scheduled for 0" % member(r, g)])
    return ME, g, r.randint(0, 400), coff(r), reason


def _node(r):
    b = r.choice([2, 3, 4, 5])
    return "kafka-%d.kafka.internal:9093 (id: %d rack: eu-west-1%s)" % (b, b, "abc"[b % 3])


ERRS = ["java.io.IOException: Connection to %d was disconnected before the response was read",
        "org.apache.kafka.common.errors.DisconnectException: null",
        "java.net.SocketTimeoutException: Failed to connect within 30000 ms"]

EVENTS = [
    E("[ProducerStateManager partition={}] Wrote producer snapshot at offset {} with {} producer ids in {} ms. (kafka.log.ProducerStateManager)", 220,
      lambda r: (part(r), off(r), r.randint(0, 40), r.randint(0, 12))),
    E("[LocalLog partition={}, dir={}] Rolled new log segment at offset {} in {} ms. (kafka.log.LocalLog)", 220,
      lambda r: (part(r), DIR, off(r), r.randint(0, 30))),
    E("[UnifiedLog partition={}, dir={}] Deleting segment LogSegment(baseOffset={}, size={}, lastModifiedTime={}, largestRecordTimestamp={}) due to retention time {}ms breach based on the largest record timestamp in the segment (kafka.log.UnifiedLog)", 150,
      lambda r: (part(r), DIR) + seg(r) + (r.choice([604800000, 604800000, 86400000, 259200000]),)),
    E("[UnifiedLog partition={}, dir={}] Incremented log start offset to {} due to segment deletion (kafka.log.UnifiedLog)", 130,
      lambda r: (part(r), DIR, off(r))),
    E("[LocalLog partition={}, dir={}] Deleting segment files LogSegment(baseOffset={}, size={}, lastModifiedTime={}, largestRecordTimestamp={}) (kafka.log.LocalLog$)", 130,
      lambda r: (part(r), DIR) + seg(r)),
    E("Deleted log {}.log.deleted. (kafka.log.LogSegment)", 120, segfile),
    E("Deleted offset index {}.index.deleted. (kafka.log.LogSegment)", 120, segfile),
    E("Deleted time index {}.timeindex.deleted. (kafka.log.LogSegment)", 120, segfile),
    E("Deleted producer state snapshot {}.snapshot.deleted (kafka.log.SnapshotFile)", 40, segfile),
    E("[UnifiedLog partition={}, dir={}] Found deletable segments with base offsets {} due to retention time {}ms breach (kafka.log.UnifiedLog)", 60,
      lambda r: (part(r), DIR, "[" + ",".join(str(off(r)) for _ in range(r.choice([1, 1, 1, 2, 3]))) + "]", 604800000)),
    E("[GroupMetadataManager brokerId={}] Removed {} expired offsets in {} milliseconds. (kafka.coordinator.group.GroupMetadataManager)", 90,
      lambda r: (ME, r.choice([0] * 6 + [1, 2, 5, 14]), r.randint(0, 9))),
    E("[GroupCoordinator {}]: Preparing to rebalance group {} in state PreparingRebalance with old generation {} ({}) (reason: {}) (kafka.coordinator.group.GroupCoordinator)", 45, _rebalance),
    E("[GroupCoordinator {}]: Stabilized group {} generation {} ({}) with {} members (kafka.coordinator.group.GroupCoordinator)", 42,
      lambda r: (ME, grp(r), r.randint(1, 400), coff(r), r.randint(1, 12))),
    E("[GroupCoordinator {}]: Assignment received from leader {} for group {} for generation {}. The group has {} members, {} of which are static. (kafka.coordinator.group.GroupCoordinator)", 40,
      lambda r: (lambda g: (ME, member(r, g), g, r.randint(1, 400), r.randint(1, 12), 0))(grp(r))),
    E("[GroupCoordinator {}]: Member {} in group {} has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)", 14,
      lambda r: (lambda g: (ME, member(r, g), g))(grp(r))),
    E("[GroupCoordinator {}]: Group {} with generation {} is now empty ({}) (kafka.coordinator.group.GroupCoordinator)", 8,
      lambda r: (ME, grp(r), r.randint(1, 400), coff(r))),
    E("[GroupCoordinator {}]: Dynamic member with unknown member id joins group {} in {} state. Created a new member id {} and request the member to rejoin with this id. (kafka.coordinator.group.GroupCoordinator)", 20,
      lambda r: (lambda g: (ME, g, r.choice(["Stable", "Stable", "Empty", "PreparingRebalance", "CompletingRebalance"]), member(r, g)))(grp(r))),
    E("[GroupCoordinator {}]: Loading group metadata for {} with generation {} (kafka.coordinator.group.GroupCoordinator)", 6,
      lambda r: (ME, grp(r), r.randint(1, 400))),
    E("[GroupMetadataManager brokerId={}] Finished loading offsets and group metadata from {} in {} milliseconds for epoch {}, of which {} milliseconds was spent in the scheduler. (kafka.coordinator.group.GroupMetadataManager)", 10,
      lambda r: (ME, coff(r), r.randint(1, 300), r.randint(5, 30), r.randint(0, 20))),
    E("[Partition {} broker={}] Shrinking ISR from {} to {}. Leader: (highWatermark: {}, endOffset: {}). Out of sync replicas: {}. (kafka.cluster.Partition)", 18,
      lambda r: (lambda a, b: (part(r), ME, "[%s]" % ",".join(map(str, a)), "[%s]" % ",".join(map(str, b)), off(r), off(r),
                               "(brokerId: %d, endOffset: %d, lastCaughtUpTimeMs: %d)" % (sorted(set(a) - set(b))[0], off(r), 1795000000000 + r.randint(0, 9 ** 8))))(
          [1, 2, 3], sorted([1] + r.sample([2, 3], 1)))),
    E("[Partition {} broker={}] Expanding ISR from {} to {} (kafka.cluster.Partition)", 17,
      lambda r: (lambda a: (part(r), ME, "[%s]" % ",".join(map(str, a)), "[1,2,3]"))(sorted([1] + r.sample([2, 3], 1)))),
    E("[Partition {} broker={}] ISR updated to {} and version updated to {} (kafka.cluster.Partition)", 35,
      lambda r: (part(r), ME, isr(r), r.randint(1, 300))),
    E("[Partition {} broker={}] Log loaded for partition {} with initial high watermark {} (kafka.cluster.Partition)", 25,
      lambda r: (lambda p: (p, ME, p, off(r)))(part(r))),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Truncating partition {} with TruncationState(offset={}, completed={}) due to leader epoch and offset EpochEndOffset(errorCode={}, partition={}, leaderEpoch={}, endOffset={}) (kafka.server.ReplicaFetcherThread)", 20,
      lambda r: fetcher(r) + (part(r), off(r), "true", 0, r.randint(0, 23), r.randint(1, 60), off(r))),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Error sending fetch request (sessionId={}, epoch={}) to node {}: {}. (kafka.server.ReplicaFetcherThread)", 16,
      lambda r: (lambda f: f + (r.randint(10 ** 8, 2 * 10 ** 9), r.choice(["INITIAL", r.randint(1, 90000)]), f[1], r.choice(ERRS).replace("%d", str(f[1]))))(fetcher(r))),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Starting (kafka.server.ReplicaFetcherThread)", 8, fetcher),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Shutting down (kafka.server.ReplicaFetcherThread)", 6, fetcher),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Stopped (kafka.server.ReplicaFetcherThread)", 6, fetcher),
    E("[ReplicaFetcher replicaId={}, leaderId={}, fetcherId={}] Shutdown completed (kafka.server.ReplicaFetcherThread)", 6, fetcher),
    E("[ReplicaFetcherManager on broker {}] Removed fetcher for partitions {} (kafka.server.ReplicaFetcherManager)", 15,
      lambda r: (ME, "Set(" + ", ".join(sorted(set(part(r) for _ in range(r.randint(1, 4))))) + ")")),
    E("[ReplicaFetcherManager on broker {}] Added fetcher to broker {} for partitions {} (kafka.server.ReplicaFetcherManager)", 15,
      lambda r: (ME, r.choice([2, 3, 4, 5]), "HashMap(" + ", ".join("%s -> InitialFetchState(offset=%d, leaderEpoch=%d)" % (part(r), off(r), r.randint(1, 60)) for _ in range(r.randint(1, 3))) + ")")),
    E("[Broker id={}] Follower {} starts at leader epoch {} from offset {} with partition epoch {} and high watermark {}. Current leader is {}. Previous leader epoch was {}. (state.change.logger)", 22,
      lambda r: (ME, part(r), r.randint(2, 60), off(r), r.randint(2, 90), off(r), r.choice([2, 3, 4, 5]), r.randint(1, 59))),
    E("[Broker id={}] Leader {} with topic id {} starts at leader epoch {} from offset {} with partition epoch {}, high watermark {}, ISR {}, adding replicas {} and removing replicas {}. Previous leader epoch was {}. (state.change.logger)", 22,
      lambda r: (ME, part(r), "Some(%s)" % "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(22)),
                 r.randint(2, 60), off(r), r.randint(2, 90), off(r), isr(r), r.choice(["[]"] * 8 + ["[4]"]), r.choice(["[]"] * 8 + ["[3]"]), r.randint(1, 59))),
    E("[ReplicaManager broker={}] Error processing append operation on partition {}: {} (kafka.server.ReplicaManager)", 9,
      lambda r: (lambda p: (ME, p, r.choice(["org.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(1) is insufficient to satisfy the min.isr requirement of 2 for partition %s" % p,
                                              "org.apache.kafka.common.errors.RecordTooLargeException: The record batch size in the append to %s is 1348213 bytes which exceeds the maximum configured value of 1048588." % p])))(part(r)), level="ERROR"),
    E("[Controller id={}] Processing automatic preferred replica leader election (kafka.controller.KafkaController)", 12, lambda r: ME),
    E("[Controller id={}] Starting replica leader election ({}) for partitions {} triggered by {} (kafka.controller.KafkaController)", 7,
      lambda r: (ME, "PREFERRED", ",".join(sorted(set(part(r) for _ in range(r.randint(1, 4))))), "AutoTriggered")),
    E("[Controller id={}] Newly added brokers: {}, deleted brokers: {}, bounced brokers: {}, all live brokers: {} (kafka.controller.KafkaController)", 3,
      lambda r: (ME, r.choice(["4", "5"]), r.choice(["3", "4"]), r.choice(["2", "3"]), "1,2,3,4,5")),
    E("[Controller id={}] Broker failure callback for {} (kafka.controller.KafkaController)", 2, lambda r: (ME, r.choice([3, 4]))),
    E("[Controller id={}] {} successfully elected as the controller. Epoch incremented to {} and epoch zk version is now {} (kafka.controller.KafkaController)", -1,
      lambda r: (ME, ME, 43, 43)),
    E("[RequestSendThread controllerId={}] Controller {} connected to {} for sending state change requests (kafka.controller.RequestSendThread)", 5,
      lambda r: (ME, ME, _node(r))),
    E("[Controller id={}, targetBrokerId={}] Connection to node {} ({}) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)", 8,
      lambda r: (lambda b: (ME, b, b, "kafka-%d.kafka.internal/10.20.0.%d:9093" % (b, 10 + b)))(r.choice([3, 4])), level="WARN"),
    E("[SocketServer listenerType={}, nodeId={}] Failed authentication with /{} ({}) (org.apache.kafka.common.network.Selector)", 12,
      lambda r: ("ZK_BROKER", ME, "10.20.%d.%d" % (r.randint(1, 9), r.randint(2, 250)),
                 r.choice(["Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512",
                           "SSL handshake failed"])), level="INFO"),
    E("[SocketServer listenerType={}, nodeId={}] Unexpected error from /{} (channelId={}); closing connection (org.apache.kafka.common.network.Selector)", 4,
      lambda r: (lambda ip: ("ZK_BROKER", ME, ip, "10.20.0.11:9093-%s:%d-%d" % (ip, r.randint(30000, 60000), r.randint(1, 900))))("10.20.%d.%d" % (r.randint(1, 9), r.randint(2, 250))), level="WARN"),
    E("[TransactionCoordinator id={}] Initialized transactionalId {} with producerId {} and producer epoch {} on partition {} (kafka.coordinator.transaction.TransactionCoordinator)", 14,
      lambda r: (ME, "payments-tx-%d" % r.randint(0, 20), r.randint(1000, 90000), r.randint(0, 300), "__transaction_state-%d" % r.randint(0, 49))),
    E("[TransactionCoordinator id={}] Completed rollback of ongoing transaction for transactionalId {} due to timeout (kafka.coordinator.transaction.TransactionCoordinator)", 3,
      lambda r: (ME, "payments-tx-%d" % r.randint(0, 20))),
    E("[LogLoader partition={}, dir={}] Loading producer state till offset {} with message format version {} (kafka.log.UnifiedLog$)", 6,
      lambda r: (part(r), DIR, off(r), 2)),
    E("[LogLoader partition={}, dir={}] Producer state recovery took {}ms for snapshot load and {}ms for segment recovery from offset {} (kafka.log.UnifiedLog$)", 6,
      lambda r: (part(r), DIR, r.randint(0, 30), r.randint(0, 300), off(r))),
    E("Created log for partition {} in {} with properties {} (kafka.log.LogManager)", 4,
      lambda r: (lambda p: (p, "%s/%s" % (DIR, p), r.choice(["{}", "{cleanup.policy=compact}", "{retention.ms=86400000, segment.bytes=268435456}"])))(part(r))),
    E("Creating topic {} with configuration {} and initial partition assignment {} (kafka.zk.AdminZkClient)", -2,
      lambda r: ("shipments", "{}", "HashMap(0 -> ArrayBuffer(1, 2, 3), 1 -> ArrayBuffer(2, 3, 1), 2 -> ArrayBuffer(3, 1, 2))")),
    E("[Admin Manager on Broker {}]: Error processing create topic request CreatableTopic(name='{}', numPartitions={}, replicationFactor={}) (kafka.server.ZkAdminManager)", -1,
      lambda r: (ME, "orders", 12, 3), level="INFO"),
    E("[ThrottledChannelReaper-{}]: Starting (kafka.server.ClientQuotaManager$ThrottledChannelReaper)", 3,
      lambda r: r.choice(["Fetch", "Produce", "Request", "ControllerMutation"])),
    E("[KafkaServer id={}] shutting down (kafka.server.KafkaServer)", -1, lambda r: ME, pos="end"),
    E("Kafka version: {} (org.apache.kafka.common.utils.AppInfoParser)", -1, lambda r: "3.6.1", pos="start"),
    E("Kafka commitId: {} (org.apache.kafka.common.utils.AppInfoParser)", -1, lambda r: "5e3c2b738d253ff5", pos="start"),
    E("[KafkaServer id={}] started (kafka.server.KafkaServer)", -1, lambda r: ME, pos="start"),
    E("[KafkaApi-{}] Number of alive brokers '{}' does not meet the required replication factor '{}' for the offsets topic (configured via 'offsets.topic.replication.factor'). This error can be ignored if the cluster is starting up and not all brokers are up yet. (kafka.server.KafkaApis)", -2,
      lambda r: (ME, 1, 3), level="INFO"),
]


def header(r, ts, ev, n):
    return "[%s,%03d] %s " % (ts.strftime("%Y-%m-%d %H:%M:%S"), ts.microsecond // 1000, ev.meta.get("level", "INFO"))
