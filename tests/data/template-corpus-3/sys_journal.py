"""Journal: `journalctl -o short-iso` of a Kubernetes worker node (systemd 252): systemd, the kernel, sshd, sudo, cron,
systemd-logind, NetworkManager, containerd and dockerd (logrus text), and kubelet (klog text with its own header
inside the message). systemd's unit messages print the unit name as a value (`<unit>: Failed with result '…'.`).

Quoting: logrus quotes a value only when it needs it, so after `key=` the whole encoded value is one <*> (the `msg`
text is constant with its quotes and escapes); klog's structured pairs always quote strings, so for string values the
quotes are constant (`pod="<*>"`), while a struct printed as JSON is one <*> (`event=<*>`). The klog header inside the
message (`I1128 14:02:11.123456    4211 file.go:123]`) has the severity letter and source location constant per call
site; the date, time and thread id are values."""
from gen_common import E, ip, hexs, uuid

NAME = "Journal"
LAYOUT = "<Timestamp> <Host> <Component>: <Content>"

HOST = "k8s-node-07"
PIDS = {"systemd": 1, "systemd-logind": 812, "NetworkManager": 790, "containerd": 1021, "dockerd": 1188, "kubelet": 1452}
PODS = ["default/web-7f9c6d8b5-k2x7q", "orders/orders-api-5c8d9f7b6-zq4rp", "orders/payments-6d4f8b7c9-8nmw2",
        "monitoring/node-exporter-x7k2q", "kube-system/coredns-5d78c9869d-4tq8z", "batch/report-28391760-jw5xd"]
CONTAINERS = ["web", "orders-api", "payments", "node-exporter", "coredns", "report"]
UNITS_SVC = [("nginx.service", "A high performance web server and a reverse proxy server"), ("backup.service", "Nightly backup to S3"),
             ("node-problem-detector.service", "Kubernetes Node Problem Detector"), ("fluent-bit.service", "Fluent Bit"),
             ("apt-daily.service", "Daily apt download activities"), ("logrotate.service", "Rotate log files"),
             ("sysstat-collect.service", "system activity accounting tool")]
USERS = [("alice", 1000), ("bob", 1001), ("deploy", 1002), ("root", 0)]


def unit(r):
    return r.choice(UNITS_SVC)


def session(r):
    return r.randint(100, 999)


def klog_hdr(r, now):
    return (now.strftime("%m%d"), "%s.%06d" % (now.strftime("%H:%M:%S"), r.randint(0, 999999)), 1452)


def ctr(r):
    return hexs(r, 64)


def veth(r):
    return "veth%s" % hexs(r, 8)


