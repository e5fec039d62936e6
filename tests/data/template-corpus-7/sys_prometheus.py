"""Prometheus: a Prometheus 2.48 server scraping a Kubernetes cluster and a few static targets, with alerting rules,
two Alertmanagers and remote write, logging go-kit logfmt to stderr (`ts=2026-11-28T14:02:11.123Z caller=file.go:123
level=info `, then the logger's context keys such as `component=tsdb` and the call's `msg="…"` and key=value pairs).
Start-up (build info, WAL replay, TSDB started, config loaded, ready), steady state (head compaction and block
writes, head GC, WAL checkpoints, block compaction and deletion, scrape failures and ingestion errors, rule
evaluation failures, notifier errors, remote-write retries and resharding, Kubernetes client warnings passed through
klog, config reloads), shut-down on SIGTERM.

logfmt quotes a value when it contains a space, `=` or `"`: those quotes come from the value's printer and belong to
the value (`err="context deadline exceeded"`, `err=EOF`); the quotes of a constant `msg="…"` are constant text."""
from gen_common import E, ip, hexs, pick, turn

NAME = "Prometheus"
LAYOUT = "ts=<Timestamp> caller=<Caller> level=<Level> <Content>"

JOBS = {"kubernetes-pods": ["10.42.%d.%d:8080", "10.42.%d.%d:9102", "10.42.%d.%d:8081"], "node-exporter": ["10.30.%d.%d:9100"],
        "kubelet": ["10.30.%d.%d:10250"], "blackbox-http": ["10.30.%d.%d:9115"], "postgres-exporter": ["10.31.%d.%d:9187"],
        "kube-state-metrics": ["10.43.%d.%d:8080"]}
RULEFILES = {"/etc/prometheus/rules/node.yml": ["node.rules", "node-alerts"], "/etc/prometheus/rules/kubernetes.yml": ["k8s-apps", "k8s-resources"],
             "/etc/prometheus/rules/slo.yml": ["slo:checkout", "slo:api"]}
RULES = [("NodeFilesystemAlmostFull", 'alert: NodeFilesystemAlmostFull\nexpr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05\nfor: 30m\n'),
         ("KubePodCrashLooping", 'alert: KubePodCrashLooping\nexpr: increase(kube_pod_container_status_restarts_total[15m]) > 3\nfor: 15m\n'),
         ("job:http_requests:rate5m", 'record: job:http_requests:rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n'),
         ("slo:checkout:error_ratio", 'record: slo:checkout:error_ratio\nexpr: sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m]))\n')]
AMS = ["http://10.43.12.7:9093/api/v2/alerts", "http://10.43.12.8:9093/api/v2/alerts"]
RW = ("9f1c2a", "https://mimir.example.org/api/v1/push")
BLOCK_T0 = 1764324000000  # 2026-11-28 10:00 UTC


def ev(fmt, weight, gen=None, lv="info", caller="main.go:100", **kw):
    return E(fmt, weight, gen, lv=lv, caller=caller, **kw)


def q(s):
    """logfmt's quoting of a value."""
    if any(c in s for c in ' ="\n') or s == "":
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return s


def ulid(r):
    return "01HG" + "".join(r.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(22))


def dur(r, lo, hi):
    v = r.uniform(lo, hi)
    if v < 0.001:
        return "%.3fµs" % (v * 1e6)
    if v < 1:
        return "%.6fms" % (v * 1000)
    return "%.9fs" % v


def target(r):
    job = r.choice(["kubernetes-pods"] * 5 + ["node-exporter", "kubelet", "blackbox-http", "postgres-exporter", "kube-state-metrics"])
    hp = r.choice(JOBS[job]) % (r.randint(0, 31), r.randint(2, 250))
    path = "/metrics" if job != "blackbox-http" else "/probe?module=http_2xx&target=https%3A%2F%2Fshop.example.org"
    scheme = "https" if job == "kubelet" else "http"
    return job, "%s://%s%s" % (scheme, hp, path)


def scrape_err(r, url):
    return q(r.choice(['Get "%s": context deadline exceeded' % url, 'Get "%s": dial tcp %s: connect: connection refused' % (url, url.split("/")[2]),
                       "server returned HTTP status 503 Service Unavailable", "server returned HTTP status 500 Internal Server Error",
                       'Get "%s": dial tcp %s: i/o timeout' % (url, url.split("/")[2]), "body size limit exceeded",
                       'expected a valid start token, got "<" ("INVALID") while parsing: "<"']))


def scrape(r):
    job, url = target(r)
    return job, url


def block_range(r, width=2):
    k = r.randint(0, 3)
    mint = BLOCK_T0 - (k + 1) * width * 3600000
    return mint, mint + width * 3600000


def rule(r):
    f = r.choice(list(RULEFILES))
    return f, r.choice(RULEFILES[f])


