"""Postfix: Postfix 3.6 on an inbound/outbound mail relay `mx1.example.org` with postscreen in front of smtpd, a
submission service, LMTP delivery to Dovecot and SMTP relaying to the Internet, logging through syslog (`Nov 28
14:02:11 mx1 postfix/smtpd[12345]: `, the service name with its `postfix/` syslog name, a pid per process). Start-up
(master, postfix-script), steady state (postscreen, smtpd connects and disconnects, NOQUEUE rejects, queue ids
through cleanup, qmgr, smtp/lmtp and bounce, TLS, SASL failures, anvil and scache statistics), shut-down."""
from gen_common import E, ip, pubip, hexs, pick, turn

NAME = "Postfix"
LAYOUT = "<Month> <Day> <Time> <Host> <Component>\\[<Pid>\\]: <Content>"

PIDS = {}
DOMAINS = ["example.org", "mail.example.org", "lists.example.org"]
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar",
         "peggy", "sybil", "trent", "victor", "walter"]
EXT = ["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "proton.me", "example.net", "partner-corp.com",
       "university.edu", "newsletter.shop-mail.io", "icloud.com"]
MXHOSTS = {"gmail.com": ("gmail-smtp-in.l.google.com", "142.250.102.27"), "outlook.com": ("outlook-com.olc.protection.outlook.com", "52.101.8.44"),
           "yahoo.co.uk": ("mx-eu.mail.am0.yahoodns.net", "188.125.72.73"), "web.de": ("mx-ha03.web.de", "212.227.15.41"),
           "proton.me": ("mail.protonmail.ch", "185.70.42.128"), "example.net": ("mx.example.net", "198.51.100.25"),
           "partner-corp.com": ("mail.partner-corp.com", "203.0.113.80"), "university.edu": ("mx1.university.edu", "192.0.2.45"),
           "newsletter.shop-mail.io": ("in.shop-mail.io", "45.83.64.19"), "icloud.com": ("mx01.mail.icloud.com", "17.57.154.33")}
DELIVERY_SVC = "smtp"  # the service of the last delivery line (smtp, lmtp or error), set by delivery()
RBLS = ["zen.spamhaus.org", "b.barracudacentral.org", "bl.spamcop.net"]


def ev(fmt, weight, gen=None, svc="smtpd", lv="info", **kw):
    return E(fmt, weight, gen, svc=svc, lv=lv, **kw)


def qid(r):
    return "%X" % r.randint(0x1000000000, 0xFFFFFFFFFF)


def local(r):
    return "%s@%s" % (r.choice(USERS), r.choice(DOMAINS[:2]))


def remote(r):
    return "%s@%s" % (r.choice(["info", "noreply", "j.smith", "m.mueller", "support", "billing", "news", "k.tanaka", "ceo", "a.rossi"]), r.choice(EXT))


def chost(r):
    """smtpd's client name and address."""
    if r.random() < 0.35:
        return "unknown", pubip(r)
    d = r.choice(EXT)
    h, a = MXHOSTS[d]
    return r.choice(["mail-%s.%s" % (hexs(r, 4), d), "out%d.%s" % (r.randint(1, 40), d), "smtp.%s" % d]), pubip(r)


def helo(r):
    return r.choice(["mail.%s" % r.choice(EXT), "[%s]" % pubip(r), "localhost", "WIN-%s" % hexs(r, 6).upper(), "ylmf-pc", "User"])


def post_addr(r):
    return pubip(r), r.randint(1025, 65535)


def status_text(r, st, lmtp):
    if st == "sent" and lmtp:
        return r.choice(["(250 2.0.0 <%s@%s> %s Saved)" % (r.choice(USERS), DOMAINS[0], hexs(r, 32)), "(delivered to mailbox)"])
    if st == "sent":
        return r.choice(["(250 2.0.0 OK  %d %s.%d - gsmtp)" % (r.randint(1700000000, 1800000000), hexs(r, 16), r.randint(100, 999)),
                         "(250 2.0.0 Ok: queued as %s)" % qid(r), "(250 2.6.0 <%s@mx1.example.org> [InternalId=%d] Queued mail for delivery)" % (hexs(r, 12), r.randint(10**12, 10**13)),
                         "(250 2.0.0 Ok: queued as %s)" % qid(r)])
    if st == "deferred":
        return r.choice(["(connect to %s[%s]:25: Connection timed out)" % MXHOSTS[r.choice(EXT)],
                         "(host %s[%s] said: 421 4.7.0 Try again later, closing connection. (in reply to MAIL FROM command))" % MXHOSTS["gmail.com"],
                         "(host %s[%s] said: 451 4.7.1 Greylisted, please try again later (in reply to RCPT TO command))" % MXHOSTS["partner-corp.com"],
                         "(delivery temporarily suspended: connect to %s[%s]:25: Connection refused)" % MXHOSTS["university.edu"],
                         "(lost connection with %s[%s] while receiving the initial server greeting)" % MXHOSTS["newsletter.shop-mail.io"]])
    return r.choice(["(host %s[%s] said: 550 5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command))" % MXHOSTS["gmail.com"],
                     "(host %s[%s] said: 554 5.7.1 Message rejected as spam (in reply to end of DATA command))" % MXHOSTS["web.de"],
                     "(unknown user: \"%s\")" % r.choice(["olduser", "noreply2", "h.becker"]),
                     "(Host or domain name not found. Name service error for name=%s type=MX: Host not found)" % r.choice(["exmaple.com", "gmial.com", "outlok.com"])])


