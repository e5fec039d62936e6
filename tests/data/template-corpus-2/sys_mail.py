"""Mail: a Postfix-like mail log (smtpd, postscreen, cleanup, qmgr, smtp, local, bounce, anvil, scache, master)."""
import random

from gen_common import E

NAME = "Mail"
LAYOUT = "<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>"

_p = random.Random(606)
PIDS = {c: [_p.randint(1000, 65000) for _ in range(n)] for c, n in
        [("smtpd", 12), ("postscreen", 1), ("cleanup", 4), ("qmgr", 1), ("smtp", 10), ("local", 3), ("bounce", 2),
         ("anvil", 1), ("scache", 1), ("master", 1), ("pickup", 1), ("error", 2), ("virtual", 3), ("tlsmgr", 1)]}
CLIENTS = [("mail-%s.outbound.example.net" % _p.choice("abcdefgh"), "198.51.100.%d" % _p.randint(2, 250)) for _ in range(8)] + \
          [("unknown", "203.0.113.%d" % _p.randint(2, 250)) for _ in range(10)] + \
          [("smtp%d.partner.example" % i, "192.0.2.%d" % _p.randint(2, 250)) for i in range(1, 5)]
LOCALS = ["alice", "bob", "carol", "ops", "billing", "noreply", "support", "hr"]
EXT = ["news@lists.example.org", "j.smith@partner.example", "invoice@vendor.example.com", "no-reply@notify.example.net",
       "m.rossi@example.it", "ceo@bigcorp.example", "support@saas.example.io"]


def qid(r):
    return "%X" % r.getrandbits(40)


def cl(r):
    return r.choice(CLIENTS)


def me(r):
    return "%s@mail.example.com" % r.choice(LOCALS)


def ext(r):
    return r.choice(EXT)


def delay(r):
    a, b, c, d = (round(r.uniform(0, 0.5), 2), round(r.choice([0, 0, 0.01, 0.02]), 2), round(r.uniform(0, 1.5), 2), round(r.uniform(0, 0.8), 2))
    f = lambda x: ("%.2g" % x) if x else "0"
    return "%.2f" % (a + b + c + d), "%s/%s/%s/%s" % (f(a), f(b), f(c), f(d))


def _deliver(r):
    c = r.random()
    if c < 0.55:
        mx = r.choice(["mx1.partner.example", "aspmx.l.mailhost.example", "mx.vendor.example.com", "smtp-in.example.io"])
        d = delay(r)
        st = r.choice(["sent"] * 9 + ["deferred", "bounced"])
        reply = {"sent": "250 2.0.0 Ok: queued as %s" % qid(r),
                 "deferred": "host %s[192.0.2.%d] said: 451 4.7.1 Greylisting in action, please come back later (in reply to RCPT TO command)" % (mx, r.randint(2, 250)),
                 "bounced": "host %s[192.0.2.%d] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown (in reply to RCPT TO command)" % (mx, r.randint(2, 250), ext(r))}[st]
        return (qid(r), ext(r), "%s[192.0.2.%d]:25" % (mx, r.randint(2, 250)), d[0], d[1], {"sent": "2.0.0", "deferred": "4.7.1", "bounced": "5.1.1"}[st], st, reply), "smtp"
    if c < 0.85:
        d = delay(r)
        return (qid(r), me(r), "local", d[0], d[1], "2.0.0", "sent", "delivered to mailbox"), "local"
    if c < 0.95:
        d = delay(r)
        return (qid(r), me(r), "virtual", d[0], d[1], "2.0.0", "sent", "delivered to maildir"), "virtual"
    d = delay(r)
    return (qid(r), ext(r), "none", d[0], d[1], "4.4.1", "deferred", "delivery temporarily suspended: connect to mx.vendor.example.com[192.0.2.44]:25: Connection timed out"), "error"


def _reject_reason(r, c):
    return r.choice(["554 5.7.1 Service unavailable; Client host [%s] blocked using zen.dnsbl.example" % c[1],
                     "450 4.1.8 <%s>: Sender address rejected: Domain not found" % ext(r),
                     "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % me(r),
                     "454 4.7.1 <%s>: Relay access denied" % ext(r),
                     "450 4.7.1 Client host rejected: cannot find your hostname, [%s]" % c[1]])


def _noqueue(r):
    c = cl(r)
    return (r.choice(["NOQUEUE"] * 9 + [qid(r)]), c[0], c[1], _reject_reason(r, c), ext(r), me(r), r.choice(["ESMTP", "ESMTP", "SMTP"]), r.choice([c[0], "localhost", "[%s]" % c[1]]))


class _Deliver:
    """The delivery status line is one format string shared by smtp, local, virtual and error."""

    def __call__(self, r):
        vals, comp = _deliver(r)
        self.comp = comp
        return vals


_dl = _Deliver()
_dl2 = _Deliver()


def _stat_when(r):
    return "Dec  2 %02d:%02d:%02d" % (r.randint(9, 10), r.randint(0, 59), r.randint(0, 59))


