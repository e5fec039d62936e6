"""Dockerd: Docker Engine 24 daemon on a CI build host, logrus text formatter as it writes to the journal's raw
stream or a file: `time="…" level=… msg="…"` and then the entry's fields sorted by key. logrus quotes a field value
only when it needs quoting (any character outside letters, digits and `-._/@^+`), so after `key=` the whole encoded
value, quotes included, is one value. `msg` always needs quotes here; its text is constant with its quotes, and a value
formatted into it is escaped by logrus (`\\"`, `\\n`) and then one value. The quoted `time="…"` and `level=` are the
header."""
from gen_common import E, hexs, turn

NAME = "Dockerd"
LAYOUT = "time=\"<Timestamp>\" level=<Level> <Content>"

SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/@^+")


def q(v):
    """logrus: a field value, quoted with strconv.Quote when it needs quoting."""
    v = str(v)
    if v and all(c in SAFE for c in v):
        return v
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def m(v):
    """A value formatted into msg: escaped the way strconv.Quote escapes the whole msg."""
    return str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def ev(fmt, weight, gen=None, lv="info", fields=0, **kw):
    """fmt's last `fields` slots are key=value fields (encoded with q); the others are inside msg (encoded with m)."""
    g = gen or (lambda r: ())

    def wrapped(r):
        v = g(r)
        if not isinstance(v, (tuple, list)):
            v = (v,)
        k = len(v) - fields
        return tuple(m(x) for x in v[:k]) + tuple(q(x) for x in v[k:])
    return E(fmt, weight, wrapped, lv=lv, **kw)


def cid(r):
    return hexs(r, 64)


def sha(r):
    return "sha256:" + hexs(r, 64)


IMAGES = ["registry.internal:5000/ci/builder:2026.11", "node:20-alpine", "postgres:16", "redis:7", "registry.internal:5000/shop/api:%s" % "b81f2e0", "python:3.12-slim", "golang:1.22"]
TOPICS = [("/tasks/delete", "*events.TaskDelete"), ("/tasks/exit", "*events.TaskExit"), ("/tasks/oom", "*events.TaskOOM"), ("/tasks/start", "*events.TaskStart")]
PULL_ERRS = ["errors:\ndenied: requested access to the resource is denied\nunauthorized: authentication required\n",
             "manifest for registry.internal:5000/shop/api:latest not found: manifest unknown: manifest unknown",
             "Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)",
             "toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"]