def delivery(r):
    st = r.choice(["sent"] * 14 + ["deferred"] * 3 + ["bounced"])
    x = r.random()
    if st == "sent" and x < 0.45:
        to, relay = local(r), "mail.internal[private/dovecot-lmtp]"
    elif st == "deferred" and x < 0.5:
        to, relay = remote(r), "none"
    else:
        d = r.choice(EXT)
        to, relay = "%s@%s" % (r.choice(["info", "j.smith", "sales", "a.rossi"]), d), "%s[%s]:25" % MXHOSTS[d]
    if st == "bounced" and x < 0.3:
        to, relay = "%s@%s" % (r.choice(["olduser", "noreply2", "h.becker"]), DOMAINS[0]), "mail.internal[private/dovecot-lmtp]"
    delay = r.uniform(0.1, 4) if st == "sent" else r.uniform(1, 90000)
    d1, d2, d3 = r.uniform(0, 0.2), r.uniform(0, 0.02), r.uniform(0, 1.5)
    dsn = {"sent": "2.0.0", "deferred": r.choice(["4.4.1", "4.7.0", "4.4.2"]), "bounced": r.choice(["5.1.1", "5.7.1", "5.4.4"])}[st]
    fmt = lambda v: "%.2g" % v if v < 10 else "%d" % v
    global DELIVERY_SVC
    DELIVERY_SVC = "lmtp" if relay.endswith("dovecot-lmtp]") else ("error" if relay == "none" else "smtp")
    return (qid(r), to, relay, fmt(delay), fmt(d1), fmt(d2), fmt(d3), fmt(max(delay - d1 - d2 - d3, 0.01)), dsn, st, status_text(r, st, relay.endswith("dovecot-lmtp]")))


def nq_relay(r):
    c, a = chost(r)
    rcpt = remote(r)
    return (c, a, "554", "5.7.1", rcpt, remote(r), rcpt, pick(r, "ESMTP", "SMTP"), helo(r))


def nq_unknown_user(r):
    c, a = chost(r)
    rcpt = "%s@%s" % (r.choice(["info", "admin", "webmaster", "sales", "hr", "olduser", "test"]), DOMAINS[0])
    return (c, a, "550", "5.1.1", rcpt, remote(r), rcpt, "ESMTP", helo(r))


def nq_rbl(r):
    c, a = chost(r)
    rbl = r.choice(RBLS)
    return (c, a, "554", "5.7.1", a, rbl, local(r) if r.random() < 0.5 else remote(r), local(r), "ESMTP", helo(r))


def nq_hostname(r):
    a = pubip(r)
    return ("unknown", a, "450", "4.7.25", a, remote(r), local(r), "ESMTP", helo(r))


def nq_helo(r):
    c, a = chost(r)
    h = "%s.invalid" % r.choice(["mail", "smtp", "host%d" % r.randint(1, 99)])
    return (c, a, "450", "4.7.1", h, remote(r), local(r), "ESMTP", h)


def nq_sender_domain(r):
    c, a = chost(r)
    s = "%s@%s" % (r.choice(["promo", "win", "offer"]), r.choice(["bestdeals.invalid", "promo-xyz.example", "cheap-meds.test"]))
    return (c, a, "450", "4.1.8", s, s, local(r), "ESMTP", helo(r))


def nq_greylist(r):
    c, a = chost(r)
    t = local(r)
    return (c, a, "450", "4.2.0", t, r.choice([60, 120, 300]), remote(r), t, "ESMTP", helo(r))


