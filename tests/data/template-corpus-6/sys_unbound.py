"""Unbound: the Unbound 1.17 recursive resolver of an office network writing its own log file (`use-syslog: no`), so
each line starts `[<epoch seconds>] unbound[<pid>:<thread>] <level>: `. Configured with `verbosity: 1`,
`log-replies: yes`, `log-tag-queryreply: yes` (replies are tagged `reply:`), `log-servfail: yes`,
`log-local-actions: yes`, `statistics-interval: 300`, a DNS-over-TLS forward zone and local-zone blocking. Unbound's
helpers `log_err_addr(str, err, addr)` and friends print a literal of their call site followed by the error and the
address; the literal is constant text of that statement."""
from gen_common import E, ip, hexs, turn

NAME = "Unbound"
LAYOUT = "\\[<Epoch>\\] <Program>\\[<Pid>:<Thread>\\] <Level>: <Content>"

NAMES = ["www.example.com.", "mail.example.org.", "api.github.com.", "update.vendor.example.", "cdn.shop.example.test.", "time.cloudflare.com.", "login.microsoftonline.com.",
         "_ldap._tcp.dc._msdcs.corp.internal.", "fileserver.corp.internal.", "outlook.office365.com.", "connectivity-check.ubuntu.com.", "pool.ntp.org.", "wpad.corp.internal."]
BLOCKED = ["ads.tracker.example.", "telemetry.vendor.example.", "metrics.adnet.example."]
TYPES = ["A"] * 8 + ["AAAA"] * 4 + ["HTTPS", "HTTPS", "SRV", "PTR", "MX", "TXT", "DS", "DNSKEY"]