def cpu(r):
    v = r.uniform(0.01, 90)
    return "%.3fs" % v if v < 60 else "%dmin %.3fs" % (v // 60, v % 60)


_over = {}


def via(vals, comps):
    """the daemon that printed the line depends on the first value (the PAM service)"""
    _over["comp"] = comps[vals[0]]
    return vals


def J(fmt, weight, gen=None, comp="systemd", **kw):
    return E(fmt, weight, gen, comp=comp, **kw)


def mod_now():
    return __import__(__name__).now


def K(fmt, weight, gen=None, **kw):
    g = gen or (lambda r: ())
    return J(fmt, weight, lambda r: klog_hdr(r, mod_now()) + tuple(g(r)), comp="kubelet", **kw)


def logrus(r):
    return '"%s.%09dZ"' % (mod_now().strftime("%Y-%m-%dT%H:%M:%S"), r.randint(0, 999999999))


EVENTS = [
    J("Started {} - {}.", 120, lambda r: r.choice([("session-%d.scope" % session(r), "Session %d of User %s" % (session(r), r.choice(USERS)[0]))] * 2 + [unit(r)] + [
        ("cri-containerd-%s.scope" % ctr(r), "libcontainer container %s" % ctr(r))] * 2)),
    J("Starting {} - {}...", 40, lambda r: unit(r)),
    J("Stopped {} - {}.", 30, lambda r: unit(r)),
    J("Stopping {} - {}...", 20, lambda r: unit(r)),
    J("Finished {} - {}.", 35, lambda r: r.choice(UNITS_SVC[4:])),
    J("{}: Deactivated successfully.", 170, lambda r: r.choice(["session-%d.scope" % session(r), "cri-containerd-%s.scope" % ctr(r), "run-containerd-runc-k8s.io-%s-runc.%s.mount" % (ctr(r), hexs(r, 6)), unit(r)[0]])),
    J("{}: Consumed {} CPU time.", 90, lambda r: (r.choice(["session-%d.scope" % session(r), "cri-containerd-%s.scope" % ctr(r), unit(r)[0]]), cpu(r))),
    J("{}: Main process exited, code={}, status={}", 30, lambda r: (unit(r)[0],) + r.choice([("exited", "1/FAILURE")] * 4 + [("killed", "9/KILL"), ("dumped", "6/ABRT"), ("exited", "203/EXEC")])),
    J("{}: Failed with result '{}'.", 30, lambda r: (unit(r)[0], r.choice(["exit-code"] * 4 + ["oom-kill", "timeout", "signal", "core-dump"]))),
    J("Failed to start {} - {}.", 14, lambda r: unit(r)),
    J("{}: Scheduled restart job, restart counter is at {}.", 20, lambda r: (unit(r)[0], r.randint(1, 40))),
    J("{}: Start request repeated too quickly.", 3, lambda r: unit(r)[0]),
    J("{}: A process of this unit has been killed by the OOM killer.", 6, lambda r: r.choice(["cri-containerd-%s.scope" % ctr(r), "backup.service"])),
    J("Created slice {} - {}.", 8, lambda r: (lambda u: ("kubepods-burstable-pod%s.slice" % u.replace("-", "_"), "libcontainer container kubepods-burstable-pod%s.slice" % u.replace("-", "_")))(uuid(r))),
    J("Reloading requested from client PID {} ('{}')...", 3, lambda r: (r.randint(20000, 90000), "systemctl")),
    J("Reloading finished in {} ms.", 3, lambda r: r.randint(80, 900)),
    # kernel
    J("{}: Killed process {} ({}) total-vm:{}kB, anon-rss:{}kB, file-rss:{}kB, shmem-rss:{}kB, UID:{} pgtables:{}kB oom_score_adj:{}", 8,
      lambda r: (r.choice(["Memory cgroup out of memory", "Memory cgroup out of memory", "Out of memory"]), r.randint(3000, 99999), r.choice(["java", "node", "python3", "backup-agent"]),
                 r.randint(2 * 10 ** 6, 2 * 10 ** 7), r.randint(10 ** 6, 8 * 10 ** 6), r.randint(0, 90000), r.randint(0, 900), r.choice([0, 1000, 65532]), r.randint(2000, 30000), r.choice([-997, 936, 999, 0])), comp="kernel"),
    J("{} invoked oom-killer: gfp_mask={}({}), order={}, oom_score_adj={}", 8, lambda r: (r.choice(["java", "node", "python3", "backup-agent"]), "0xcc0", "GFP_KERNEL", 0, r.choice([-997, 936, 999])), comp="kernel"),
    J("oom-kill:constraint={},nodemask={},cpuset={},mems_allowed={},oom_memcg={},task_memcg={},task={},pid={},uid={}", 8,
      lambda r: (lambda p: ("CONSTRAINT_MEMCG", "(null)", "cri-containerd-%s.scope" % ctr(r), "0", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice" % p,
                            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/cri-containerd-%s.scope" % (p, ctr(r)), r.choice(["java", "node"]), r.randint(3000, 99999), 65532))(uuid(r).replace("-", "_")), comp="kernel"),
    J("{}: port {}({}) entered {} state", 60, lambda r: ("cni0", r.randint(1, 40), veth(r), r.choice(["blocking", "forwarding", "disabled", "forwarding"])), comp="kernel"),
    J("device {} {} promiscuous mode", 40, lambda r: (veth(r), r.choice(["entered", "left"])), comp="kernel"),
    J("IPv6: ADDRCONF(NETDEV_CHANGE): {}: link becomes ready", 20, lambda r: veth(r), comp="kernel"),
    J("{}: Link is Up - {} - flow control {}", -2, lambda r: ("eno1", "25Gbps/Full", "rx/tx"), comp="kernel"),
    J("{}: Link is Down", -2, lambda r: "eno1", comp="kernel"),
    J("TCP: request_sock_TCP: Possible SYN flooding on port {}. Sending cookies.  Check SNMP counters.", -1, lambda r: 30443, comp="kernel"),
    J("nf_conntrack: nf_conntrack: table full, dropping packet", -2, comp="kernel"),
    J("audit: type={} audit({}:{}): apparmor=\"{}\" operation=\"{}\" profile=\"{}\" name=\"{}\" pid={} comm=\"{}\" requested_mask=\"{}\" denied_mask=\"{}\" fsuid={} ouid={}", 10,
      lambda r: (1400, "%d.%03d" % (1796479331 + r.randint(0, 1800), r.randint(0, 999)), r.randint(100, 9999), "DENIED", r.choice(["open", "open", "mknod"]), "cri-containerd.apparmor.d",
                 r.choice(["/proc/sys/kernel/yama/ptrace_scope", "/etc/shadow", "/sys/fs/cgroup/memory.max"]), r.randint(3000, 99999), r.choice(["node", "python3", "sh"]), "r", "r", 65532, 0), comp="kernel"),
    # sshd, sudo, cron, logind
    J("Accepted publickey for {} from {} port {} ssh2: {} {}", 12, lambda r: (r.choice(USERS[:3])[0], ip(r, "10.20"), r.randint(40000, 65000), "ED25519", "SHA256:%s" % hexs(r, 43)), comp="sshd"),
    J("Invalid user {} from {} port {}", 20, lambda r: (r.choice(["admin", "ubuntu", "test", "oracle", "git", "postgres"]), r.choice(["45.83.64.", "185.220.101."]) + str(r.randint(2, 250)), r.randint(30000, 65000)), comp="sshd"),
    J("Connection closed by invalid user {} {} port {} [preauth]", 18, lambda r: (r.choice(["admin", "ubuntu", "test", "oracle"]), r.choice(["45.83.64.", "185.220.101."]) + str(r.randint(2, 250)), r.randint(30000, 65000)), comp="sshd"),
    J("Received disconnect from {} port {}:{}: {}", 12, lambda r: (ip(r, "10.20"), r.randint(40000, 65000), 11, r.choice(["disconnected by user", "Bye Bye"])), comp="sshd"),
    J("Disconnected from user {} {} port {}", 12, lambda r: (r.choice(USERS[:3])[0], ip(r, "10.20"), r.randint(40000, 65000)), comp="sshd"),
    J("pam_unix({}:session): session opened for user {}(uid={}) by {}(uid={})", 14, lambda r: (lambda u: ("sudo", "root", 0, u[0], u[1]))(r.choice(USERS[:3])), comp="sudo"),
    J("pam_unix({}:session): session closed for user {}", 30, lambda r: via(r.choice([("sshd", r.choice(USERS[:3])[0]), ("sudo", "root"), ("cron", "root")]), {"sshd": "sshd", "sudo": "sudo", "cron": "CRON"})),
    J("{} : TTY={} ; PWD={} ; USER={} ; COMMAND={}", 14, lambda r: (r.choice(USERS[:3])[0], "pts/%d" % r.randint(0, 3), "/home/%s" % r.choice(USERS[:3])[0], "root",
                                                                   r.choice(["/usr/bin/systemctl restart kubelet", "/usr/bin/journalctl -u kubelet --since -1h", "/usr/bin/crictl ps -a", "/usr/bin/cat /var/log/syslog"])), comp="sudo"),
    J("({}) CMD ({})", 20, lambda r: r.choice([("root", "/usr/local/bin/node-cleanup.sh >/dev/null 2>&1"), ("root", "command -v debian-sa1 > /dev/null && debian-sa1 1 1")]), comp="CRON"),
    J("New session {} of user {}.", 14, lambda r: (session(r), r.choice(USERS[:3])[0]), comp="systemd-logind"),
    J("Session {} logged out. Waiting for processes to exit.", 12, lambda r: session(r), comp="systemd-logind"),
    J("Removed session {}.", 12, lambda r: session(r), comp="systemd-logind"),
    # NetworkManager
    J("<info>  [{}] dhcp4 ({}): state changed new lease, address={}", 6, lambda r: ("%d.%04d" % (1796479331 + r.randint(0, 1800), r.randint(0, 9999)), "eno1", "10.0.12.47"), comp="NetworkManager"),
    J("<info>  [{}] device ({}): state change: {} -> {} (reason '{}', sys-iface-state: '{}')", 10,
      lambda r: ("%d.%04d" % (1796479331 + r.randint(0, 1800), r.randint(0, 9999)), r.choice(["eno1", "cni0"]))
      + r.choice([("activated", "unavailable", "carrier-changed"), ("unavailable", "disconnected", "none"), ("disconnected", "prepare", "none"), ("ip-config", "activated", "none")]) + ("managed",), comp="NetworkManager"),
    # containerd / dockerd (logrus)
    J("time={} level=info msg=\"StartContainer for \\\"{}\\\" returns successfully\"", 40, lambda r: (logrus(r), ctr(r)), comp="containerd"),
    J("time={} level=info msg=\"shim disconnected\" id={} namespace={}", 50, lambda r: (logrus(r), ctr(r), "k8s.io"), comp="containerd"),
    J("time={} level=info msg=\"RemoveContainer for \\\"{}\\\"\"", 25, lambda r: (logrus(r), ctr(r)), comp="containerd"),
    J("time={} level=error msg=\"ExecSync for \\\"{}\\\" failed\" error=\"{}\"", 20, lambda r: (logrus(r), ctr(r), r.choice(["rpc error: code = DeadlineExceeded desc = failed to exec in container: timeout 1s exceeded: context deadline exceeded",
                                                                                                                          "rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state"])), comp="containerd"),
    J("time={} level=info msg=\"ignoring event\" container={} module={} namespace={} topic={} type={}", 15,
      lambda r: (logrus(r), ctr(r), "libcontainerd", "moby", "/tasks/delete", '"*events.TaskDelete"'), comp="dockerd"),
    # kubelet (klog)
    K("I{} {}    {} kubelet.go:2441] \"SyncLoop (PLEG): event for pod\" pod=\"{}\" event={}", 130,
      lambda r: (r.choice(PODS), '{"ID":"%s","Type":"%s","Data":"%s"}' % (uuid(r), r.choice(["ContainerStarted", "ContainerStarted", "ContainerDied"]), ctr(r)))),
    K("I{} {}    {} prober.go:107] \"Probe failed\" probeType=\"{}\" pod=\"{}\" podUID=\"{}\" containerName=\"{}\" probeResult=\"{}\" output=\"{}\"", 110,
      lambda r: (lambda i: (r.choice(["Readiness", "Readiness", "Liveness"]), PODS[i], uuid(r), CONTAINERS[i], "failure",
                            r.choice(['Get \\"http://10.244.7.%d:8080/healthz\\": dial tcp 10.244.7.%d:8080: connect: connection refused' % ((r.randint(2, 250),) * 2),
                                      'Get \\"http://10.244.7.%d:8080/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % r.randint(2, 250)])))(r.randint(0, 3))),
    K("E{} {}    {} pod_workers.go:1300] \"Error syncing pod, skipping\" err=\"{}\" pod=\"{}\" podUID=\"{}\"", 70,
      lambda r: (lambda i: ('failed to \\"StartContainer\\" for \\"%s\\" with CrashLoopBackOff: \\"back-off %s restarting failed container=%s pod=%s_%s(%s)\\"' % (
          CONTAINERS[i], r.choice(["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"]), CONTAINERS[i], PODS[i].split("/")[1], PODS[i].split("/")[0], uuid(r)), PODS[i], uuid(r)))(r.randint(0, 5))),
    K("I{} {}    {} kuberuntime_container.go:770] \"Killing container with a grace period\" pod=\"{}\" podUID=\"{}\" containerName=\"{}\" containerID=\"{}\" gracePeriod={}", 20,
      lambda r: (lambda i: (PODS[i], uuid(r), CONTAINERS[i], "containerd://" + ctr(r), r.choice([30, 30, 60])))(r.randint(0, 5))),
    K("W{} {}    {} eviction_manager.go:350] \"Eviction manager: attempting to reclaim\" resourceName=\"{}\"", -2, lambda r: ("memory",)),
    K("I{} {}    {} image_gc_manager.go:395] \"Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold\" usage={} highThreshold={} amountToFree={} lowThreshold={}", -1,
      lambda r: (87, 85, 12884901888, 80)),
    # start-up / shut-down
    J("Startup finished in {} (kernel) + {} (userspace) = {}.", -1, lambda r: ("2.114s", "14.871s", "16.985s"), pos="start"),
    J("System is powering down.", -1, comp="systemd-logind", pos="end"),
    J("Received signal {}; terminating.", -1, lambda r: 15, comp="sshd", pos="end"),
    J("Reached target {} - {}.", -2, lambda r: r.choice([("shutdown.target", "System Shutdown"), ("final.target", "Late Shutdown Services")]), pos="end"),
]


now = None


def header(r, ts, ev, n):
    c = _over.pop("comp", None) or ev.meta["comp"]
    if c == "kernel":
        tag = "kernel"
    elif c in PIDS:
        tag = "%s[%d]" % (c, PIDS[c])
    else:
        tag = "%s[%d]" % (c, r.randint(3000, 99999))
    return "%s+0000 %s %s: " % (ts.strftime("%Y-%m-%dT%H:%M:%S"), HOST, tag)