def tls(r, inbound=True):
    level = r.choice(["Anonymous", "Anonymous", "Untrusted"]) if inbound else r.choice(["Trusted", "Verified", "Untrusted"])
    proto, cipher, bits = r.choice([("TLSv1.3", "TLS_AES_256_GCM_SHA384", 256), ("TLSv1.3", "TLS_AES_128_GCM_SHA256", 128),
                                    ("TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384", 256), ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", 128)])
    if inbound:
        c, a = chost(r)
        peer = "%s[%s]" % (c, a)
    else:
        peer = "%s[%s]:25" % MXHOSTS[r.choice(EXT)]
    return level, r.choice(["established", "established", "established", "reused"]) if not inbound else "established", "from" if inbound else "to", peer, proto, cipher, bits, bits


EVENTS = [
    ev("starting the Postfix mail system", -1, svc="postfix-script", pos="start"),
    ev("daemon started -- version {}, configuration {}", -1, lambda r: ("3.6.4", "/etc/postfix"), svc="master", pos="start"),
    # steady state: postscreen
    ev("CONNECT from [{}]:{} to [{}]:{}", 170, lambda r: post_addr(r) + ("192.0.2.10", 25), svc="postscreen"),
    ev("PASS OLD [{}]:{}", 70, post_addr, svc="postscreen"),
    ev("PASS NEW [{}]:{}", 18, post_addr, svc="postscreen"),
    ev("DNSBL rank {} for [{}]:{}", 35, lambda r: (r.randint(1, 6),) + post_addr(r), svc="postscreen"),
    ev("PREGREET {} after {} from [{}]:{}: {}", 14, lambda r: (r.choice([11, 14, 19, 26]), "%.2f" % r.uniform(0, 0.5)) + post_addr(r) + (r.choice(["EHLO User\\r\\n", "HELO ylmf-pc\\r\\n", "EHLO WIN-CLJ1B0GQ6JP\\r\\n"]),), svc="postscreen"),
    ev("HANGUP after {} from [{}]:{} in tests after SMTP handshake", 16, lambda r: ("%.2f" % r.uniform(0, 6),) + post_addr(r), svc="postscreen"),
    ev("DISCONNECT [{}]:{}", 60, post_addr, svc="postscreen"),
    ev("COMMAND PIPELINING from [{}]:{} after {}: {}", 5, lambda r: post_addr(r) + (r.choice(["EHLO", "HELO"]), r.choice(["QUIT\\r\\n", "MAIL FROM:<>\\r\\n"])), svc="postscreen"),
    # smtpd
    ev("connect from {}[{}]", 180, chost),
    ev("disconnect from {}[{}] {}", 170, lambda r: chost(r) + (r.choice(["ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5", "ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7",
                                                                          "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4", "ehlo=1 auth=0/1 quit=1 commands=2/3", "ehlo=1 quit=1 commands=2",
                                                                          "ehlo=2 starttls=1 mail=1 rcpt=2 data=1 quit=1 commands=8", "unknown=0/1 commands=0/1", "helo=1 mail=1 rcpt=0/1 rset=1 quit=1 commands=4/5"]),)),
    ev("{}: client={}[{}]", 110, lambda r: (qid(r),) + chost(r)),
    ev("{}: client={}[{}], sasl_method={}, sasl_username={}", 30, lambda r: (qid(r), "unknown", ip(r, "10.60"), pick(r, "PLAIN", "PLAIN", "LOGIN"), local(r)), svc="submission/smtpd"),
    ev("lost connection after {} from {}[{}]", 45, lambda r: (r.choice(["EHLO", "CONNECT", "AUTH", "DATA", "RCPT", "STARTTLS", "UNKNOWN"]),) + chost(r)),
    ev("timeout after {} from {}[{}]", 12, lambda r: (r.choice(["END-OF-MESSAGE", "DATA", "RCPT", "EHLO"]),) + chost(r)),
    ev("too many errors after {} from {}[{}]", 4, lambda r: (r.choice(["RCPT", "AUTH"]),) + chost(r)),
    ev("warning: hostname {} does not resolve to address {}: {}", 28, lambda r: ("%s.dynamic.%s" % ("-".join(str(r.randint(1, 254)) for _ in range(4)), r.choice(["isp.example", "broadband.test"])),
                                                                                 pubip(r), r.choice(["Name or service not known", "Temporary failure in name resolution"])), lv="warning"),
    ev("warning: {}[{}]: SASL {} authentication failed: {}", 40, lambda r: ("unknown", pubip(r), pick(r, "LOGIN", "LOGIN", "PLAIN"),
                                                                             r.choice(["UGFzc3dvcmQ6", "authentication failure", "(reason unavailable)"])), svc="submission/smtpd", lv="warning"),
    ev("warning: non-SMTP command from {}[{}]: {}", 6, lambda r: chost(r) + (r.choice(["GET / HTTP/1.1", "CONNECT www.example.com:443 HTTP/1.1", "\\x16\\x03\\x01"]),), lv="warning"),
    ev("improper command pipelining after {} from {}[{}]: {}", 9, lambda r: (r.choice(["CONNECT", "EHLO", "DATA"]),) + chost(r) + (r.choice(["QUIT\\r\\n", ".\\r\\nQUIT\\r\\n", "MAIL FROM:<info@example.net>\\r\\n"]),)),
    ev("SSL_accept error from {}[{}]: {}", 10, lambda r: chost(r) + (pick(r, "lost connection", "-1", "Connection reset by peer"),), lv="warning"),
    ev("warning: TLS library problem: {}", 8, lambda r: r.choice(["error:0A000076:SSL routines::no suitable signature algorithm:../ssl/t1_lib.c:3330:",
                                                                 "error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1685:",
                                                                 "error:0A00006C:SSL routines::bad key share:../ssl/statem/extensions_srvr.c:676:"]), lv="warning"),
    ev("{} TLS connection {} {} {}: {} with cipher {} ({}/{} bits)", 95, lambda r: tls(r, r.random() < 0.6)),
    # NOQUEUE rejects: each reason is its own smtpd_check call site
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Relay access denied; from=<{}> to=<{}> proto={} helo=<{}>", 55, nq_relay),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Recipient address rejected: User unknown in virtual mailbox table; from=<{}> to=<{}> proto={} helo=<{}>", 60, nq_unknown_user),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} Service unavailable; Client host [{}] blocked using {}; from=<{}> to=<{}> proto={} helo=<{}>", 40, nq_rbl),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} Client host rejected: cannot find your hostname, [{}]; from=<{}> to=<{}> proto={} helo=<{}>", 30, nq_hostname),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Helo command rejected: Host not found; from=<{}> to=<{}> proto={} helo=<{}>", 12, nq_helo),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Sender address rejected: Domain not found; from=<{}> to=<{}> proto={} helo=<{}>", 14, nq_sender_domain),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html, wait {} seconds; from=<{}> to=<{}> proto={} helo=<{}>", 9, nq_greylist),
    ev("NOQUEUE: reject: RCPT from {}[{}]: {} {} <{}>: Sender address rejected: not logged in; from=<{}> to=<{}> proto={} helo=<{}>", 3,
       lambda r: ("unknown", ip(r, "10.60"), "553", "5.7.1", local(r), local(r), remote(r), "ESMTP", "laptop-%s" % hexs(r, 4)), svc="submission/smtpd"),
    # queue handling
    ev("{}: uid={} from=<{}>", 20, lambda r: (qid(r), pick(r, 33, 1000, 1001, 0), pick(r, "www-data", "alice", "root", "nagios")), svc="pickup"),
    ev("{}: message-id={}", 140, lambda r: (qid(r), "<%s@%s>" % (r.choice([hexs(r, 16), "%d.%d" % (r.randint(10**9, 10**10), r.randint(1, 99999)), "CA%s" % hexs(r, 20).upper()]),
                                                                 r.choice(["mail.gmail.com", "mx1.example.org", "web.de", "outlook.com", "laptop-%s" % hexs(r, 4)]))), svc="cleanup"),
    ev("{}: milter-reject: END-OF-MESSAGE from {}[{}]: {} {} {}; from=<{}> to=<{}> proto={} helo=<{}>", 8,
       lambda r: (qid(r),) + chost(r) + ("554", "5.7.1", r.choice(["Spam message rejected", "Message contains a virus (Win.Trojan.Agent-123)"]), remote(r), local(r), "ESMTP", helo(r)),
       svc="cleanup"),
    ev("{}: from=<{}>, size={}, nrcpt={} (queue active)", 140, lambda r: (qid(r), r.choice([local(r), remote(r)]), r.randint(900, 4500000), r.choice([1] * 8 + [2, 3, 7])), svc="qmgr"),
    ev("{}: to=<{}>, relay={}, delay={}, delays={}/{}/{}/{}, dsn={}, status={} {}", 190, delivery, svc="delivery"),
    ev("{}: removed", 130, qid, svc="qmgr"),
    ev("{}: from=<{}>, status=expired, returned to sender", 4, lambda r: (qid(r), local(r)), svc="qmgr"),
    ev("{}: sender non-delivery notification: {}", 12, lambda r: (qid(r), qid(r)), svc="bounce"),
    ev("{}: sender delay notification: {}", 5, lambda r: (qid(r), qid(r)), svc="bounce"),
    ev("connect to {}[{}]:{}: {}", 26, lambda r: MXHOSTS[r.choice(EXT)] + (25, r.choice(["Connection timed out", "Connection refused", "No route to host", "Network is unreachable"])), svc="smtp"),
    ev("{}: host {}[{}] said: {} (in reply to {} command)", 22, lambda r: (qid(r),) + MXHOSTS[r.choice(EXT)] + (
        r.choice(["421 4.7.0 Try again later, closing connection.", "452 4.2.2 The email account that you tried to reach is over quota.", "451 4.7.1 Greylisted, please try again later",
                  "450 4.7.1 Client host rejected: cannot find your reverse hostname"]), r.choice(["RCPT TO", "MAIL FROM", "end of DATA", "RCPT TO"])), svc="smtp"),
    ev("{}: lost connection with {}[{}] while {}", 7, lambda r: (qid(r),) + MXHOSTS[r.choice(EXT)] + (r.choice(["receiving the initial server greeting", "sending message body", "sending end of data -- message may be sent more than once"]),), svc="smtp"),
    ev("warning: mail for {} is using up {} of {} active queue entries", 2, lambda r: ("[127.0.0.1]:10024", 15001, 20000), svc="qmgr", lv="warning"),
    ev("warning: connect to Milter service {}: {}", 3, lambda r: ("inet:127.0.0.1:11332", "Connection refused"), svc="cleanup", lv="warning"),
    ev("{}: enabling PIX workarounds: {} for {}[{}]:{}", 1, lambda r: (qid(r), "disable_esmtp delay_dotcrlf", "mail.partner-corp.com", "203.0.113.80", 25), svc="smtp"),
    ev("warning: Illegal address syntax from {}[{}] in {} command: {}", 3, lambda r: chost(r) + (pick(r, "MAIL", "RCPT"), r.choice(["<user@[300.1.1.1]>", "<info@example..com>"])), lv="warning"),
    # anvil and scache
    ev("statistics: max connection rate {}/{}s for ({}) at {}", 7, lambda r: (r.randint(1, 30), 60, "smtp:%s" % pubip(r), "Nov 28 %s" % globals()["now"].strftime("%H:%M:%S")), svc="anvil"),
    ev("statistics: max connection count {} for ({}) at {}", 7, lambda r: (r.randint(1, 8), "smtp:%s" % pubip(r), "Nov 28 %s" % globals()["now"].strftime("%H:%M:%S")), svc="anvil"),
    ev("statistics: max cache size {} at {}", 7, lambda r: (r.randint(2, 60), "Nov 28 %s" % globals()["now"].strftime("%H:%M:%S")), svc="anvil"),
    ev("statistics: start interval {}", 4, lambda r: "Nov 28 %s" % globals()["now"].strftime("%H:%M:%S"), svc="scache"),
    ev("statistics: domain lookup hits={} miss={} success={}%", 4, lambda r: (lambda h, m: (h, m, h * 100 // (h + m)))(r.randint(0, 40), r.randint(1, 30)), svc="scache"),
    ev("statistics: address lookup hits={} miss={} success={}%", 4, lambda r: (lambda h, m: (h, m, h * 100 // (h + m)))(r.randint(0, 40), r.randint(1, 30)), svc="scache"),
    ev("statistics: max simultaneous domains={} addresses={} connection={}", 4, lambda r: (r.randint(1, 4), r.randint(1, 6), r.randint(1, 8)), svc="scache"),
    ev("reload -- version {}, configuration {}", 1, lambda r: ("3.6.4", "/etc/postfix"), svc="master"),
    ev("refreshing the Postfix mail system", 1, svc="postfix-script"),
    ev("warning: database {} is older than source file {}", 1, lambda r: ("/etc/postfix/virtual.db", "/etc/postfix/virtual"), svc="trivial-rewrite", lv="warning"),
    ev("stopping the Postfix mail system", -1, svc="postfix-script", pos="end"),
    ev("terminating on signal {}", -1, lambda r: 15, svc="master", pos="end"),
]


def header(r, t, ev, n):
    svc = ev.meta["svc"] if ev.meta["svc"] != "delivery" else DELIVERY_SVC
    if svc not in PIDS or svc == "postfix-script" or (svc in ("smtpd", "smtp", "cleanup", "submission/smtpd", "postscreen") and r.random() < 0.06):
        PIDS[svc] = r.randint(3000, 99999) if svc != "master" else 1873
    return "%s %2d %s mx1 postfix/%s[%d]: " % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), svc, PIDS[svc])
