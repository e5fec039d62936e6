"""Bind: ISC BIND 9.18 `named`, primary for a company's zones and recursive for its offices, logging every category to
one file channel with `print-time yes; print-category yes; print-severity yes;` so each line starts
`28-Nov-2026 14:02:11.123 <category>: <severity>: `. Query logging is on. Per-client messages carry the
`client @<pointer> <address>#<port> (<name>): ` prefix written by ns_client_log, which is part of Content; its values
(the client object's address, the client address and port, the query name) are values. Start-up banner, zone loading,
queries, query errors, ACL denials, lame servers, DNSSEC validation, zone transfers in and out, NOTIFY, dynamic
updates, response-rate limiting, rndc reloads and shut-down."""
from gen_common import E, ip, pubip, hexs, turn

NAME = "Bind"
LAYOUT = "<Date> <Time> <Category>: <Level>: <Content>"

ZONES = ["corp.example", "example.com", "shop.example.com", "10.in-addr.arpa", "dyn.corp.example"]
QN = ["www.example.com", "mail.example.com", "shop.example.com", "vpn.corp.example", "intranet.corp.example", "dc01.corp.example", "github.com", "login.microsoftonline.com",
      "updates.vendor.example", "api.stripe.com", "10.3.0.10.in-addr.arpa", "_kerberos._tcp.corp.example", "wpad.corp.example"]
TYPES = ["A"] * 6 + ["AAAA"] * 3 + ["HTTPS", "MX", "PTR", "SRV", "TXT", "SOA", "DNSKEY", "ANY"]


def ev(fmt, weight, gen=None, cat="general", lv="info", **kw):
    return E(fmt, weight, gen, cat=cat, lv=lv, **kw)


def cli(r, name=None, addr=None):
    """The ns_client_log prefix values: client object, address, port, name in parentheses."""
    return ("0x7f3a%s" % hexs(r, 8), addr or r.choice([ip(r, "10.3"), ip(r, "10.3"), ip(r, "10.9"), pubip(r)]), r.randint(1024, 65535), name or r.choice(QN))


def qt(r):
    return r.choice(TYPES)


def sec(r):
    return "%d.%03d" % (r.randint(0, 1), r.randint(1, 999))