def ev(fmt, weight, gen=None, lv="info", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def client(r):
    return ip(r, "10.20")


def qname(r):
    return r.choice(NAMES)


def qtype(r):
    return r.choice(TYPES)


def upstream(r):
    return r.choice(["9.9.9.9", "149.112.112.112", "1.1.1.1", "2620:fe::fe"])


def stats_line(r):
    q = r.randint(2000, 60000)
    c = int(q * r.uniform(0.6, 0.9))
    return (r.randint(0, 3), q, c, q - c, r.randint(0, 400), 0)


EVENTS = [
    ev("init module {}: {}", -2, lambda r: turn("ub-mod", [(0, "validator"), (1, "iterator")]), lv="notice", pos="start"),
    ev("so-rcvbuf {} was not granted. Got {}. To fix: start with root permissions(linux) or sysctl bigger net.core.rmem_max(linux) or kern.ipc.maxsockbuf(bsd) values.", -1,
       lambda r: (4194304, 425984), lv="warning", pos="start"),
    ev("start of service (unbound {}).", -1, lambda r: "1.17.1", pos="start"),
    ev("generate keytag query {} {} {}", -1, lambda r: ("_ta-4f66.", "NULL", "IN"), pos="start"),
    # query and reply log
    ev("reply: {} {} {} {} {} {}.{} {} {}", 800, lambda r: (client(r), qname(r), qtype(r), "IN", r.choice(["NOERROR"] * 9 + ["NXDOMAIN", "NXDOMAIN", "SERVFAIL", "REFUSED"]))
       + r.choice([(0, "000000", 1)] * 3 + [(0, "%06d" % r.randint(9000, 400000), 0), (0, "%06d" % r.randint(400000, 999999), 0), (r.randint(1, 3), "%06d" % r.randint(0, 999999), 0)]) + (r.randint(30, 600),)),
    ev("{} {} {}@{} {} {} {}", 140, lambda r: (lambda b: (r.choice(["always_null", "always_null", "always_nxdomain"]), b, client(r), r.randint(1024, 65535), r.choice(["", "www.", "eu."]) + b, qtype(r), "IN"))(r.choice(BLOCKED))),
    ev("SERVFAIL <{} {} {}>: {}", 60, lambda r: (r.choice(NAMES + ["broken-dnssec.example.", "lame.example.net."]), qtype(r), "IN",
                                               r.choice(["all the configured stub or forward servers failed, at zone .", "exceeded the maximum nameserver nxdomains",
                                                         "validation failure <broken-dnssec.example. A IN>: signature expired from 192.0.2.53 for key broken-dnssec.example. while building chain of trust",
                                                         "misc failure"])), lv="error"),
    ev("validation failure <{} {} {}>: {}", 37, lambda r: (r.choice(["broken-dnssec.example.", "stale-sig.example.org."]), qtype(r), "IN",
                                                          r.choice(["signature expired from 192.0.2.53 for key broken-dnssec.example. while building chain of trust",
                                                                    "no signatures from 192.0.2.53 for DS broken-dnssec.example. while building chain of trust",
                                                                    "no DNSSEC records for DS stale-sig.example.org. while building chain of trust",
                                                                    "DS hash mismatches key from 198.51.100.7 for key stale-sig.example.org. while building chain of trust"]))),
    # transport errors
    ev("ssl handshake failed crypto error:{}", 28, lambda r: r.choice(["0A000086:SSL routines::certificate verify failed", "0A000126:SSL routines::unexpected eof while reading", "0A00010B:SSL routines::wrong version number"]), lv="error"),
    ev("ssl handshake failed {} port {}", 28, lambda r: (upstream(r), 853), lv="notice"),
    ev("SSL_read syscall: {}", 12, lambda r: r.choice(["Connection reset by peer", "Connection timed out"]), lv="error"),
    ev("udp connect failed: {} for {} port {} (len {})", 18, lambda r: r.choice([("Network is unreachable", "2001:500:2::c", 53, 28), ("Network is unreachable", "2001:7fd::1", 53, 28)]), lv="error"),
    ev("sendto failed: {}", 20, lambda r: r.choice(["Network is unreachable", "Permission denied", "Invalid argument"]), lv="notice"),
    ev("remote address is {} port {} (len {})", 20, lambda r: (lambda a: (a, r.choice([53, r.randint(1024, 65535)]), 28 if ":" in a else 16))(r.choice(["2001:500:2::c", "2001:7fd::1", client(r)])), lv="notice"),
    ev("read (in tcp s): {} for {} port {}", 24, lambda r: (r.choice(["Connection reset by peer", "Connection timed out"]), client(r), r.randint(1024, 65535)), lv="error"),
    ev("tcp connect: {} for {} port {}", 8, lambda r: (r.choice(["Connection refused", "No route to host"]), upstream(r), 853), lv="error"),
    ev("outgoing tcp: connect: {} for {} port {}", 5, lambda r: ("Network is unreachable", "2001:503:ba3e::2:30", 53), lv="error"),
    ev("ratelimit exceeded {} {} query {} {} {}", 14, lambda r: (lambda z: (z, 1000, z, qtype(r), "IN"))(r.choice(["example.com.", "github.com."])), lv="notice"),
    ev("ip_ratelimit exceeded {} {} {} {} {}", 8, lambda r: (client(r), 100, qname(r), qtype(r), "IN"), lv="notice"),
    ev("too many open outgoing TCP connections, {} queries waiting", 3, lambda r: r.randint(2, 40), lv="warning"),
    ev("could not open autotrust file for writing, {}: {}", 2, lambda r: ("/var/lib/unbound/root.key.1234-0-55b9a4e0", "Permission denied"), lv="error"),
    ev("error parsing local-data at {} '{}': {}", 1, lambda r: (12, "printer.corp.internal. IN A 10.20.3", "Syntax error, could not parse the RR's rdata"), lv="error"),
    ev("control cmd: {}", 14, lambda r: r.choice(["stats_noreset", "flush_zone corp.internal.", "flush example.com.", "reload", "list_forwards", "dump_cache"])),
    ev("Restart of unbound {}.", 2, lambda r: "1.17.1", lv="notice"),
    # statistics (every 300 s per thread)
    ev("server stats for thread {}: {} queries, {} answers from cache, {} recursions, {} prefetch, {} rejected by ip ratelimiting", 24, stats_line),
    ev("server stats for thread {}: requestlist max {} avg {} exceeded {} jostled {}", 24, lambda r: (r.randint(0, 3), r.randint(8, 120), "%.5g" % r.uniform(0.5, 30), 0, r.choice([0, 0, r.randint(1, 9)]))),
    ev("average recursion processing time {} sec", 24, lambda r: "%.6f" % r.uniform(0.02, 0.4)),
    ev("histogram of recursion processing times", 24),
    ev("[25%]={} median[50%]={} [75%]={}", 24, lambda r: (lambda a: ("%.6g" % a, "%.6g" % (a * 2.1), "%.6g" % (a * 4.3)))(r.uniform(0.005, 0.03))),
    ev("lower(secs) upper(secs) recursions", 24),
    # shut-down
    ev("service stopped (unbound {}).", -1, lambda r: "1.17.1", pos="end"),
]


def header(r, t, ev, n):
    import calendar
    th = r.randint(0, 3)
    if ev.meta.get("pos") == "start":
        th = 0
    return "[%d] unbound[%d:%d] %s: " % (calendar.timegm(t.timetuple()), 812, th, ev.meta["lv"])
