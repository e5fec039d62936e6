# Systems 5-8: MapReduce, Syslog, Kubelet, Database
import datetime
from gen_common import E, CHAIN, Event, I, F, C, P, H, uuid, ip, IPG, ctxval


def mapreduce(r):
    ts = "1764%09d" % r.randint(0, 999999999)
    job = "job_%s_%04d" % (ts, r.randint(1, 60))
    app = "application_%s_%04d" % (ts, r.randint(1, 60))
    atts = ["attempt_%s_%04d_%s_%06d_%d" % (ts, int(job[-4:]), r.choice("mmmmr"), r.randint(0, 120), r.choice([0, 0, 0, 1]))
            for _ in range(80)]
    tasks = ["task_%s_%04d_%s_%06d" % (ts, int(job[-4:]), r.choice("mmmr"), r.randint(0, 120)) for _ in range(50)]
    conts = ["container_%s_%04d_01_%06d" % (ts, int(app[-4:]), r.randint(2, 140)) for _ in range(70)]
    hosts = ["worker-%02d.hadoop.lan" % i for i in range(1, 13)]
    att, task, cont, host = P(atts), P(tasks), P(conts), P(hosts)
    ST_A = ("NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCESS_FINISHING_CONTAINER", "SUCCEEDED", "FAIL_CONTAINER_CLEANUP")
    ST_T = ("NEW", "SCHEDULED", "RUNNING", "SUCCEEDED", "KILL_WAIT")
    ST_J = ("NEW", "INITED", "SETUP", "RUNNING", "COMMITTING", "SUCCEEDED")
    A = "org.apache.hadoop.mapreduce.v2.app"

    def step(states):
        def setup(r):
            k = r.randrange(len(states) - 1)
            if states[-1].startswith("FAIL") and k == len(states) - 2:
                k = 3  # RUNNING -> FAIL_CONTAINER_CLEANUP
                return {"a": states[k], "b": states[-1]}
            return {"a": states[k], "b": states[k + 1]}
        return setup
    items = [
        E(330, "{} TaskAttempt Transitioned from {} to {}", att, ctxval("a"), ctxval("b"), setup=step(ST_A), co=A + ".job.impl.TaskAttemptImpl",
          th="AsyncDispatcher event handler", lv="INFO"),
        E(150, "{} Task Transitioned from {} to {}", task, ctxval("a"), ctxval("b"), setup=step(ST_T), co=A + ".job.impl.TaskImpl",
          th="AsyncDispatcher event handler", lv="INFO"),
        E(7, "{} Job Transitioned from {} to {}", C(job), ctxval("a"), ctxval("b"), setup=step(ST_J), co=A + ".job.impl.JobImpl",
          th="AsyncDispatcher event handler", lv="INFO"),
        E(260, "Progress of TaskAttempt {} is : {}", att, lambda r: repr(round(r.random(), r.choice([1, 4, 7, 9]))),
          co="org.apache.hadoop.mapred.TaskAttemptListenerImpl", th="IPC Server handler %d on 41355", lv="INFO"),
        E(90, "Assigned container {} to {}", cont, att, co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator",
          lv="INFO"),
        E(110, "Recalculating schedule, headroom=<memory:{}, vCores:{}>", I(0, 90000), I(-5, 40),
          co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator", lv="INFO"),
        E(60, "Reduce slow start threshold not met. completedMapsForReduceSlowstart {}", I(1, 10),
          co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator", lv="INFO"),
        E(70, "Scheduler state: pendingReduces={} scheduledMaps={} assignedMaps={} completedMaps={} containersAllocated={}",
          I(0, 4), I(0, 120), I(0, 40), I(0, 120), I(0, 140), co=A + ".rm.RMContainerAllocator",
          th="RMCommunicator Allocator", lv="INFO"),
        E(80, "Launching {}", att, co=A + ".launcher.ContainerLauncherImpl", th="ContainerLauncher #%d", lv="INFO"),
        E(75, "Opening proxy : {}:{}", host, C("45454"), co="org.apache.hadoop.yarn.client.api.impl.ContainerManagementProtocolProxy",
          th="ContainerLauncher #%d", lv="INFO"),
        E(60, "Shuffle port returned by ContainerManager for {} : {}", att, C("13562"), co=A + ".launcher.ContainerLauncherImpl",
          th="ContainerLauncher #%d", lv="INFO"),
        E(60, "TaskAttempt: [{}] using containerId: [{}] on NM: [{}:{}]", att, cont, host, C("45454"),
          co=A + ".job.impl.TaskAttemptImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(55, "Done acknowledgement from {}", att, co="org.apache.hadoop.mapred.TaskAttemptListenerImpl",
          th="IPC Server handler %d on 41355", lv="INFO"),
        E(50, "Task succeeded with attempt {}", att, co=A + ".job.impl.TaskImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(50, "Num completed Tasks: {}", I(1, 125), co=A + ".job.impl.JobImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(20, "Diagnostics report from {}: {}", att, C("Container killed by the ApplicationMaster.",
                                                       "Container killed on request. Exit code is 143",
                                                       "Error: java.io.IOException: Spill failed"),
          co=A + ".job.impl.TaskAttemptImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(24, "Retrying connection to {}:{} (attempt {} of {})", host, C("45454", "8030"), I(1, 10), C("10"),
          co="org.apache.hadoop.ipc.Client", th="RMCommunicator Allocator", lv="INFO"),
        E(-2, "Failed to renew lease for {} for {} seconds.  Will retry shortly ...", C("[DFSClient_NONMAPREDUCE_-1547462655_1]"),
          I(30, 600), co="org.apache.hadoop.hdfs.LeaseRenewer", th="LeaseRenewer:hadoop@namenode:8020", lv="WARN"),
        E(-1, "ERROR IN CONTACTING RM.", co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator", lv="ERROR"),
        E(30, "Spill {} finished: {} records, {} bytes", I(0, 6), I(10000, 900000), I(1000000, 99999999),
          co="org.apache.hadoop.mapred.MapTask", th="SpillThread", lv="INFO"),
        E(20, "Starting flush of map output", co="org.apache.hadoop.mapred.MapTask", th="main", lv="INFO"),
        E(20, "Processing split: {}:{}+{}", C("hdfs://namenode:8020/data/clicks/2026-12-01/part-00012",
                                              "hdfs://namenode:8020/data/clicks/2026-12-01/part-00031",
                                              "hdfs://namenode:8020/warehouse/orders/ds=2026-11-30/000000_0"),
          I(0, 9) , C("134217728", "67108864", "12055296"), co="org.apache.hadoop.mapred.MapTask", th="main", lv="INFO"),
        E(14, "Merging {} sorted segments", I(1, 40), co="org.apache.hadoop.mapred.Merger", th="main", lv="INFO"),
        E(14, "Down to the last merge-pass, with {} segments left of total size: {} bytes", I(1, 40), I(1000, 999999999),
          co="org.apache.hadoop.mapred.Merger", th="main", lv="INFO"),
        E(40, "fetcher#{} about to shuffle output of map {} decomp: {} len: {} to {}", I(1, 5), att, I(100, 9999999),
          I(100, 9999999), C("MEMORY", "MEMORY", "DISK"), co="org.apache.hadoop.mapreduce.task.reduce.Fetcher",
          th="fetcher#%d", lv="INFO"),
        E(25, "Task '{}' done.", att, co="org.apache.hadoop.mapred.Task", th="main", lv="INFO"),
        E(12, "Releasing unassigned container {}", cont, co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator",
          lv="INFO"),
        E(-1, "Kill job {} received from {} (auth:{}) at {}", C(job), C("etl"), C("SIMPLE"), C("10.40.2.17"),
          co=A + ".client.MRClientService", th="IPC Server handler 1 on 38211", lv="INFO"),
        E(-2, "Event Writer setup for JobId: {}, File: {}", C(job),
          C("hdfs://namenode:8020/tmp/hadoop-yarn/staging/etl/.staging/%s/%s_1.jhist" % (job, job)),
          co="org.apache.hadoop.mapreduce.jobhistory.JobHistoryEventHandler", th="eventHandlingThread", lv="INFO"),
        E(3, "Killing taskAttempt:{} because it is running on unusable node:{}:{}", att, host, C("45454"),
          co=A + ".job.impl.JobImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(45, "Received completed container {}", cont, co=A + ".rm.RMContainerAllocator", th="RMCommunicator Allocator",
          lv="INFO"),
        E(6, "Container {} exceeded physical memory limits: {} of {} used", cont, C("2.1 GB", "4.3 GB", "1.0 GB"),
          C("2 GB", "4 GB", "1 GB"), co=A + ".job.impl.TaskAttemptImpl", th="AsyncDispatcher event handler", lv="WARN"),
        E(-1, "Created MRAppMaster for application {}", C("appattempt_%s_%04d_000001" % (ts, int(app[-4:]))),
          co=A + ".MRAppMaster", th="main", lv="INFO"),
        E(-1, "Executing with tokens: {}", C("[Kind: YARN_AM_RM_TOKEN, Service: , Ident: (appAttemptId { application_id "
                                             "{ id: %d cluster_timestamp: %s } attemptId: 1 } keyId: -1270441)]"
                                             % (int(app[-4:]), ts)), co=A + ".MRAppMaster", th="main", lv="INFO"),
        E(-1, "Input size for job {} = {}. Number of splits = {}", C(job), C("16106127360"), C("121"),
          co="org.apache.hadoop.mapreduce.v2.app.job.impl.JobImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(8, "Adding #{} tokens and #{} secret keys for NM use for launching container", C("1"), C("0"),
          co=A + ".job.impl.TaskAttemptImpl", th="AsyncDispatcher event handler", lv="INFO"),
        E(14, "JVM with ID: {} given task: {}", lambda r: "jvm_%s_%04d_m_%06d" % (ts, int(job[-4:]), r.randint(2, 140)), att,
          co="org.apache.hadoop.mapred.TaskAttemptListenerImpl", th="IPC Server handler %d on 41355", lv="INFO"),
        E(18, "Task:{} is done. And is in the process of committing", att, co="org.apache.hadoop.mapred.Task", th="main",
          lv="INFO"),
        E(22, "MapCompletionEvents request from {}. startIndex {} maxEvents {}", att, I(0, 120), C("10000"),
          co="org.apache.hadoop.mapred.TaskAttemptListenerImpl", th="IPC Server handler %d on 41355", lv="INFO"),
        E(9, "Read {} bytes from map-output for {}", I(2, 9999999), att,
          co="org.apache.hadoop.mapreduce.task.reduce.InMemoryMapOutput", th="fetcher#%d", lv="INFO"),
        E(5, "{} freed by fetcher#{} in {}ms", lambda r: "%s:13562" % r.choice(hosts), I(1, 5), I(2, 4000),
          co="org.apache.hadoop.mapreduce.task.reduce.ShuffleSchedulerImpl", th="fetcher#%d", lv="INFO"),
        E(-2, "Blacklisted host {}", host, co=A + ".rm.RMContainerRequestor", th="RMCommunicator Allocator", lv="INFO"),
        E(4, "Heartbeat to {}:{} failed, will retry in {} ms", C("resourcemanager"), C("8030"), C("1000", "2000"),
          co=A + ".rm.RMCommunicator", th="RMCommunicator Allocator", lv="WARN"),
    ]

    def header(r, t, ev, ctx):
        th = ev.hdr["th"]
        if "%d" in th:
            th = th % r.randint(1, 9)
        return "%s,%03d %s [%s] %s: " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ev.hdr["lv"], th,
                                        ev.hdr["co"])
    fmt = "<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>"
    return items, header, fmt, datetime.datetime(2026, 12, 1, 22, 5, 13), (0, 900)


def syslog(r):
    users = ["root", "admin", "deploy", "backup", "nagios", "www-data", "jsmith", "akumar", "ptrevino"]
    bad = ["test", "guest", "oracle", "ubuntu", "pi", "support", "user1", "ftpuser", "postgres", "git"]
    rh = [ip(r, str(r.choice([45, 61, 103, 185, 211, 222]))) for _ in range(35)]
    lan = ["192.168.7.%d" % r.randint(2, 250) for _ in range(8)]
    rhost, port = P(rh), I(1024, 65535)
    kt = lambda r: "%12.6f" % r.uniform(3, 900000)
    items = [
        E(300, "Failed password for {} from {} port {} ssh2", P(users), rhost, port, co="sshd"),
        E(190, "Failed password for invalid user {} from {} port {} ssh2", P(bad), rhost, port, co="sshd"),
        E(150, "Invalid user {} from {} port {}", P(bad), rhost, port, co="sshd"),
        E(170, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={}  user={}",
          rhost, P(users), co="sshd"),
        E(120, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={}", rhost,
          co="sshd"),
        E(60, "Accepted publickey for {} from {} port {} ssh2: RSA SHA256:{}", P(users[:4]), P(lan), port,
          C("q3RtbWbb1mbkE0i3Jm0dXv9UaBYgOLfJxVb2x4h0sX8", "kX9vB2dMqfT1zz0bUzVt9m9kzv2WQ8tH3HqA0pHyB3c"), co="sshd"),
        E(20, "Accepted password for {} from {} port {} ssh2", P(users), P(lan), port, co="sshd"),
        E(70, "pam_unix(sshd:session): session opened for user {} by (uid=0)", P(users), co="sshd"),
        E(70, "pam_unix(sshd:session): session closed for user {}", P(users), co="sshd"),
        E(50, "Received disconnect from {} port {}:{}: {}", rhost, port, C("11", "11", "11", "3"), C("Bye Bye", "disconnected by user",
                                                                                     "Normal Shutdown, Thank you for playing"),
          co="sshd"),
        E(90, "Connection closed by {} port {} [preauth]", rhost, port, co="sshd"),
        E(30, "Did not receive identification string from {}", rhost, co="sshd"),
        E(25, "reverse mapping checking getaddrinfo for {} [{}] failed - POSSIBLE BREAK-IN ATTEMPT!",
          C("static.vnpt.example.net", "host-185-12.broadband.example", "ns1.hosting-24.example"), rhost, co="sshd"),
        E(15, "Disconnecting: Too many authentication failures for {} [preauth]", P(users), co="sshd"),
        E(18, "(to {}) {} on {}", C("root", "postgres"), P(users[4:]), C("pts/0", "pts/1", "pts/3"), co="su"),
        E(18, "pam_unix(su:session): session opened for user {} by {}(uid={})", C("root", "postgres"), P(users[4:]),
          I(1000, 1010), co="su"),
        E(18, "pam_unix(su:session): session closed for user {}", C("root", "postgres"), co="su"),
        E(60, "({}) CMD ({})", C("root", "www-data", "backup"),
          C("command -v debian-sa1 > /dev/null && debian-sa1 1 1", "/usr/local/bin/rotate-sessions --max-age 3600",
            "cd / && run-parts --report /etc/cron.hourly", "/opt/backup/bin/snap.sh >/dev/null 2>&1"), co="CRON"),
        E(55, "pam_unix(cron:session): session opened for user {} by (uid=0)", C("root", "www-data", "backup"), co="CRON"),
        E(55, "pam_unix(cron:session): session closed for user {}", C("root", "www-data", "backup"), co="CRON"),
        E(12, "[{}] e1000e: {} NIC Link is Up {} Mbps Full Duplex, Flow Control: {}", kt, C("eth0", "eth1"),
          C("1000", "100"), C("Rx/Tx", "None"), co="kernel"),
        E(10, "[{}] e1000e: {} NIC Link is Down", kt, C("eth0", "eth1"), co="kernel"),
        E(4, "[{}] Out of memory: Killed process {} ({}) total-vm:{}kB, anon-rss:{}kB, file-rss:{}kB", kt, I(300, 40000),
          C("java", "postgres", "node"), I(10 ** 6, 9 * 10 ** 6), I(10 ** 5, 4 * 10 ** 6), I(0, 9999), co="kernel"),
        E(-2, "[{}] EXT4-fs ({}): mounted filesystem with ordered data mode. Opts: {}", kt, C("sda1", "sdb1"),
          C("(null)", "errors=remount-ro"), co="kernel"),
        E(5, "[{}] usb {}: new high-speed USB device number {} using {}", kt, C("1-1", "2-1.4"), I(2, 9), C("xhci_hcd", "ehci-pci"),
          co="kernel"),
        E(8, "[{}] audit: type={} audit({}:{}): apparmor=\"DENIED\" operation=\"{}\" profile=\"{}\" name=\"{}\" pid={} "
             "comm=\"{}\"", kt, C("1400"), lambda r: "%d.%03d" % (r.randint(1764500000, 1764700000), r.randint(0, 999)),
          I(100, 9999), C("open", "exec"), C("/usr/sbin/cupsd", "/usr/sbin/ntpd"), C("/etc/ssl/private/", "/proc/1/environ"),
          I(300, 40000), C("cupsd", "ntpd"), co="kernel"),
        E(6, "[{}] TCP: request_sock_TCP: Possible SYN flooding on port {}. Sending cookies.", kt, C("22", "80", "443"),
          co="kernel"),
        E(25, "DHCPREQUEST for {} on {} to {} port {}", P(lan), C("eth0"), C("192.168.7.1"), C("67"), co="dhclient"),
        E(25, "DHCPACK of {} from {}", P(lan), C("192.168.7.1"), co="dhclient"),
        E(25, "bound to {} -- renewal in {} seconds.", P(lan), I(1000, 43200), co="dhclient"),
        E(4, "DHCPDISCOVER on {} to {} port {} interval {}", C("eth0"), C("255.255.255.255"), C("67"), I(3, 20), co="dhclient"),
        E(20, "START: ftp pid={} from={}", I(300, 40000), rhost, co="xinetd"),
        E(20, "EXIT: ftp status={} pid={} duration={}(sec)", C("0", "0", "1"), I(300, 40000), I(0, 900), co="xinetd"),
        E(18, "connection from {} ({}) at {}", rhost, C("unknown", "scan-node.example.com"),
          lambda r: "Wed Dec  2 %02d:%02d:%02d 2026" % (r.randint(0, 12), r.randint(0, 59), r.randint(0, 59)), co="ftpd"),
        E(6, "ANONYMOUS FTP LOGIN FROM {}, {}", rhost, C("(anonymous)", "guest@", "mozilla@example.com"), co="ftpd"),
        E(-1, "ALERT exited abnormally with [{}]", C("1"), co="logrotate"),
        E(3, "cupsd shutdown succeeded", co="cups"),
        E(3, "cupsd startup succeeded", co="cups"),
        E(20, "Started Session {} of user {}.", I(100, 9000), P(users), co="systemd"),
        E(-2, "Starting Daily apt upgrade and clean activities...", co="systemd"),
        E(3, "logrotate.service: Succeeded.", co="systemd"),
        E(-2, "Server listening on {} port {}.", C("0.0.0.0", "::"), C("22"), co="sshd"),
        E(14, "error: maximum authentication attempts exceeded for {} from {} port {} ssh2 [preauth]", P(users + bad), rhost,
          port, co="sshd"),
        E(-1, "[{}] {}: renamed from {}", kt, C("enp3s0"), C("eth0"), co="kernel"),
        E(6, "synchronized to {}, stratum {}", C("192.168.7.1", "162.159.200.1"), C("2", "3"), co="ntpd"),
        E(3, "[origin software=\"rsyslogd\" swVersion=\"{}\" x-pid=\"{}\" x-info=\"https://www.rsyslog.com\"] "
             "rsyslogd was HUPed", C("8.2312.0"), C("811"), co="rsyslogd"),
        E(4, "Job `{}' terminated", C("cron.daily", "cron.weekly"), co="anacron"),
        E(22, "{} : TTY={} ; PWD={} ; USER={} ; COMMAND={}", P(users[4:]), C("pts/0", "pts/1", "unknown"),
          C("/home/akumar", "/srv/app", "/"), C("root", "postgres"),
          C("/usr/bin/systemctl restart nginx", "/usr/bin/journalctl -u app --since today", "/bin/ls /var/log",
            "/usr/bin/apt-get update"), co="sudo"),
        E(22, "pam_unix(sudo:session): session opened for user {}(uid={}) by {}(uid={})", ctxval("u"), ctxval("uid"),
          P(users[4:]), I(1000, 1010), setup=lambda r: dict(zip(("u", "uid"), r.choice(
              [("root", "0"), ("root", "0"), ("root", "0"), ("postgres", "113"), ("www-data", "33")]))), co="sudo"),
        E(20, "pam_unix(sudo:session): session closed for user {}", C("root", "root", "root", "postgres", "www-data"),
          co="sudo"),
        E(-1, "{} : {} incorrect password attempts ; TTY={} ; PWD={} ; USER={} ; COMMAND={}", C("ptrevino"), C("3"),
          C("pts/2"), C("/home/ptrevino"), C("root"), C("/bin/bash"), co="sudo"),
    ]
    pids = {}
    nopid = {"kernel", "logrotate", "cups", "sudo"}

    def header(r, t, ev, ctx):
        co = ev.hdr["co"]
        if co in nopid:
            comp = co
        else:
            if co == "systemd":
                pid = 1
            else:
                pid = r.randint(300, 40000)
            comp = "%s[%d]" % (co, pid)
        host = "gw-ops" if co in ("xinetd", "ftpd") else "bastion-2"
        return "%s %2d %s %s %s: " % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), host, comp)
    fmt = "<Month> <Day> <Time> <Host> <Component>: <Content>"
    return items, header, fmt, datetime.datetime(2026, 12, 1, 0, 0, 5), (0, 40000)


def kubelet(r):
    nss = ["default", "kube-system", "payments", "monitoring", "ingress-nginx"]

    apps = {"api-gateway": "default", "coredns": "kube-system", "orders-worker": "payments", "checkout": "payments",
            "prometheus-node-exporter": "monitoring", "ingress-nginx-controller": "ingress-nginx",
            "redis-cache": "default", "fluent-bit": "kube-system"}

    def podname(r):
        base = r.choice(sorted(apps))
        return "%s/%s-%s-%s" % (apps[base], base, "%x" % r.getrandbits(36),
                                "".join(r.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5)))
    pods = [podname(r) for _ in range(30)]
    uids = {p: uuid(r) for p in pods}
    pod = P(pods)
    cids = ["%064x" % r.getrandbits(256) for _ in range(40)]
    cid = P(cids)
    vols = ["kube-api-access-%s" % "".join(r.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5)) for _ in range(12)]
    vols += ["config-volume", "tls-certs", "data", "tmp"]
    imgs = ["registry.example.com/shop/checkout:1.14.2", "docker.io/library/redis:7.2-alpine",
            "registry.k8s.io/coredns/coredns:v1.11.1", "quay.io/prometheus/node-exporter:v1.8.2",
            "registry.example.com/shop/orders-worker:2.3.0"]
    cnames = ["checkout", "redis", "coredns", "node-exporter", "controller", "worker", "fluent-bit"]

    def podlist(r):
        return "[" + " ".join('"%s"' % p for p in r.sample(pods, r.choice([1, 1, 1, 2, 3]))) + "]"

    def uniq(r):
        return "kubernetes.io/projected/%s-%s" % (r.choice(list(uids.values())), r.choice(vols))

    def ts(r):
        return "2026-12-02 %02d:%02d:%02d.%09d +0000 UTC" % (r.randint(0, 11), r.randint(0, 59), r.randint(0, 59),
                                                             r.randint(0, 999999999))

    def pleg(r):
        return "&{ID:%s Type:%s Data:%s}" % (r.choice(list(uids.values())), r.choice(
            ["ContainerStarted", "ContainerDied", "ContainerStarted"]), r.choice(cids))
    vol, uid = P(vols), (lambda r: r.choice(list(uids.values())))
    pname = lambda r: r.choice(pods).split("/")[1]
    items = [
        E(330, '"SyncLoop (PLEG): event for pod" pod="{}" event={}', pod, pleg, lv="I", src="kubelet.go:2461"),
        E(60, '"SyncLoop ADD" source="{}" pods={}', C("api", "api", "file"), podlist, lv="I", src="kubelet.go:2400"),
        E(120, '"SyncLoop UPDATE" source="{}" pods={}', C("api", "api", "api", "file"), podlist, lv="I", src="kubelet.go:2407"),
        E(40, '"SyncLoop DELETE" source="{}" pods={}', C("api", "api", "api", "file"), podlist, lv="I", src="kubelet.go:2416"),
        E(40, '"SyncLoop REMOVE" source="{}" pods={}', C("api", "api", "api", "file"), podlist, lv="I", src="kubelet.go:2410"),
        E(140, '"Probe failed" probeType="{}" pod="{}" podUID="{}" containerName="{}" probeResult="{}" output="{}"',
          C("Readiness", "Liveness", "Startup"), pod, uid, P(cnames), C("failure", "failure", "failure", "unknown"),
          C("Get \\\"http://10.244.1.17:8080/healthz\\\": dial tcp 10.244.1.17:8080: connect: connection refused",
            "HTTP probe failed with statuscode: 503",
            "Get \\\"http://10.244.3.5:9090/ready\\\": context deadline exceeded (Client.Timeout exceeded while awaiting "
            "headers)"), lv="I", src="prober.go:107"),
        E(110, '"SyncLoop (probe)" probe="{}" status="{}" pod="{}"', C("readiness", "liveness", "startup"),
          C("ready", "unhealthy", "started"), pod, lv="I",
          src="kubelet.go:2493"),
        E(60, 'operationExecutor.VerifyControllerAttachedVolume started for volume "{}" (UniqueName: "{}") pod "{}" '
              '(UID: "{}")', vol, uniq, pname, uid, lv="I", src="reconciler_common.go:245"),
        E(60, 'operationExecutor.MountVolume started for volume "{}" (UniqueName: "{}") pod "{}" (UID: "{}")', vol, uniq,
          pname, uid, lv="I", src="reconciler_common.go:218"),
        E(60, 'MountVolume.SetUp succeeded for volume "{}" (UniqueName: "{}") pod "{}" (UID: "{}")', vol, uniq, pname, uid,
          lv="I", src="operation_generator.go:721"),
        E(45, 'operationExecutor.UnmountVolume started for volume "{}" (UniqueName: "{}") pod "{}" (UID: "{}")', vol, uniq,
          pname, uid, lv="I", src="reconciler_common.go:159"),
        E(40, '"Volume detached" volumeName="{}" nodeName="{}"', uniq, C("node-a3"), lv="I", src="reconciler_common.go:299"),
        E(30, '"Pulling image" image="{}"', P(imgs), lv="I", src="kuberuntime_image.go:57"),
        E(28, '"Successfully pulled image" image="{}" duration="{}" imageSize="{}"', P(imgs),
          lambda r: "%.3fs" % r.uniform(0.4, 40), I(5000000, 300000000), lv="I", src="kuberuntime_image.go:86"),
        E(20, '"Back-off pulling image" image="{}"', P(imgs), lv="E", src="pod_workers.go:1298"),
        E(35, '"Error syncing pod, skipping" err="{}" pod="{}" podUID="{}"', C(
            "failed to \\\"StartContainer\\\" for \\\"checkout\\\" with CrashLoopBackOff: \\\"back-off 5m0s restarting "
            "failed container\\\"", "unmounted volumes=[tls-certs], unattached volumes=[], failed to process volumes="
                                    "[]: context deadline exceeded"), pod, uid, lv="E", src="pod_workers.go:1298"),
        E(50, '"RemoveContainer" containerID="{}"', cid, lv="I", src="scope.go:117"),
        E(35, '"Killing container with a grace period" pod="{}" podUID="{}" containerName="{}" containerID="{}" '
              'gracePeriod={}', pod, uid, P(cnames), lambda r: "containerd://" + r.choice(cids), C("30", "30", "1", "60"),
          lv="I", src="kuberuntime_container.go:779"),
        E(40, '"Observed pod startup duration" pod="{}" podStartSLOduration={} podStartE2EDuration="{}" '
              'observedRunningTime="{}"', pod, F(0.5, 60, 6), lambda r: "%.6fs" % r.uniform(0.5, 90), ts, lv="I",
          src="pod_startup_latency_tracker.go:104"),
        E(25, '"Cleaned up orphaned pod volumes dir" podUID="{}" path="{}"', uid,
          lambda r: "/var/lib/kubelet/pods/%s/volumes" % r.choice(list(uids.values())), lv="I",
          src="kubelet_volumes.go:163"),
        E(6, '"Eviction manager: attempting to reclaim" resourceName="{}"', C("memory", "ephemeral-storage"), lv="I",
          src="eviction_manager.go:368"),
        E(6, '"Eviction manager: must evict pod(s) to reclaim" resourceName="{}"', C("memory", "ephemeral-storage"),
          lv="I", src="eviction_manager.go:379"),
        E(5, '"Eviction manager: pods ranked for eviction" pods={}', podlist, lv="I", src="eviction_manager.go:397"),
        E(4, '"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" '
             'usage={} highThreshold={} amountToFree={} lowThreshold={}', I(86, 99), C("85"), I(10 ** 8, 10 ** 10), C("80"),
          lv="I", src="image_gc_manager.go:391"),
        E(-2, '"Node became not ready" node="{}" condition={}', C("node-a3"),
          C('{"type":"Ready","status":"False","lastHeartbeatTime":"2026-12-02T04:11:09Z","reason":"KubeletNotReady",'
            '"message":"container runtime is down"}'), lv="I", src="setters.go:568"),
        E(-1, '"Successfully registered node" node="{}"', C("node-a3"), lv="I", src="kubelet_node_status.go:79"),
        E(-1, '"Updating runtime config through cri with podcidr" CIDR="{}"', C("10.244.3.0/24"), lv="I",
          src="kuberuntime_manager.go:1539"),
        E(15, '"Failed to get status for pod" podUID="{}" pod="{}" err="{}"', uid, pod,
          C("pods \\\"checkout-7c9f\\\" is forbidden: User \\\"system:node:node-a3\\\" cannot get resource \\\"pods\\\"",
            "Get \\\"https://10.96.0.1:443/api/v1/namespaces/payments/pods\\\": net/http: TLS handshake timeout"),
          lv="W", src="status_manager.go:853"),
        E(12, '"Nameserver limits exceeded" err="Nameserver limits were exceeded, some nameservers have been omitted, the '
              'applied nameserver line is: {}"', C("10.0.0.10 10.0.0.11 10.0.0.12", "1.1.1.1 8.8.8.8 9.9.9.9"), lv="E",
          src="dns.go:153"),
        E(10, '"Setting volume ownership" volumeName="{}" fsGroup={}', vol, C("1000", "2000", "65534"), lv="I",
          src="volume_linux.go:147"),
        E(12, '"ContainerStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred '
              'when try to find container \\"{}\\": not found" containerID="{}"', cid, cid, lv="E",
          src="remote_runtime.go:432"),
        E(-1, '"Attempting to register node" node="{}"', C("node-a3"), lv="I", src="kubelet_node_status.go:76"),
        E(8, '"Failed to update lease" err="{}"', C(
            "Put \\\"https://10.96.0.1:443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-a3?timeout=10s"
            "\\\": context deadline exceeded", "the object has been modified; please apply your changes to the latest "
                                              "version and try again"), lv="E", src="controller.go:195"),
        E(-2, '"Unable to read config path" err="{}" path="{}"', C("path does not exist, ignoring"),
          C("/etc/kubernetes/manifests"), lv="I", src="file_linux.go:61"),
        E(10, '"Housekeeping took longer than expected" err="housekeeping took too long" expected="{}" actual="{}"',
          C("1s"), lambda r: "%.3fs" % r.uniform(1.0, 9.0), lv="W", src="housekeeping.go:43"),
        E(-1, "Started kubelet", lv="I", src="server.go:163"),
        E(25, '"No sandbox for pod can be found. Need to start a new one" pod="{}"', pod, lv="I",
          src="util.go:30"),
        E(12, '"Container exited" pod="{}" containerName="{}" exitCode={}', pod, P(cnames), C("0", "0", "1", "137", "143"),
          lv="I", src="kuberuntime_container.go:1045"),
        E(6, '"Failed to stop sandbox" podSandboxID={}', lambda r: '{"Type":"containerd","ID":"%s"}' % r.choice(cids),
          lv="E", src="kuberuntime_manager.go:1375"),
    ]

    def header(r, t, ev, ctx):
        return "%s%s %s %7d %s] " % (ev.hdr["lv"], t.strftime("%m%d"), t.strftime("%H:%M:%S.%f"), 2981, ev.hdr["src"])
    fmt = "<LevelDate> <Time> <Pid> <Source>\\] <Content>"
    return items, header, fmt, datetime.datetime(2026, 12, 2, 4, 0, 1), (0, 6000)