EVENTS = [
    ev("starting BIND {} (Extended Support Version) <id:{}>", -1, lambda r: ("9.18.24-1-Debian", "a3b2c91"), lv="notice", pos="start"),
    ev("running on {}", -1, lambda r: "Linux x86_64 6.1.0-17-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.69-1 (2023-12-30)", lv="notice", pos="start"),
    ev("built with {}", -1, lambda r: "'--build=x86_64-linux-gnu' '--prefix=/usr' '--sysconfdir=/etc/bind' '--localstatedir=/' '--enable-largefile' '--with-libidn2' '--with-gssapi=yes'", lv="notice", pos="start"),
    ev("running as: {}", -1, lambda r: "named -f -u bind", lv="notice", pos="start"),
    ev("compiled by GCC {}", -1, lambda r: "12.2.0", lv="notice", pos="start"),
    ev("compiled with OpenSSL version: {}", -1, lambda r: "OpenSSL 3.0.11 19 Sep 2023", lv="notice", pos="start"),
    ev("linked to OpenSSL version: {}", -1, lambda r: "OpenSSL 3.0.11 19 Sep 2023", lv="notice", pos="start"),
    ev("found {} CPUs, using {} worker threads", -1, lambda r: (4, 4), lv="notice", pos="start"),
    ev("using {} UDP listeners per interface", -1, lambda r: 4, lv="notice", pos="start"),
    ev("using up to {} sockets", -1, lambda r: 21000, pos="start"),
    ev("loading configuration from '{}'", -1, lambda r: "/etc/bind/named.conf", cat="config", pos="start"),
    ev("reading built-in trust anchors from file '{}'", -1, lambda r: "/etc/bind/bind.keys", lv="notice", pos="start"),
    ev("listening on IPv4 interface {}, {}#{}", -2, lambda r: turn("bind-if", [("lo", "127.0.0.1", 53), ("ens18", "10.3.0.53", 53)]), cat="network", pos="start"),
    ev("listening on IPv6 interface {}, {}#{}", -1, lambda r: ("lo", "::1", 53), cat="network", pos="start"),
    ev("command channel listening on {}#{}", -1, lambda r: ("127.0.0.1", 953), lv="notice", pos="start"),
    ev("managed-keys-zone: loaded serial {}", -1, lambda r: 412, pos="start"),
    ev("zone {}/{}: loaded serial {}", -5, lambda r: (turn("bind-zl", ZONES), "IN", r.choice([2026112701, 2026112801, 2026112001, 8812])), cat="zoneload", pos="start"),
    ev("all zones loaded", -1, lv="notice", pos="start"),
    ev("running", -1, lv="notice", pos="start"),
    # queries
    ev("client @{} {}#{} ({}): query: {} {} {} {} ({})", 760, lambda r: (lambda c: c + (c[3], "IN", qt(r), r.choice(["+E(0)K", "+E(0)K", "+", "-E(0)DC", "+ET(0)K", "-E(0)"]),
                                                                                      r.choice(["10.3.0.53", "10.3.0.53", "127.0.0.1"])))(cli(r)), cat="queries"),
    ev("client @{} {}#{} ({}): query failed ({}) for {}/{}/{} at {}:{}", 70, lambda r: (lambda c: c + (r.choice(["SERVFAIL", "SERVFAIL", "REFUSED", "timed out"]), c[3], "IN", qt(r), "query.c", r.choice([7310, 7846])))(cli(r)),
       cat="query-errors"),
    ev("client @{} {}#{} ({}): query (cache) '{}/{}/{}' denied (allow-query-cache did not match)", 120, lambda r: (lambda c: c + (c[3], qt(r), "IN"))(cli(r, addr=pubip(r))), cat="security"),
    ev("client @{} {}#{} ({}): zone transfer '{}/AXFR/{}' denied", 12, lambda r: (lambda c: c + (c[3], "IN"))(cli(r, name=r.choice(ZONES[:3]), addr=pubip(r))), cat="security"),
    ev("client @{} {}#{} ({}): update '{}/{}' denied", 6, lambda r: (lambda c: c + (c[3], "IN"))(cli(r, name="dyn.corp.example", addr=ip(r, "10.9"))), cat="security"),
    ev("client @{} {}#{}: message parsing failed: {}", 8, lambda r: cli(r, addr=pubip(r))[:3] + (r.choice(["bad compression pointer", "unexpected end of input", "FORMERR"]),), cat="client"),
    ev("client @{} {}#{} ({}): rate limit {} {} response to {} for {} ({})", 30,
       lambda r: (lambda c: c + (r.choice(["drop", "drop", "slip"]), r.choice(["NXDOMAIN", "error", "ANY"]), "%s/24" % ".".join(c[1].split(".")[:3] + ["0"]), c[3] + " IN " + qt(r), hexs(r, 8)))(cli(r, name="example.com", addr=pubip(r))),
       cat="rate-limit"),
    # resolver
    ev("{} resolving '{}/{}/{}': {}#{}", 90, lambda r: (r.choice(["REFUSED unexpected RCODE", "timed out", "network unreachable", "SERVFAIL unexpected RCODE", "connection refused",
                                                                   "FORMERR unexpected RCODE", "insecurity proof failed"]), r.choice(QN[6:] + ["lame.example.net", "ns1.parked.example"]), qt(r), "IN",
                                                         r.choice([pubip(r), "2001:db8:%x::53" % r.randint(1, 255)]), 53), cat="lame-servers"),
    ev("DNS format error from {}#{} resolving {}/{} for client {}#{}: {}", 14, lambda r: (pubip(r), 53, r.choice(QN[6:]), qt(r), ip(r, "10.3"), r.randint(1024, 65535),
                                                                                           r.choice(["reply has no answer", "FORMERR resolving", "invalid response"])), cat="resolver"),
    ev("validating {}/{}: {}", 30, lambda r: (r.choice(["broken-dnssec.example", "stale.example.org", "ns1.broken-dnssec.example"]), r.choice(["A", "DNSKEY", "DS", "SOA"]),
                                              r.choice(["no valid signature found", "verify failed due to bad signature (keyid=%d): RRSIG has expired" % r.randint(1000, 65535),
                                                        "bad cache hit (broken-dnssec.example/DS)", "got insecure response; parent indicates it should be secure"])), cat="dnssec"),
    ev("managed-keys-zone: Unable to fetch DNSKEY set '{}': {}", 3, lambda r: (".", "timed out"), cat="dnssec", lv="warning"),
    ev("shut down hung fetch while resolving '{}/{}'", 4, lambda r: (r.choice(QN[6:]), qt(r)), cat="resolver", lv="notice"),
    # transfers, notify, updates
    ev("client @{} {}#{} ({}): transfer of '{}/{}': AXFR started (serial {})", 10, lambda r: (lambda c: c + (c[3], "IN", 2026112801))(cli(r, name=r.choice(ZONES[:3]), addr=r.choice(["10.3.0.54", "10.3.0.55"]))),
       cat="xfer-out"),
    ev("client @{} {}#{} ({}): transfer of '{}/{}': AXFR ended: {} messages, {} records, {} bytes, {} secs ({} bytes/sec) (serial {})", 10,
       lambda r: (lambda c, rec: c + (c[3], "IN", 1, rec, rec * 41, "0.00%d" % r.randint(1, 9), rec * 41000, 2026112801))(cli(r, name=r.choice(ZONES[:3]), addr=r.choice(["10.3.0.54", "10.3.0.55"])), r.randint(40, 900)),
       cat="xfer-out"),
    ev("client @{} {}#{} ({}): transfer of '{}/{}': IXFR started (serial {} -> {})", 8, lambda r: (lambda c: c + (c[3], "IN", 2026112801, 2026112802))(cli(r, name="dyn.corp.example", addr="10.3.0.54")), cat="xfer-out"),
    ev("zone {}/{}: sending notifies (serial {})", 14, lambda r: (r.choice(ZONES), "IN", r.choice([2026112801, 2026112802, 8813, 8814])), cat="notify"),
    ev("client @{} {}#{} ({}): received notify for zone '{}'", 12, lambda r: (lambda c: c + (c[3],))(cli(r, name="partner.example.net", addr="198.51.100.53")), cat="notify"),
    ev("zone {}/{}: Transfer started.", 10, lambda r: ("partner.example.net", "IN"), cat="xfer-in"),
    ev("transfer of '{}/{}' from {}#{}: connected using {}#{}", 10, lambda r: ("partner.example.net", "IN", "198.51.100.53", 53, "10.3.0.53", r.randint(30000, 60000)), cat="xfer-in"),
    ev("transfer of '{}/{}' from {}#{}: Transfer status: {}", 10, lambda r: ("partner.example.net", "IN", "198.51.100.53", 53, r.choice(["success", "success", "success", "timed out", "REFUSED"])), cat="xfer-in"),
    ev("transfer of '{}/{}' from {}#{}: Transfer completed: {} messages, {} records, {} bytes, {} secs ({} bytes/sec) (serial {})", 8,
       lambda r: (lambda rec: ("partner.example.net", "IN", "198.51.100.53", 53, 1, rec, rec * 44, "0.0%02d" % r.randint(1, 90), rec * 2100, 2026112803))(r.randint(20, 400)), cat="xfer-in"),
    ev("zone {}/{}: refresh: retry limit for primary {}#{} exceeded (source {}#{})", 4, lambda r: ("partner.example.net", "IN", "198.51.100.53", 53, "10.3.0.53", 0), cat="general"),
    ev("client @{} {}#{} ({}): signer \"{}\" approved", 40, lambda r: (lambda c: c + (r.choice(["dhcp-ddns", "dhcp-ddns", "ansible-key"]),))(cli(r, name="dyn.corp.example", addr=r.choice(["10.3.0.20", "10.3.0.21"]))),
       cat="update-security"),
    ev("client @{} {}#{} ({}): updating zone '{}/{}': adding an RR at '{}' {} {}", 36, lambda r: (lambda c, h: c + ("dyn.corp.example", "IN", h, r.choice(["A", "TXT"]), r.choice([ip(r, "10.9"), "\"%s\"" % hexs(r, 34)])))(
        cli(r, name="dyn.corp.example", addr=r.choice(["10.3.0.20", "10.3.0.21"])), "%s.dyn.corp.example" % r.choice(["lt-%04d" % r.randint(1, 900), "print-%02d" % r.randint(1, 30)])), cat="update"),
    ev("client @{} {}#{} ({}): updating zone '{}/{}': deleting rrset at '{}' {}", 26, lambda r: (lambda c: c + ("dyn.corp.example", "IN", "lt-%04d.dyn.corp.example" % r.randint(1, 900), r.choice(["A", "TXT", "DHCID"])))(
        cli(r, name="dyn.corp.example", addr=r.choice(["10.3.0.20", "10.3.0.21"]))), cat="update"),
    ev("zone {}/{}: journal file is out of date: removing journal file", 1, lambda r: ("dyn.corp.example", "IN"), cat="general", lv="warning"),
    # rndc
    ev("received control channel command '{}'", 8, lambda r: r.choice(["reload", "reload corp.example", "status", "flush", "stats", "freeze dyn.corp.example", "thaw dyn.corp.example"]), cat="general"),
    ev("reloading configuration succeeded", 2, cat="general"),
    ev("reloading zones succeeded", 2, cat="general", lv="notice"),
    ev("zone {}/{}: zone serial ({}) unchanged. zone may fail to transfer to secondaries.", 3, lambda r: (r.choice(ZONES[:3]), "IN", 2026112801), cat="general", lv="error"),
    ev("zone {}/{}: loading from master file {} failed: {}", 1, lambda r: ("corp.example", "IN", "/etc/bind/zones/db.corp.example", "unexpected end of input"), cat="general", lv="error"),
    ev("dumpdb started", 1, cat="general"),
    # shut-down
    ev("shutting down", -1, pos="end"),
    ev("stopping command channel on {}#{}", -1, lambda r: ("127.0.0.1", 953), pos="end"),
    ev("no longer listening on {}#{}", -3, lambda r: turn("bind-nl", [("127.0.0.1", 53), ("10.3.0.53", 53), ("::1", 53)]), cat="network", pos="end"),
    ev("exiting", -1, lv="notice", pos="end"),
]


def header(r, t, ev, n):
    return "%s %s.%03d %s: %s: " % (t.strftime("%d-%b-%Y"), t.strftime("%H:%M:%S"), t.microsecond // 1000, ev.meta["cat"], ev.meta["lv"])