EVENTS = [
    ev("msg=\"Starting Prometheus Server\" mode={} version={}", -1, lambda r: ("server", q("(version=2.48.0, branch=HEAD, revision=63894216648f0d6be310c9d16fb48293c45c9310)")), caller="main.go:539", pos="start"),
    ev("build_context={}", -1, lambda r: q("(go=go1.21.4, platform=linux/amd64, user=root@6e6fa3c6ac1d, date=20231116-04:35:21, tags=netgo,builtinassets,stringlabels)"), caller="main.go:544", pos="start"),
    ev("host_details={}", -1, lambda r: q("(Linux 5.15.0-89-generic #99-Ubuntu SMP Mon Oct 30 20:42:41 UTC 2023 x86_64 prometheus-0 (none))"), caller="main.go:545", pos="start"),
    ev("fd_limits={}", -1, lambda r: q("(soft=1048576, hard=1048576)"), caller="main.go:546", pos="start"),
    ev("vm_limits={}", -1, lambda r: q("(soft=unlimited, hard=unlimited)"), caller="main.go:547", pos="start"),
    ev("component=web msg=\"Start listening for connections\" address={}", -1, lambda r: "0.0.0.0:9090", caller="web.go:548", pos="start"),
    ev("msg=\"Starting TSDB ...\"", -1, caller="main.go:1073", pos="start"),
    ev("component=web msg=\"Listening on\" address={}", -1, lambda r: "[::]:9090", caller="tls_config.go:274", pos="start"),
    ev("component=tsdb msg=\"Replaying on-disk memory mappable chunks if any\"", -1, caller="head.go:681", pos="start"),
    ev("component=tsdb msg=\"On-disk memory mappable chunks replay completed\" duration={}", -1, lambda r: "2.318442117s", caller="head.go:762", pos="start"),
    ev("component=tsdb msg=\"Replaying WAL, this may take a while\"", -1, caller="head.go:768", pos="start"),
    ev("component=tsdb msg=\"WAL checkpoint loaded\"", -1, caller="head.go:799", pos="start"),
    ev("component=tsdb msg=\"WAL segment loaded\" segment={} maxSegment={}", -8, lambda r: (turn("prom-seg", list(range(4411, 4419))), 4418), caller="head.go:839", pos="start"),
    ev("component=tsdb msg=\"WAL replay completed\" checkpoint_replay_duration={} wal_replay_duration={} wbl_replay_duration={} total_replay_duration={}", -1,
       lambda r: ("1.884516203s", "21.405193688s", "271ns", "25.60826541s"), caller="head.go:876", pos="start"),
    ev("fs_type={}", -1, lambda r: "EXT4_SUPER_MAGIC", caller="main.go:1094", pos="start"),
    ev("msg=\"TSDB started\"", -1, caller="main.go:1097", pos="start"),
    ev("msg=\"Server is ready to receive web requests.\"", -1, caller="main.go:1058", pos="start"),
    ev("msg=\"Starting rule manager...\"", -1, caller="manager.go:1009", pos="start"),
    ev("component=notifier msg=\"Starting notification manager...\"", -1, caller="notifier.go:603", pos="start"),
    # steady state: TSDB
    ev("component=tsdb msg=\"write block\" mint={} maxt={} ulid={} duration={}", 14, lambda r: block_range(r) + (ulid(r), dur(r, 4, 40)), caller="compact.go:523"),
    ev("component=tsdb msg=\"Head GC completed\" caller=truncateMemory duration={}", 14, lambda r: dur(r, 0.2, 3), caller="head.go:1292"),
    ev("component=tsdb msg=\"Creating checkpoint\" from_segment={} to_segment={} mint={}", 7, lambda r: (lambda s: (s, s + r.randint(3, 5), block_range(r)[1]))(r.randint(4380, 4420)), caller="checkpoint.go:100"),
    ev("component=tsdb msg=\"WAL checkpoint complete\" first={} last={} duration={}", 7, lambda r: (lambda s: (s, s + r.randint(3, 5), dur(r, 2, 30)))(r.randint(4380, 4420)), caller="head.go:1221"),
    ev("component=tsdb msg=\"compact blocks\" count={} mint={} maxt={} ulid={} sources={} duration={}", 5,
       lambda r: (3,) + block_range(r, 6) + (ulid(r), q("[%s %s %s]" % (ulid(r), ulid(r), ulid(r))), dur(r, 20, 180)), caller="compact.go:464"),
    ev("component=tsdb msg=\"Deleting obsolete block\" block={}", 9, ulid, caller="db.go:1617"),
    ev("component=tsdb msg=\"Compaction failed\" err={}", 1, lambda r: q("compact head: persist head block: 2 errors: populate block: write chunks: preallocate: no space left on device; sync /prometheus/01HGX4T0Z6T3KQ2M8Y1D7C9V5E.tmp-for-creation/chunks/000001: file already closed"),
       lv="error", caller="db.go:1005"),
    # scrape
    ev("component=\"scrape manager\" scrape_pool={} target={} msg=\"Scrape failed\" err={}", 400, lambda r: (lambda j, u: (j, u, scrape_err(r, u)))(*scrape(r)), lv="warn", caller="scrape.go:1384"),
    ev("component=\"scrape manager\" scrape_pool={} target={} msg=\"Error on ingesting samples with different value but same timestamp\" num_dropped={}", 90,
       lambda r: scrape(r) + (r.choice([1, 2, 4, 12, 40]),), lv="warn", caller="scrape.go:1779"),
    ev("component=\"scrape manager\" scrape_pool={} target={} msg=\"Error on ingesting out-of-order samples\" num_dropped={}", 45, lambda r: scrape(r) + (r.choice([1, 3, 7, 110]),), lv="warn", caller="scrape.go:1775"),
    ev("component=\"scrape manager\" scrape_pool={} target={} msg=\"Appending scrape report failed\" err={}", 12, lambda r: scrape(r) + (q("out of bounds"),), lv="warn", caller="scrape.go:1417"),
    ev("component=\"scrape manager\" scrape_pool={} target={} msg=\"Append failed\" err={}", 10,
       lambda r: scrape(r) + (q(r.choice(["sample limit exceeded", "label_limit exceeded (metric: container_fs_usage_bytes, number of labels: 31, limit: 30)"])),), lv="warn", caller="scrape.go:1361"),
    ev("component=\"discovery manager scrape\" discovery={} config={} msg=\"Using pod service account via in-cluster config\"", 3, lambda r: ("kubernetes", pick(r, "kubernetes-pods", "kubelet", "kube-state-metrics")), caller="kubernetes.go:329"),
    ev("component=k8s_client_runtime func={} msg={}", 40,
       lambda r: (pick(r, "Warningf", "Warningf", "ErrorDepth"), q(r.choice(["pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/reflector.go:229: watch of *v1.Endpoints ended with: an error on the server (\"unable to decode an event from the watch stream: http2: client connection lost\") has prevented the request from succeeding",
                                                                        "pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/reflector.go:229: failed to list *v1.Pod: Get \"https://10.43.0.1:443/api/v1/pods?limit=500&resourceVersion=0\": dial tcp 10.43.0.1:443: i/o timeout",
                                                                        "pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/reflector.go:229: watch of *v1.Pod ended with: very short watch: pkg/mod/k8s.io/client-go@v0.28.3/tools/cache/reflector.go:229: Unexpected watch close - watch lasted less than a second and no items received"]))),
       lv="warn", caller="klog.go:108"),
    # rules
    ev("component=\"rule manager\" file={} group={} name={} index={} msg=\"Evaluating rule failed\" rule={} err={}", 110,
       lambda r: (lambda f, g, rr: (f, g, rr[0], r.randint(0, 9), q(rr[1]),
                                    q(r.choice(["query timed out in expression evaluation", "vector contains metrics with the same labelset after applying alert labels",
                                                "found duplicate series for the match group {instance=\"10.30.4.11:9100\"} on the right hand-side of the operation: [{__name__=\"node_uname_info\", instance=\"10.30.4.11:9100\", job=\"node-exporter\"}, {__name__=\"node_uname_info\", instance=\"10.30.4.11:9100\", job=\"node\"}];many-to-many matching not allowed: matching labels must be unique on one side",
                                                "many-to-many matching not allowed: matching labels must be unique on one side"]))))(*rule(r), r.choice(RULES)),
       lv="warn", caller="manager.go:663"),
    ev("component=\"rule manager\" file={} group={} msg=\"Rule sample appending failed\" err={}", 14, lambda r: rule(r) + (q("out of order sample"),), lv="warn", caller="group.go:482"),
    ev("component=\"rule manager\" group={} msg=\"Evaluation of the rule group took longer than the evaluation interval\" duration={} interval={}", 6,
       lambda r: (pick(r, "slo:checkout", "k8s-resources"), dur(r, 30.5, 70), "30s"), lv="warn", caller="group.go:405"),
    # notifier
    ev("component=notifier alertmanager={} count={} msg=\"Error sending alert\" err={}", 55,
       lambda r: (r.choice(AMS), r.randint(1, 64), q(r.choice(['Post "%s": context deadline exceeded' % AMS[1], 'Post "%s": dial tcp 10.43.12.8:9093: connect: connection refused' % AMS[1], "bad response status 503 Service Unavailable"]))),
       lv="error", caller="notifier.go:530"),
    ev("component=notifier msg=\"Alert notification queue full, dropping alerts\" num_dropped={}", 4, lambda r: r.randint(1, 200), lv="warn", caller="notifier.go:371"),
    ev("component=notifier msg=\"Dropped alerts\" count={} err={}", 2, lambda r: (r.randint(1, 30), q("errors sending alerts to all Alertmanagers")), lv="error", caller="notifier.go:544"),
    # remote write
    ev("component=remote remote_name={} url={} msg=\"Failed to send batch, retrying\" err={}", 70,
       lambda r: RW + (q(r.choice(['Post "%s": context deadline exceeded' % RW[1], "server returned HTTP status 429 Too Many Requests: the request has been rejected because the tenant exceeded the ingestion rate limit",
                                   "server returned HTTP status 500 Internal Server Error: failed pushing to ingester: context deadline exceeded"])),), lv="warn", caller="queue_manager.go:1574"),
    ev("component=remote remote_name={} url={} msg=\"Remote storage resharding\" from={} to={}", 12, lambda r: RW + (lambda a: (a, max(1, a + r.choice([-3, -1, 2, 5]))))(r.randint(1, 12)), caller="queue_manager.go:1013"),
    ev("component=remote remote_name={} url={} msg=\"Currently resharding, skipping.\"", 6, lambda r: RW, caller="queue_manager.go:979"),
    ev("component=remote remote_name={} url={} msg=\"Skipping resharding, last successful send was beyond threshold\" lastSendTimestamp={} minSendTimestamp={}", 4,
       lambda r: RW + (lambda t: (t, t + r.randint(10, 60)))(1764338500 + r.randint(0, 1800)), lv="warn", caller="queue_manager.go:1119"),
    ev("component=remote remote_name={} url={} msg=\"Done replaying WAL\" duration={}", 1, lambda r: RW + ("12.802644313s",), caller="watcher.go:380"),
    # config reloads and web
    ev("msg=\"Loading configuration file\" filename={}", 3, lambda r: "/etc/prometheus/prometheus.yml", caller="main.go:1216"),
    ev("msg=\"Completed loading of configuration file\" filename={} totalDuration={} db_storage={} remote_storage={} web_handler={} query_engine={} scrape={} scrape_sd={} notify={} notify_sd={} rules={} tracing={}", 2,
       lambda r: ("/etc/prometheus/prometheus.yml", dur(r, 0.03, 0.4), "1.613µs", dur(r, 0.0001, 0.002), "720ns", "1.081µs", dur(r, 0.0002, 0.003), dur(r, 0.001, 0.01),
                  "31.06µs", dur(r, 0.00002, 0.0001), dur(r, 0.02, 0.3), "9.87µs"), caller="main.go:1253"),
    ev("msg=\"Error reloading config\" err={}", 1, lambda r: q("one or more errors occurred while applying the new configuration (--config.file=\"/etc/prometheus/prometheus.yml\")"), lv="error", caller="main.go:979"),
    ev("component=web msg=\"Error writing response\" err={}", 3, lambda r: q("write tcp 10.42.7.19:9090->10.42.3.44:51822: write: broken pipe"), lv="error", caller="api.go:1690"),
    ev("component=web msg=\"Reload requested\" remote_addr={}", 2, lambda r: "%s:%d" % (ip(r, "10.42"), r.randint(30000, 60000)), caller="web.go:812"),
    # shut-down
    ev("msg=\"Received SIGTERM, exiting gracefully...\"", -1, lv="warn", caller="main.go:885", pos="end"),
    ev("msg=\"Stopping scrape discovery manager...\"", -1, caller="main.go:909", pos="end"),
    ev("msg=\"Stopping notify discovery manager...\"", -1, caller="main.go:923", pos="end"),
    ev("msg=\"Stopping rule manager...\"", -1, caller="manager.go:1032", pos="end"),
    ev("msg=\"Rule manager stopped\"", -1, caller="manager.go:1042", pos="end"),
    ev("msg=\"Stopping scrape manager...\"", -1, caller="main.go:1006", pos="end"),
    ev("msg=\"Notify discovery manager stopped\"", -1, caller="main.go:919", pos="end"),
    ev("msg=\"Scrape discovery manager stopped\"", -1, caller="main.go:905", pos="end"),
    ev("msg=\"Scrape manager stopped\"", -1, caller="main.go:998", pos="end"),
    ev("component=notifier msg=\"Stopping notification manager...\"", -1, caller="notifier.go:617", pos="end"),
    ev("msg=\"Notifier manager stopped\"", -1, caller="main.go:1285", pos="end"),
    ev("msg=\"See you next time!\"", -1, caller="main.go:1294", pos="end"),
]


def header(r, t, ev, n):
    return "ts=%s.%03dZ caller=%s level=%s " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, ev.meta["caller"], ev.meta["lv"])