def database(r):
    tables = ["public.orders", "public.order_items", "public.sessions", "public.audit_log", "billing.invoices",
              "public.users"]
    users = ["app", "app", "reporting", "etl", "postgres", "grafana"]
    dbs = ["shop", "shop", "analytics", "postgres"]
    hosts = ["10.30.1.%d" % r.randint(2, 250) for _ in range(12)]
    sqls = ["SELECT o.id, o.total FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50",
            "UPDATE sessions SET last_seen = now() WHERE token = $1",
            "SELECT count(*) FROM audit_log WHERE created_at > now() - interval '1 day'",
            "INSERT INTO order_items (order_id, sku, qty, price) VALUES ($1, $2, $3, $4)",
            "DELETE FROM sessions WHERE last_seen < now() - interval '30 days'",
            "SELECT * FROM invoices i JOIN users u ON u.id = i.user_id WHERE i.status = 'open'"]
    bad = ["SELECT * FROM order_itmes WHERE order_id = 42", "SELEC id FROM users", "INSERT INTO users (id, email) "
           "VALUES (1001, 'a@example.com')", "UPDATE invoices SET paid_at = now() WHERE id = 77",
           "SELECT customer FROM orders LIMIT 10"]
    sq = P(sqls)
    # One format string ("%s" after "STATEMENT:  ") prints the statement of every failed query: one shared event.
    stmt = Event("{}", [ctxval("stmt")], lv="STATEMENT")
    bad_stmt = lambda r: {"stmt": r.choice(bad)}
    ok_stmt = lambda r: {"stmt": r.choice(sqls)}
    items = [
        E(330, "duration: {} ms  statement: {}", F(100, 9000, 3), sq, lv="LOG"),
        E(120, "duration: {} ms  execute {}: {}", F(100, 9000, 3), C("S_1", "S_2", "S_7", "<unnamed>"), sq, lv="LOG"),
        E(230, "connection received: host={} port={}", P(hosts), I(30000, 60999), lv="LOG"),
        E(150, "connection authorized: user={} database={} application_name={}", P(users), P(dbs),
          C("psql", "PostgreSQL JDBC Driver", "grafana", "pg_dump"), lv="LOG"),
        E(60, "connection authorized: user={} database={} SSL enabled (protocol={}, cipher={}, bits={})", P(users), P(dbs),
          ctxval("proto"), ctxval("cipher"), ctxval("bits"), lv="LOG", setup=lambda r: dict(zip(
              ("proto", "cipher", "bits"), r.choice([("TLSv1.3", "TLS_AES_256_GCM_SHA384", "256"),
                                                     ("TLSv1.3", "TLS_AES_128_GCM_SHA256", "128"),
                                                     ("TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384", "256")])))),
        E(200, "disconnection: session time: {} user={} database={} host={} port={}",
          lambda r: "%d:%02d:%06.3f" % (r.randint(0, 2), r.randint(0, 59), r.uniform(0, 59.999)), P(users), P(dbs),
          P(hosts), I(30000, 60999), lv="LOG"),
        E(25, "checkpoint starting: {}", C("time", "time", "time", "wal", "immediate force wait"), lv="LOG"),
        E(25, "checkpoint complete: wrote {} buffers ({}%); {} WAL file(s) added, {} removed, {} recycled; write={} s, "
              "sync={} s, total={} s; sync files={}, longest={} s, average={} s; distance={} kB, estimate={} kB",
          I(10, 90000), F(0, 40, 1), I(0, 3), I(0, 9), I(0, 30), F(0, 270, 3), F(0, 3, 3), F(0, 275, 3), I(1, 400),
          F(0, 1, 3), F(0, 0.1, 3), I(1000, 900000), I(1000, 900000), lv="LOG"),
        E(40, "automatic vacuum of table \"{}\": index scans: {}, pages: {} removed, {} remain, tuples: {} removed, {} "
              "remain, elapsed: {} s", lambda r: "shop." + r.choice(tables), I(0, 2), I(0, 900), I(10, 900000),
          I(0, 90000), I(1000, 9000000), F(0, 60, 2), lv="LOG"),
        E(35, "automatic analyze of table \"{}\" system usage: CPU: user: {} s, system: {} s, elapsed: {} s",
          lambda r: "shop." + r.choice(tables), F(0, 3, 2), F(0, 1, 2), F(0, 9, 2), lv="LOG"),
        CHAIN(30, [Event("duplicate key value violates unique constraint \"{}\"",
                         [C("orders_pkey", "users_email_key", "order_items_order_id_sku_key")], lv="ERROR"),
                   Event("Key ({})=({}) already exists.", [C("id", "email", "order_id, sku"),
                                                           C("1001", "a@example.com", "77, SKU-4411")], lv="DETAIL"),
                   stmt], bad_stmt),
        CHAIN(18, [Event("relation \"{}\" does not exist at character {}", [C("order_itmes", "invoice", "tmp_report"),
                                                                           I(10, 60)], lv="ERROR"),
                   stmt], bad_stmt),
        CHAIN(14, [Event("column \"{}\" does not exist at character {}", [C("customer", "paid", "ammount"), I(8, 40)],
                         lv="ERROR"),
                   stmt], bad_stmt),
        CHAIN(10, [Event("syntax error at or near \"{}\" at character {}", [C("SELEC", "FORM", ")"), I(1, 30)], lv="ERROR"),
                   stmt], bad_stmt),
        CHAIN(16, [Event("canceling statement due to statement timeout", [], lv="ERROR"),
                   stmt], ok_stmt),
        CHAIN(4, [Event("deadlock detected", [], lv="ERROR"),
                  Event("Process {} waits for ShareLock on transaction {}; blocked by process {}.",
                        [I(1000, 60000), I(10 ** 6, 9 * 10 ** 6), I(1000, 60000)], lv="DETAIL"),
                  Event("See server log for query details.", [], lv="HINT"),
                  stmt], ok_stmt),
        E(6, "could not serialize access due to concurrent update", lv="ERROR"),
        CHAIN(20, [Event("password authentication failed for user \"{}\"", [C("app", "admin", "postgres", "report")],
                         lv="FATAL"),
                   Event("Connection matched pg_hba.conf line {}: \"{}\"", [C("97", "101"),
                         C("host    all    all    10.30.0.0/16    scram-sha-256", "hostssl all all 0.0.0.0/0 md5")],
                         lv="DETAIL")]),
        E(8, "database \"{}\" does not exist", C("shop_test", "app", "grafana_db"), lv="FATAL"),
        E(8, "role \"{}\" does not exist", C("root", "admin", "zabbix"), lv="FATAL"),
        E(3, "terminating connection due to administrator command", lv="FATAL"),
        E(3, "remaining connection slots are reserved for non-replication superuser connections", lv="FATAL"),
        E(25, "could not receive data from client: Connection reset by peer", lv="LOG"),
        E(10, "unexpected EOF on client connection with an open transaction", lv="LOG"),
        E(12, "there is no transaction in progress", lv="WARNING"),
        CHAIN(14, [Event("process {} still waiting for {} on {} after {} ms",
                         [I(1000, 60000), C("ShareLock", "RowExclusiveLock", "AccessExclusiveLock"),
                          lambda r: r.choice(["transaction %d" % r.randint(10 ** 6, 9 * 10 ** 6),
                                              "relation %d of database %d" % (r.randint(16000, 99999), 16384)]),
                          F(1000, 1100, 3)], lv="LOG"),
                   Event("Process holding the lock: {}. Wait queue: {}.", [I(1000, 60000), lambda r: ", ".join(
                       str(r.randint(1000, 60000)) for _ in range(r.randint(1, 3)))], lv="DETAIL")]),
        E(10, "process {} acquired {} on {} after {} ms", I(1000, 60000), C("ShareLock", "RowExclusiveLock"),
          lambda r: "transaction %d" % r.randint(10 ** 6, 9 * 10 ** 6), F(1000, 9000, 3), lv="LOG"),
        E(15, "temporary file: path \"{}\", size {}", lambda r: "base/pgsql_tmp/pgsql_tmp%d.%d" % (r.randint(1000, 60000),
                                                                                                   r.randint(0, 9)),
          I(10 ** 6, 10 ** 9), lv="LOG"),
        E(-1, "database system was shut down at {}", C("2026-12-02 03:58:11 UTC"), lv="LOG"),
        E(-1, "database system is ready to accept connections", lv="LOG"),
        E(-1, "received fast shutdown request", lv="LOG"),
        E(-1, "aborting any active transactions", lv="LOG"),
        E(4, "background worker \"{}\" (PID {}) exited with exit code {}", C("logical replication launcher",
                                                                             "parallel worker"), I(1000, 60000),
          C("1"), lv="LOG"),
        E(-2, "listening on IPv4 address \"{}\", port {}", C("0.0.0.0"), C("5432"), lv="LOG"),
        E(-1, "starting PostgreSQL {} on x86_64-pc-linux-gnu, compiled by gcc (GCC) {}, 64-bit", C("16.6"), C("11.4.1"),
          lv="LOG"),
        E(3, "parameter \"{}\" changed to \"{}\"", C("log_min_duration_statement", "work_mem"), C("100", "64MB"), lv="LOG"),
        E(3, "received SIGHUP, reloading configuration files", lv="LOG"),
        CHAIN(3, [Event("checkpoints are occurring too frequently ({} seconds apart)", [I(5, 29)], lv="WARNING"),
                  Event("Consider increasing the configuration parameter \"max_wal_size\".", [], lv="HINT")]),
        E(-1, "automatic vacuum to prevent wraparound of table \"{}\": index scans: {}", C("shop.public.audit_log"),
          C("1"), lv="LOG"),
        E(4, "started streaming WAL from primary at {} on timeline {}", lambda r: "%X/%X000000" % (r.randint(1, 40),
                                                                                                  r.randint(16, 255)),
          C("1"), lv="LOG"),
        E(3, "could not connect to the primary server: {}", C(
            "connection to server at \"10.30.0.5\", port 5432 failed: Connection refused"), lv="FATAL"),
        CHAIN(5, [Event("archive command failed with exit code {}", [C("1", "2")], lv="LOG"),
                  Event("The failed archive command was: {}", [lambda r: "test ! -f /mnt/wal/%s && cp pg_wal/%s "
                        "/mnt/wal/%s" % ((("%024X" % r.getrandbits(64)),) * 3)], lv="DETAIL")]),
        E(-2, "terminating autovacuum process due to administrator command", lv="FATAL"),
        E(-1, "logical replication apply worker for subscription \"{}\" has started", C("orders_sub"), lv="LOG"),
        E(12, "could not send data to client: Broken pipe", lv="LOG"),
        E(6, "invalid input syntax for type {}: \"{}\" at character {}", C("integer", "uuid", "timestamp"),
          C("abc", "12ab", "2026-13-01"), I(20, 90), lv="ERROR"),
    ]

    def header(r, t, ev, ctx):
        if "pid" not in ctx:
            ctx["pid"] = r.randint(1000, 60000)
        return "%s.%03d UTC [%d] %s:  " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ctx["pid"],
                                          ev.hdr["lv"])
    fmt = "<Date> <Time> <Zone> \\[<Pid>\\] <Level>:  <Content>"
    return items, header, fmt, datetime.datetime(2026, 12, 2, 4, 0, 0), (0, 8000)