EVENTS = [
    # start-up
    ev('msg="Starting up"', -1, pos="start"),
    ev('msg="containerd not running, starting managed containerd"', -1, pos="start"),
    ev('msg="started new containerd process" address={} module={} pid={}', -1, lambda r: ("/var/run/docker/containerd/containerd.sock", "libcontainerd", 812), fields=3, pos="start"),
    ev('msg="[graphdriver] using prior storage driver: {}"', -1, lambda r: "overlay2", pos="start"),
    ev('msg="Loading containers: start."', -1, pos="start"),
    ev('msg="Removing stale sandbox {} ({})"', -2, lambda r: (hexs(r, 64), hexs(r, 64)[:12]), pos="start"),
    ev('msg="Default bridge (docker0) is assigned with an IP address {}. Daemon option --bip can be used to set a preferred IP address"', -1, lambda r: "172.17.0.0/16", pos="start"),
    ev('msg="Loading containers: done."', -1, pos="start"),
    ev('msg="Docker daemon" commit={} containerd-snapshotter={} graphdriver={} version={}', -1, lambda r: ("311b9ff", "false", "overlay2", "24.0.7"), fields=4, pos="start"),
    ev('msg="Daemon has completed initialization"', -1, pos="start"),
    ev('msg="API listen on {}"', -1, lambda r: "/run/docker.sock", pos="start"),
    # runtime: containers and containerd
    ev('msg="ignoring event" container={} module={} namespace={} topic={} type={}', 330,
       lambda r: (lambda t: (cid(r), "libcontainerd", "moby", t[0], t[1]))(r.choice(TOPICS[:2] * 6 + TOPICS[2:])), fields=5),
    ev('msg="shim disconnected" id={} namespace={}', 170, lambda r: (cid(r), "moby"), fields=2),
    ev('msg="cleaning up after shim disconnected" id={} namespace={}', 160, lambda r: (cid(r), "moby"), lv="warning", fields=2),
    ev('msg="cleaning up dead shim" namespace={}', 150, lambda r: "moby", fields=1),
    ev('msg="loading plugin \\"{}\\"..." runtime={} type={}', 210,
       lambda r: (lambda p: (p[0], "io.containerd.runc.v2", p[1]))(r.choice([("io.containerd.event.v1.publisher", "io.containerd.event.v1"), ("io.containerd.internal.v1.shutdown", "io.containerd.internal.v1"),
                                                                         ("io.containerd.ttrpc.v1.task", "io.containerd.ttrpc.v1"), ("io.containerd.ttrpc.v1.pause", "io.containerd.ttrpc.v1")])),
       fields=2),
    ev('msg="starting signal loop" namespace={} path={} pid={} runtime={}', 150,
       lambda r: ("moby", "/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby/" + cid(r), r.randint(3000, 990000), "io.containerd.runc.v2"), fields=4),
    ev('msg="Container failed to exit within {} of signal {} - using the force" container={}', 40, lambda r: (r.choice(["10s", "10s", "30s"]), 15, cid(r)), fields=1),
    ev('msg="Health check for container {} error: {}"', 60,
       lambda r: (cid(r), r.choice(['OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown',
                                    "context deadline exceeded", "timed out starting health check for container %s" % cid(r)[:12]])), lv="warning"),
    ev('msg="Handler for {} {} returned error: {}"', 80,
       lambda r: r.choice([("GET", "/v1.43/containers/%s/json" % cid(r)[:12], "No such container: %s" % cid(r)[:12]),
                           ("POST", "/v1.43/containers/create", 'Conflict. The container name "/ci-job-%d" is already in use by container "%s". You have to remove (or rename) that container to be able to reuse that name.' % (r.randint(10000, 99999), cid(r))),
                           ("DELETE", "/v1.43/images/%s" % r.choice(IMAGES), "conflict: unable to delete %s (cannot be forced) - image is being used by running container %s" % (hexs(r, 12), hexs(r, 12)))]),
       lv="error"),
    ev('msg="Error setting up exec command in container {}: {}"', 20, lambda r: (lambda c: (c, "Container %s is not running" % c))(cid(r)[:12]), lv="error"),
    ev('msg="stream copy error: reading from a closed fifo"', 45, lv="error"),
    ev('msg="copy shim log" error={}', 25, lambda r: "read /proc/self/fd/%d: file already closed" % r.randint(11, 80), lv="error", fields=1),
    ev('msg="Error streaming logs: {}" container={} method={} module={}', 30, lambda r: ("context canceled", cid(r), "(*Daemon).ContainerLogs", "daemon"), lv="error", fields=3),
    ev('msg="attach failed with error: {}"', 12, lambda r: r.choice(["error attaching stdout stream: write unix /run/docker.sock->@: write: broken pipe", "error attaching stderr stream: write unix /run/docker.sock->@: write: broken pipe"]),
       lv="error"),
    # runtime: images
    ev('msg="Attempting next endpoint for pull after error: {}"', 35, lambda r: r.choice(PULL_ERRS[1:3])),
    ev('msg="Not continuing with pull after error: {}"', 30, lambda r: r.choice([PULL_ERRS[0], PULL_ERRS[3]]), lv="error"),
    ev('msg="Download failed, retrying ({}/{}): {}"', 25, lambda r: (r.randint(1, 5), 5, r.choice(["unexpected EOF", "read tcp 10.0.5.21:%d->104.16.99.%d:443: read: connection reset by peer" % (r.randint(32768, 60999), r.randint(2, 250))])),),
    ev('msg="Layer {} cleaned up"', 60, sha),
    ev('msg="Error getting v2 registry: {}"', 12, lambda r: PULL_ERRS[2], lv="error"),
    ev('msg="failed to prune image {}: {}"', 8, lambda r: (lambda i: ("%s@%s" % (i.split(":")[0], sha(r)), "No such image: %s@%s" % (i.split(":")[0], sha(r))))(r.choice(IMAGES)), lv="warning"),
    ev('msg="Pull session cancelled"', -2),
    # runtime: networking
    ev('msg="No non-localhost DNS nameservers are left in resolv.conf. Using default external servers: {}"', 35, lambda r: "[nameserver 8.8.8.8 nameserver 8.8.4.4]"),
    ev('msg="IPv6 enabled; Adding default IPv6 external servers: {}"', 35, lambda r: "[nameserver 2001:4860:4860::8888 nameserver 2001:4860:4860::8844]"),
    ev('msg="Failed to allocate and map port {}-{}: {}"', 18, lambda r: (lambda p: (p, p, "Bind for 0.0.0.0:%d failed: port is already allocated" % p))(r.choice([5432, 6379, 8080, 3000])), lv="warning"),
    ev('msg="error locating sandbox id {}: sandbox {} not found"', 14, lambda r: (lambda s: (s, s))(hexs(r, 64)), lv="warning"),
    ev('msg="Published ports are discarded when using host network mode"', 10, lv="warning"),
    ev('msg="failed to delete conntrack state for {}: {}"', 6, lambda r: ("172.17.0.%d" % r.randint(2, 60), "invalid argument"), lv="warning"),
    # runtime: containerd connection
    ev('msg="failed to get event" error={} module={} namespace={}', 8, lambda r: (r.choice(["rpc error: code = Unavailable desc = error reading from server: EOF", "rpc error: code = Canceled desc = grpc: the client connection is closing"]), "libcontainerd", "moby"),
       lv="error", fields=3),
    ev('msg="Waiting for containerd to be ready to restart event processing" module={} namespace={}', 8, lambda r: ("libcontainerd", "moby"), lv="warning", fields=2),
    ev('msg="[core] [Channel #{} SubChannel #{}] grpc: addrConn.createTransport failed to connect to {}. Err: {}" module={}', 10,
       lambda r: (1, 2, "{Addr: \"/var/run/docker/containerd/containerd.sock\", ServerName: \"localhost\", }",
                  "connection error: desc = \"transport: Error while dialing: dial unix:///var/run/docker/containerd/containerd.sock: timeout\"", "grpc"), lv="warning", fields=1),
    ev('msg="containerd is still running" module={} pid={}', 5, lambda r: ("libcontainerd", 812), fields=2),
    # shut-down
    ev('msg="Processing signal \'{}\'"', -1, lambda r: "terminated", pos="end"),
    ev('msg="stopping event stream following graceful shutdown" error={} module={} namespace={}', -2, lambda r: ("<nil>", "libcontainerd", turn("es", ["moby", "plugins.moby"])), fields=3, pos="end"),
    ev('msg="stopping healthcheck following graceful shutdown" module={}', -1, lambda r: "libcontainerd", fields=1, pos="end"),
    ev('msg="Daemon shutdown complete"', -1, pos="end"),
]


def header(r, t, ev, n):
    return 'time="%s.%09dZ" level=%s ' % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond * 1000 + r.randint(0, 999999), ev.meta["lv"])