EVENTS = [
    E("connect from {}[{}]", 260, lambda r: cl(r), c="smtpd"),
    E("disconnect from {}[{}] ehlo={} mail={} rcpt={} data={} quit={} commands={}", 250,
      lambda r: cl(r) + ("1", "1", r.choice(["1", "1", "2", "0/1", "1/2"]), r.choice(["1", "1", "0"]), "1", r.choice(["5", "5", "4", "3/4", "6"])), c="smtpd"),
    E("{}: client={}[{}]", 170, lambda r: (qid(r),) + cl(r), c="smtpd"),
    E("{}: message-id=<{}>", 180, lambda r: (qid(r), "%s.%d@%s" % ("%x" % r.getrandbits(48), r.randint(1, 99), r.choice(["mail.example.com", "partner.example", "mailer.example.net"]))), c="cleanup"),
    E("{}: from=<{}>, size={}, nrcpt={} (queue active)", 180, lambda r: (qid(r), r.choice([ext(r), me(r)]), r.randint(800, 9000000), r.choice([1] * 8 + [2, 3])), c="qmgr"),
    E("{}: removed", 170, qid, c="qmgr"),
    E("{}: to=<{}>, relay={}, delay={}, delays={}, dsn={}, status={} ({})", 220, _dl, c=_dl),
    E("{}: to=<{}>, orig_to=<{}>, relay={}, delay={}, delays={}, dsn={}, status={} ({})", 30,
      lambda r: (lambda d: (qid(r), me(r), r.choice(["postmaster@example.com", "sales@example.com", "info@example.com"]), "local", d[0], d[1], "2.0.0", "sent", "delivered to mailbox"))(delay(r)), c="local"),
    E("{}: reject: RCPT from {}[{}]: {}; from=<{}> to=<{}> proto={} helo=<{}>", 80, _noqueue, c="smtpd"),
    E("{}: milter-reject: END-OF-MESSAGE from {}[{}]: {}; from=<{}> to=<{}> proto={} helo=<{}>", 12,
      lambda r: (lambda c: (qid(r), c[0], c[1], r.choice(["5.7.1 Spam message rejected", "4.7.1 Try again later"]), ext(r), me(r), "ESMTP", c[0]))(cl(r)), c="cleanup"),
    E("lost connection after {} from {}[{}]", 40, lambda r: (r.choice(["CONNECT", "EHLO", "AUTH", "DATA", "RCPT"]),) + cl(r), c="smtpd"),
    E("timeout after {} from {}[{}]", 12, lambda r: (r.choice(["CONNECT", "EHLO", "END-OF-MESSAGE"]),) + cl(r), c="smtpd"),
    E("too many errors after {} from {}[{}]", 4, lambda r: (r.choice(["RCPT", "AUTH"]),) + cl(r), c="smtpd"),
    E("warning: hostname {} does not resolve to address {}: {}", 30,
      lambda r: ("host-%d-%d.dyn.example.net" % (r.randint(1, 250), r.randint(1, 250)), "203.0.113.%d" % r.randint(2, 250), r.choice(["Name or service not known", "Temporary failure in name resolution"])), c="smtpd"),
    E("warning: {}[{}]: SASL {} authentication failed: {}", 45,
      lambda r: ("unknown", "203.0.113.%d" % r.randint(2, 250), r.choice(["LOGIN", "LOGIN", "PLAIN"]), r.choice(["authentication failure", "UGFzc3dvcmQ6"])), c="smtpd"),
    E("warning: non-SMTP command from {}[{}]: {}", 5, lambda r: cl(r) + (r.choice(["GET / HTTP/1.1", "CONNECT example.com:443 HTTP/1.1"]),), c="smtpd"),
    E("SSL_accept error from {}[{}]: {}", 10, lambda r: cl(r) + (r.choice(["-1", "lost connection", "Connection reset by peer"]),), c="smtpd"),
    E("Anonymous TLS connection established from {}[{}]: {} with cipher {} ({}/{} bits)", 60,
      lambda r: cl(r) + (r.choice(["TLSv1.3", "TLSv1.3", "TLSv1.2"]), r.choice(["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]), 256, 256), c="smtpd"),
    E("{}: client={}[{}], sasl_method={}, sasl_username={}", 25, lambda r: (qid(r), "unknown", "10.8.%d.%d" % (r.randint(0, 3), r.randint(2, 250)), "PLAIN", me(r)), c="smtpd"),
    E("{}: uid={} from=<{}>", 20, lambda r: (qid(r), r.choice([0, 33, 1001]), r.choice(["root", "www-data", "backup"])), c="pickup"),
    E("CONNECT from [{}]:{} to [{}]:{}", 60, lambda r: (cl(r)[1], r.randint(1024, 65535), "10.8.0.25", 25), c="postscreen"),
    E("PASS OLD [{}]:{}", 40, lambda r: (cl(r)[1], r.randint(1024, 65535)), c="postscreen"),
    E("PASS NEW [{}]:{}", 8, lambda r: (cl(r)[1], r.randint(1024, 65535)), c="postscreen"),
    E("DNSBL rank {} for [{}]:{}", 12, lambda r: (r.randint(2, 6), "203.0.113.%d" % r.randint(2, 250), r.randint(1024, 65535)), c="postscreen"),
    E("PREGREET {} after {} from [{}]:{}: {}", 6, lambda r: (r.randint(11, 40), "%.2f" % r.uniform(0, 1), "203.0.113.%d" % r.randint(2, 250), r.randint(1024, 65535), "EHLO User\\r\\n"), c="postscreen"),
    E("HANGUP after {} from [{}]:{} in tests after SMTP handshake", 5, lambda r: ("%.2f" % r.uniform(0, 5), "203.0.113.%d" % r.randint(2, 250), r.randint(1024, 65535)), c="postscreen"),
    E("DISCONNECT [{}]:{}", 14, lambda r: (cl(r)[1], r.randint(1024, 65535)), c="postscreen"),
    E("NOQUEUE: reject: RCPT from [{}]:{}: {}; from=<{}>, to=<{}>, proto={}, helo=<{}>", 6,
      lambda r: (lambda ip: (ip, r.randint(1024, 65535), "550 5.7.1 Service unavailable; client [%s] blocked using zen.dnsbl.example" % ip, ext(r), me(r), "ESMTP", "[%s]" % ip))("203.0.113.%d" % r.randint(2, 250)), c="postscreen"),
    E("connect to {}[{}]:{}: {}", 25, lambda r: ("mx.vendor.example.com", "192.0.2.44", 25, r.choice(["Connection timed out", "Connection refused", "No route to host"])), c="smtp"),
    E("{}: host {}[{}] said: {} (in reply to {} command)", 15,
      lambda r: (qid(r), "mx1.partner.example", "192.0.2.%d" % r.randint(2, 250), r.choice(["421 4.7.0 Try again later, closing connection.", "452 4.2.2 Mailbox full"]), r.choice(["MAIL FROM", "RCPT TO", "end of DATA"])), c="smtp"),
    E("{}: lost connection with {}[{}] while {}", 6, lambda r: (qid(r), "mx1.partner.example", "192.0.2.%d" % r.randint(2, 250), r.choice(["receiving the initial server greeting", "sending message body"])), c="smtp"),
    E("Untrusted TLS connection established to {}[{}]:{}: {} with cipher {} ({}/{} bits)", 30,
      lambda r: (r.choice(["mx1.partner.example", "aspmx.l.mailhost.example"]), "192.0.2.%d" % r.randint(2, 250), 25, "TLSv1.3", "TLS_AES_256_GCM_SHA384", 256, 256), c="smtp"),
    E("warning: TLS library problem: {}", 3, lambda r: "error:0A000126:SSL routines::unexpected eof while reading:../ssl/record/rec_layer_s3.c:317:", c="smtp"),
    E("{}: sender non-delivery notification: {}", 10, lambda r: (qid(r), qid(r)), c="bounce"),
    E("{}: sender delivery status notification: {}", 3, lambda r: (qid(r), qid(r)), c="bounce"),
    E("{}: from=<{}>, status=expired, returned to sender", 3, lambda r: (qid(r), me(r)), c="qmgr"),
    E("statistics: max connection rate {}/{}s for ({}) at {}", 8, lambda r: (r.randint(1, 30), 60, "smtp:%s" % cl(r)[1], _stat_when(r)), c="anvil"),
    E("statistics: max connection count {} for ({}) at {}", 8, lambda r: (r.randint(1, 10), "smtp:%s" % cl(r)[1], _stat_when(r)), c="anvil"),
    E("statistics: max cache size {} at {}", 8, lambda r: (r.randint(1, 20), _stat_when(r)), c="anvil"),
    E("statistics: start interval {}", 4, _stat_when, c="scache"),
    E("statistics: domain lookup hits={} miss={} success={}%", 4, lambda r: (r.randint(0, 40), r.randint(1, 40), r.randint(0, 90)), c="scache"),
    E("statistics: max simultaneous domains={} addresses={} connection={}", 4, lambda r: (r.randint(1, 4), r.randint(1, 5), r.randint(1, 6)), c="scache"),
    E("daemon started -- version {}, configuration {}", -1, lambda r: ("3.8.4", "/etc/postfix"), c="master", pos="start"),
    E("reload -- version {}, configuration {}", -2, lambda r: ("3.8.4", "/etc/postfix"), c="master"),
    E("terminating on signal {}", -1, lambda r: 15, c="master", pos="end"),
]


def header(r, ts, ev, n):
    c = ev.meta["c"]
    if not isinstance(c, str):
        c = c.comp
    return "%s %2d %s mx1 postfix/%s[%d]: " % (ts.strftime("%b"), ts.day, ts.strftime("%H:%M:%S"), c, r.choice(PIDS[c]))
