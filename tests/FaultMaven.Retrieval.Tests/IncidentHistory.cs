using FaultMaven.Retrieval.Embeddings;
using FaultMaven.Retrieval.VectorStores;
using FaultMaven.Storage;
using FaultMaven.Testing.Postgres;
using Microsoft.Extensions.Options;

namespace FaultMaven.Retrieval.Tests;

/// <summary>A seeded history of resolved incidents from many stacks, and questions an on-call engineer might ask about new ones.</summary>
public static class IncidentHistory
{
    public static IReadOnlyList<IncidentDocument> Incidents { get; } =
    [
        Resolved("k8s-oom", "Pods of checkout restarting with OOMKilled", "Checkout pods were killed by the kernel OOM killer after a release raised heap usage; CrashLoopBackOff across the deployment.",
            ["Container <*> in pod <*> terminated with reason OOMKilled exit code 137", "Back-off restarting failed container <*> in pod <*>"],
            "Raised the container memory limit from 512Mi to 1Gi and set JVM MaxRAMPercentage=75.", "checkout", "payments"),
        Resolved("k8s-imagepull", "Deployment stuck on ImagePullBackOff", "New pods of search could not start because the image tag did not exist in the registry.",
            ["Failed to pull image <*>: manifest unknown", "Error: ImagePullBackOff"],
            "Fixed the CI pipeline that pushed the image under the wrong tag and redeployed.", "search", "discovery"),
        Resolved("k8s-dns", "Intermittent DNS resolution failures inside the cluster", "Services timed out resolving internal names; CoreDNS pods were CPU throttled.",
            ["dial tcp: lookup <*> on <*>:53: i/o timeout", "CoreDNS plugin/errors: <*> read udp <*> i/o timeout"],
            "Scaled CoreDNS to 4 replicas and removed its CPU limit; enabled NodeLocal DNSCache.", "platform", "platform"),
        Resolved("k8s-node-disk", "Node disk pressure evicting pods", "A node ran out of ephemeral storage because container logs were not rotated; kubelet evicted pods.",
            ["The node was low on resource: ephemeral-storage", "Evicted pod <*> due to DiskPressure"],
            "Configured container log rotation (containerLogMaxSize 50Mi) and cleaned unused images.", "platform", "platform"),
        Resolved("jvm-heap", "Order service throwing OutOfMemoryError: Java heap space", "The orders JVM filled its heap after a cache without eviction grew unbounded; long GC pauses preceded the crash.",
            ["java.lang.OutOfMemoryError: Java heap space", "GC pause (G1 Evacuation Pause) <*>ms"],
            "Bounded the Caffeine cache with maximumSize and expireAfterWrite; heap dump confirmed the leak.", "orders", "commerce"),
        Resolved("jvm-threads", "Thread pool exhaustion in the billing service", "Billing stopped answering: every Tomcat worker thread was blocked waiting on a slow downstream HTTP call with no timeout.",
            ["Thread pool <*> is exhausted, max threads <*>", "SocketTimeoutException: Read timed out"],
            "Added connect and read timeouts to the HTTP client and a circuit breaker around the downstream call.", "billing", "payments"),
        Resolved("pg-connections", "PostgreSQL refusing connections: too many clients", "The database hit max_connections after a deployment doubled the pool size in every replica.",
            ["FATAL: sorry, too many clients already", "remaining connection slots are reserved for non-replication superuser connections"],
            "Put PgBouncer in transaction pooling mode in front of the database and reduced each application pool to 10.", "orders-db", "data"),
        Resolved("pg-deadlock", "Deadlocks on the inventory table", "Concurrent reservation transactions updated the same rows in different orders and PostgreSQL aborted them.",
            ["ERROR: deadlock detected", "Process <*> waits for ShareLock on transaction <*>; blocked by process <*>"],
            "Made every transaction lock inventory rows in primary key order with SELECT ... FOR UPDATE ORDER BY id.", "inventory", "commerce"),
        Resolved("pg-disk-full", "Database writes failing because the disk is full", "WAL files accumulated because an abandoned replication slot kept them; the volume reached 100%.",
            ["could not extend file <*>: No space left on device", "PANIC: could not write to file pg_wal/<*>: No space left on device"],
            "Dropped the inactive replication slot, freed WAL, and added an alert on pg_replication_slots lag.", "orders-db", "data"),
        Resolved("pg-slow-query", "Checkout latency spike from a sequential scan", "A new query on orders by customer_id had no index; p99 latency rose from 80 ms to 4 s.",
            ["duration: <*> ms statement: SELECT * FROM orders WHERE customer_id = <*>", "Seq Scan on orders"],
            "Created an index concurrently on orders(customer_id) and added the query to the slow query review.", "checkout", "payments"),
        Resolved("kafka-lag", "Consumer lag growing on the events topic", "The analytics consumer group fell hours behind after a partition rebalance storm caused by long processing times.",
            ["Member <*> sending LeaveGroup request to coordinator due to consumer poll timeout has expired", "Attempt to commit offsets failed since the group has already rebalanced"],
            "Reduced max.poll.records to 100 and moved slow enrichment off the poll loop; lag recovered within an hour.", "analytics", "data"),
        Resolved("kafka-broker-disk", "Kafka broker offline after its log directory filled up", "Retention was set to infinite on a debug topic; broker 3 stopped when its log dir was full and partitions went under-replicated.",
            ["Error while appending records to <*> in dir <*> (kafka.server.LogDirFailureChannel)", "Shutdown broker because all log dirs in <*> have failed"],
            "Set retention.ms on the debug topic, deleted old segments, and added disk usage alerts per broker.", "kafka", "platform"),
        Resolved("kafka-producer-timeout", "Producers timing out sending to Kafka", "Order events were lost because producers expired batches while a broker was leaderless during a rolling restart.",
            ["Expiring <*> record(s) for <*>: <*> ms has passed since batch creation", "org.apache.kafka.common.errors.TimeoutException"],
            "Enabled idempotent producers with acks=all, raised delivery.timeout.ms, and restarted brokers one at a time with controlled shutdown.", "orders", "commerce"),
        Resolved("nginx-502", "nginx returning 502 Bad Gateway for the API", "The upstream API pods were recycled and nginx kept stale upstream addresses resolved at startup.",
            ["connect() failed (111: Connection refused) while connecting to upstream, client: <*>, upstream: <*>", "upstream prematurely closed connection while reading response header from upstream"],
            "Used a resolver directive with a short valid= time and a variable in proxy_pass so nginx re-resolves the service.", "edge", "platform"),
        Resolved("nginx-504", "Gateway timeouts on report downloads", "Large report exports took longer than proxy_read_timeout and nginx answered 504.",
            ["upstream timed out (110: Connection timed out) while reading response header from upstream", "GET /reports/export HTTP/1.1 504"],
            "Moved report generation to a background job with a download link instead of a long synchronous request.", "reports", "analytics-team"),
        Resolved("tls-expired", "TLS certificate expired on the public website", "Browsers showed certificate errors because the Let's Encrypt renewal cron had been failing silently for weeks.",
            ["SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed)", "certificate has expired"],
            "Renewed the certificate, moved renewal to cert-manager, and added an expiry alert 21 days ahead.", "edge", "platform"),
        Resolved("node-eventloop", "Node.js API latency from a blocked event loop", "A synchronous JSON.parse of multi-megabyte payloads blocked the event loop; health checks failed and pods restarted.",
            ["Event loop delay <*> ms exceeds threshold", "Liveness probe failed: Get <*>: context deadline exceeded"],
            "Streamed and validated payloads with a size limit, and moved heavy parsing to a worker thread.", "gateway", "web"),
        Resolved("node-heap", "Node service crashing with JavaScript heap out of memory", "The notification service leaked listeners on a socket per request until V8 ran out of heap.",
            ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "MaxListenersExceededWarning: Possible EventEmitter memory leak detected"],
            "Removed the per-request listener registration and added --max-old-space-size with heap snapshots in staging.", "notifications", "web"),
        Resolved("python-gunicorn", "Gunicorn workers timing out in the recommendations service", "Workers were killed after 30 s while calling a slow feature store synchronously.",
            ["[CRITICAL] WORKER TIMEOUT (pid:<*>)", "Booting worker with pid: <*>"],
            "Switched to async workers with gevent and added a timeout and cache around the feature store call.", "recommendations", "ml"),
        Resolved("python-import", "Celery workers failing after a dependency upgrade", "A transitive dependency upgrade removed a module the tasks imported, so every task failed at import.",
            ["ModuleNotFoundError: No module named <*>", "Received unregistered task of type <*>"],
            "Pinned dependencies with a lock file and added an import smoke test to the worker image build.", "tasks", "ml"),
        Resolved("dotnet-threadpool", ".NET API stalls from thread pool starvation", "Sync-over-async calls (.Result) in a hot path starved the thread pool; requests queued for seconds.",
            ["Thread pool starvation detected: <*> work items queued", "Request finished in <*>ms 200"],
            "Made the call chain async end to end and removed the .Result calls; raised nothing.", "profile", "identity"),
        Resolved("dotnet-ef-timeout", "Entity Framework commands timing out", "A missing index made an EF Core query time out under load after the customers table grew past 50 million rows.",
            ["Microsoft.Data.SqlClient.SqlException: Execution Timeout Expired", "Failed executing DbCommand (<*>ms)"],
            "Added the missing index and rewrote the query to project only needed columns.", "customers", "identity"),
        Resolved("iam-s3-denied", "Access denied writing to an S3 bucket", "The uploader's IAM role lost s3:PutObject after a policy refactor scoped the resource ARN wrongly.",
            ["An error occurred (AccessDenied) when calling the PutObject operation: Access Denied", "User: <*> is not authorized to perform: s3:PutObject on resource: <*>"],
            "Fixed the resource ARN in the role policy to include the bucket's objects (bucket/*) and added a policy test.", "uploads", "storage-team"),
        Resolved("iam-token-expired", "Service account token expired for cloud API calls", "Workload identity tokens were not refreshed by an old SDK version, so calls to the cloud API failed after one hour.",
            ["401 Unauthorized: Request had invalid authentication credentials", "The security token included in the request is expired"],
            "Upgraded the SDK to one that refreshes tokens and restarted the pods.", "exports", "data"),
        Resolved("redis-evictions", "Session loss from Redis evictions", "Redis reached maxmemory and evicted session keys under the allkeys-lru policy, logging users out.",
            ["OOM command not allowed when used memory > 'maxmemory'", "evicted_keys: <*>"],
            "Moved sessions to a dedicated Redis with noeviction and enough memory; set TTLs on cache keys.", "sessions", "identity"),
        Resolved("disk-inodes", "Application cannot create files although the disk has space", "The tmp directory filled with millions of small files, exhausting inodes.",
            ["No space left on device", "df -i shows 100% IUse% on /var"],
            "Cleaned the temporary files, fixed the job that never deleted them, and alerted on inode usage.", "batch", "platform"),
        Resolved("clock-skew", "Authentication failures from clock skew", "NTP was blocked on new nodes; their clocks drifted and JWTs were rejected as not yet valid.",
            ["IDX10222: Lifetime validation failed. The token is not yet valid", "chronyd: no selectable sources"],
            "Opened NTP egress in the firewall and added a clock offset check to node health.", "auth", "identity"),
        Resolved("rabbitmq-memory", "RabbitMQ blocking publishers at the memory watermark", "A consumer outage let queues grow until RabbitMQ hit its memory high watermark and blocked all publishers.",
            ["memory resource limit alarm set on node <*>", "connection <*> blocked: memory alarm"],
            "Restored the consumers, set queue length limits with dead-lettering, and enabled lazy queues.", "messaging", "platform"),
        Resolved("cron-dst", "Nightly billing job ran twice", "The cron schedule in local time fired twice when daylight saving time ended, double-charging customers.",
            ["Starting job billing-nightly at <*>", "duplicate key value violates unique constraint <*>"],
            "Ran the scheduler in UTC and made the job idempotent with a run key.", "billing", "payments"),
        Resolved("es-red", "Elasticsearch cluster red with unassigned shards", "Nodes crossed the flood-stage disk watermark; indices were made read-only and shards unassigned.",
            ["flood stage disk watermark [95%] exceeded on <*>, all indices on this node will be marked read-only", "index read-only / allow delete (api)"],
            "Deleted old indices via ILM, added data nodes, and reset index.blocks.read_only_allow_delete.", "search", "discovery"),
    ];

    /// <summary>New symptoms in other words, or the same failure on another stack, and the past incident that should come up.</summary>
    public static IReadOnlyList<(string Question, string Expected)> Questions { get; } =
    [
        ("our pods keep getting killed with exit code 137 and restart over and over", "k8s-oom"),
        ("container memory limit exceeded, kubernetes restarts the app repeatedly", "k8s-oom"),
        ("new version won't roll out: kubelet can't download the container image", "k8s-imagepull"),
        ("name lookups inside the cluster time out now and then", "k8s-dns"),
        ("kubelet is evicting workloads because the node's storage is filling up", "k8s-node-disk"),
        ("the Java process ran out of memory and garbage collection pauses got very long before it died", "jvm-heap"),
        ("all request threads are stuck waiting on a remote service that never answers", "jvm-threads"),
        ("postgres says there are no more connection slots available", "pg-connections"),
        ("MySQL error: Too many connections", "pg-connections"),
        ("two transactions block each other and the database kills one of them", "pg-deadlock"),
        ("database crashed because the volume holding the write-ahead log is at 100%", "pg-disk-full"),
        ("a query got slow because it scans the whole table without an index", "pg-slow-query"),
        ("consumers keep rebalancing and the backlog of unprocessed messages keeps growing", "kafka-lag"),
        ("a kafka broker went down because its data directory ran out of space", "kafka-broker-disk"),
        ("messages expired in the producer before they could be delivered during a broker restart", "kafka-producer-timeout"),
        ("the reverse proxy answers bad gateway after the backend pods were replaced", "nginx-502"),
        ("HAProxy returns 502 because backend servers refuse connections after a redeploy", "nginx-502"),
        ("long running export requests end with a gateway timeout from the proxy", "nginx-504"),
        ("users see a certificate error in the browser, the https certificate is no longer valid", "tls-expired"),
        ("javascript service becomes unresponsive because a CPU-heavy parse blocks the single thread", "node-eventloop"),
        ("V8 heap exhausted in our node app, looks like an event listener leak", "node-heap"),
        ("uWSGI workers get killed for taking too long on a slow upstream call", "python-gunicorn"),
        ("background jobs fail at startup with a missing module after upgrading packages", "python-import"),
        ("ASP.NET requests queue up because blocking on async code starves the threads", "dotnet-threadpool"),
        ("ORM queries hit the command timeout once the table got very large", "dotnet-ef-timeout"),
        ("the upload job is not allowed to put objects in the storage bucket anymore", "iam-s3-denied"),
        ("GCS returns 403 Forbidden: the service account does not have storage.objects.create permission", "iam-s3-denied"),
        ("calls to the cloud provider API start failing with unauthorized after about an hour", "iam-token-expired"),
        ("users are logged out randomly because the cache evicts their session entries when memory is full", "redis-evictions"),
        ("cannot create new files even though df shows free space", "disk-inodes"),
        ("JWT validation fails on some servers because their time is off", "clock-skew"),
        ("message broker stopped accepting publishes because it ran out of memory", "rabbitmq-memory"),
        ("scheduled job executed twice on the night the clocks changed", "cron-dst"),
        ("OpenSearch marks indices read-only because the disks are almost full", "es-red"),
    ];

    /// <summary>
    /// Questions and pasted lines about failures the history has no incident of (written once, for the similarity floor; the
    /// floor is fitted on one half and judged on the other, <see cref="SimilarityFloorTests"/>).
    /// </summary>
    public static IReadOnlyList<string> Unrelated { get; } =
    [
        "the office printer queue is stuck and jobs never come out",
        "SMTP relay rejects our outgoing mail with 550 relay access denied",
        "git push from the build agent fails with a merge conflict in package-lock.json",
        "LDAP bind fails for the service accounts after the directory migration",
        "the mobile app crashes right after the splash screen on Android 14",
        "terraform plan wants to destroy and recreate the production VPC",
        "the CDN keeps serving the old homepage after every deploy",
        "transcoded videos show green frames on some devices",
        "accented names come out garbled in the spreadsheet export",
        "search results are ranked in a strange order since the relevance model update",
        "a feature flag was switched on for every user instead of five percent",
        "the build takes forty minutes since we added the new linter",
        "customers in Australia are charged in the wrong currency",
        "the kiosk cannot pair with its Bluetooth barcode scanner",
        "the CSV import silently drops rows that contain quoted commas",
        "our newsletters land in spam since we changed the sending domain",
        "the Windows service does not start after the monthly patches",
        "all static assets return 404 after moving the site under a sub-path",
        "the nightly warehouse load inserts every order twice",
        "ssh warns that the bastion's host key has changed",
        "audio and video drift apart in recorded meetings",
        "the chatbot answers in English although the user writes in German",
        "2026-11-30T10:00:01Z WARN mailer: 550 5.7.1 Relaying denied for <ops@example.org>",
        "E/AndroidRuntime: FATAL EXCEPTION: main Process: com.example.shop, PID: 4120",
        "Error: Cannot find module 'left-pad' imported from /app/src/format.js",
        "ldap_bind: Invalid credentials (49) additional info: 80090308: LdapErr: DSID-0C090453",
        "Warning: Failed prop type: Invalid prop `items` of type `object` supplied to `List`, expected `array`",
        "terraform: Error: Provider produced inconsistent final plan for aws_instance.web",
    ];

    /// <summary>A retrieval over <paramref name="store"/> and PostgreSQL that knows every incident of the history, resolved.</summary>
    public static async Task<IncidentRetrieval> IndexedAsync(
        MiniLmFixture miniLm, IIncidentVectorStore store, PostgresFixture postgres, IOptions<EmbeddingOptions>? options = null)
    {
        var retrieval = new IncidentRetrieval(
            miniLm.Generator, store, new IncidentEmbeddingRepository(postgres.DataSource, TestCipher.Instance), miniLm.Model, TimeProvider.System, options: options);
        foreach (var incident in Incidents)
        {
            await retrieval.IndexResolvedAsync(incident);
        }

        return retrieval;
    }

    private static IncidentDocument Resolved(
        string id, string title, string summary, string[] templates, string resolution, string service, string team) =>
        new(id, title, summary, templates, resolution, service, team, IncidentStatus.Resolved);
}
