"""FreeRadius: `radius.log` of a FreeRADIUS 3.0 server authenticating a campus Wi-Fi (WPA2-Enterprise, PEAP and
EAP-TTLS with an LDAP directory) and proxying a partner realm, with `auth = yes` in `log {}`. Each line starts with
the ctime-style date, ` : ` and the log type (`Sat Nov 28 14:02:11 2026 : Auth: `). Request-bound messages start
with the request number `(<n>) `, and module messages with the module instance name (`(<n>) eap_peap: ERROR: …`),
both printed by the request logger and part of Content. `rad_authlog()` gets the verdict (`Login OK`,
`Login incorrect`, `Invalid user`) as a literal from its call site, so each verdict is its own statement; the
`from client … port … cli …` and `via TLS tunnel` endings come from separate branches and are separate statements."""
from gen_common import E, ip, pubip, hexs, turn

NAME = "FreeRadius"
LAYOUT = "<Weekday> <Month> <Day> <Time> <Year> : <Level>: <Content>"

USERS = ["jdoe", "asmith", "m.keller", "li.wei", "okonkwo", "printer-3f", "s.novak", "guest2026", "r.alvarez", "t.nguyen", "anonymous", "host/lab-pc-17.campus.example"]
CLIENTS = ["wlc-main", "wlc-main", "wlc-library", "vpn-gw", "sw-core-1"]


def ev(fmt, weight, gen=None, lv="Info", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


now = None  # set by the generator to the line's time


def req(r):
    """Request numbers grow with the time, about two requests a second."""
    return 1 + int((now - now.replace(hour=14, minute=2, second=11)).total_seconds() * 2.2) + r.randint(0, 40)


def user(r):
    u = r.choice(USERS)
    return u + "@campus.example" if r.random() < 0.3 and "/" not in u else u


def mac(r):
    return "-".join("%02X" % r.randint(0, 255) for _ in range(6))


def cli_end(r):
    return (r.choice(CLIENTS), r.choice([0, 0, r.randint(1, 48)]), mac(r))


EVENTS = [
    ev("Debugger not attached", -1, pos="start"),
    ev("systemd watchdog interval is {} secs", -1, lambda r: "30.00", pos="start"),
    ev("Ignoring \"{}\" (see raddb/mods-available/README.rst)", -2, lambda r: turn("fr-ign", ["sql", "redis"]), lv="Warning", pos="start"),
    ev("Loaded virtual server {}", -3, lambda r: turn("fr-vs", ["default", "inner-tunnel", "status"]), pos="start"),
    ev("rlm_ldap ({}): Initialising connection pool", -1, lambda r: "ldap", pos="start"),
    ev("Ready to process requests", -1, pos="start"),
    # authentication verdicts
    ev("({}) Login OK: [{}] (from client {} port {} cli {})", 520, lambda r: (req(r), user(r)) + cli_end(r), lv="Auth"),
    ev("({}) Login OK: [{}] (from client {} port {} via TLS tunnel)", 420, lambda r: (req(r), user(r), r.choice(CLIENTS), r.choice([0, 0, r.randint(1, 48)])), lv="Auth"),
    ev("({}) Login incorrect ({}): [{}] (from client {} port {} cli {})", 90, lambda r: (req(r), r.choice(["mschap: MS-CHAP2-Response is incorrect", "eap_peap: The users session was previously rejected: returning reject (again.)",
                                                                                                       "Home Server says so", "ldap: Bind as user failed"]), user(r)) + cli_end(r), lv="Auth"),
    ev("({}) Login incorrect ({}): [{}] (from client {} port {} via TLS tunnel)", 80, lambda r: (req(r), r.choice(["mschap: MS-CHAP2-Response is incorrect", "ldap: Bind as user failed"]), user(r),
                                                                                                 r.choice(CLIENTS), 0), lv="Auth"),
    ev("({}) Login incorrect: [{}] (from client {} port {} cli {})", 40, lambda r: (req(r), user(r)) + cli_end(r), lv="Auth"),
    ev("({}) Invalid user: [{}] (from client {} port {} cli {})", 30, lambda r: (req(r), r.choice(["test", "admin", "user@unknown.example", "anonymous@partner.example"])) + cli_end(r), lv="Auth"),
    # module errors
    ev("({}) {}: ERROR: TLS Alert read:fatal:{}", 70, lambda r: (req(r), r.choice(["eap_peap", "eap_peap", "eap_ttls"]), r.choice(["unknown CA", "bad certificate", "certificate expired", "decrypt error"])), lv="Error"),
    ev("({}) {}: ERROR: TLS_accept: Error in {}", 40, lambda r: (req(r), r.choice(["eap_peap", "eap_ttls"]), r.choice(["error", "SSLv3/TLS write server done"])), lv="Error"),
    ev("({}) {}: ERROR: Failed in __FUNCTION__ (SSL_read): {}", 20, lambda r: (req(r), r.choice(["eap_peap", "eap_ttls"]), r.choice(["error:0A000126:SSL routines::unexpected eof while reading", "error:0A000412:SSL routines::sslv3 alert bad certificate"])), lv="Error"),
    ev("({}) {}: ERROR: System call (I/O) error ({})", 14, lambda r: (req(r), r.choice(["eap_peap", "eap_ttls"]), -1), lv="Error"),
    ev("({}) {}: ERROR: rlm_eap ({}): No EAP session matching state {}", 30, lambda r: (req(r), "eap", "EAP", "0x" + hexs(r, 16)), lv="Error"),
    ev("({}) {}: ERROR: MS-CHAP2-Response is incorrect", 60, lambda r: (req(r), "mschap"), lv="Error"),
    ev("({}) {}: ERROR: Failed retrieving values required to evaluate condition", 4, lambda r: (req(r), r.choice(["ldap", "files"])), lv="Error"),
    ev("({}) {}: WARNING: No \"known good\" password found for the user.  Not setting Auth-Type", 12, lambda r: (req(r), "pap"), lv="Warning"),
    ev("({}) {}: ERROR: Failed to find user DN: {}", 6, lambda r: (req(r), "ldap", r.choice(["no entry", "timeout"])), lv="Error"),
    # transport, clients, duplicates
    ev("Ignoring request to {} address {} port {} bound to server {} from unknown client {} port {} proto {}", 70, lambda r: ("auth", "*", 1812, "default", pubip(r), r.randint(1024, 65535), "udp"), lv="Error"),
    ev("Dropping packet without response because of error: Received packet from {} with invalid Message-Authenticator!  (Shared secret is incorrect.)", 24, lambda r: ip(r, "10.40"), lv="Error"),
    ev("({}) Discarding duplicate request from client {} port {} - ID: {} due to unfinished request {}", 30, lambda r: (lambda n: (n, r.choice(CLIENTS), r.randint(1024, 65535), r.randint(0, 255), n))(req(r)), lv="Error"),
    ev("Received conflicting packet from client {} port {} - ID: {} due to unfinished request.  Giving up on old request.", 10, lambda r: (r.choice(CLIENTS), r.randint(1024, 65535), r.randint(0, 255)), lv="Error"),
    ev("Unresponsive child for request {}, in component {} module {}", 12, lambda r: (req(r), r.choice(["authorize", "authenticate"]), r.choice(["ldap", "eap", "exec"])), lv="Warning"),
    ev("Child is responsive for request {}", 10, req),
    # proxy
    ev("Marking home server {} port {} as zombie (it has not responded in {}.{} seconds).", 8, lambda r: ("192.0.2.44", 1812, r.choice([20, 30]), "%06d" % r.randint(0, 999999)), lv="Proxy"),
    ev("Marking home server {} port {} as dead.", 4, lambda r: ("192.0.2.44", 1812), lv="Proxy"),
    ev("Marking home server {} port {} alive", 4, lambda r: ("192.0.2.44", 1812), lv="Proxy"),
    ev("({}) Failed to proxy request to home server {} port {}: {}", 6, lambda r: (req(r), "192.0.2.44", 1812, "No response to status check"), lv="Proxy"),
    # LDAP pool
    ev("rlm_ldap ({}): Opening additional connection ({}), {} of {} pending slots used", 40, lambda r: ("ldap", r.randint(5, 400), r.randint(1, 3), 32)),
    ev("rlm_ldap ({}): Closing connection ({}): Hit idle_timeout, was idle for {} seconds", 36, lambda r: ("ldap", r.randint(5, 400), r.randint(60, 70))),
    ev("rlm_ldap ({}): Need {} more connections to reach {} spares", 14, lambda r: ("ldap", r.randint(1, 4), 10)),
    ev("rlm_ldap ({}): Bind with {} to {} failed: {}", 6, lambda r: ("ldap", "cn=radius,ou=services,dc=campus,dc=example", "ldaps://ldap1.campus.example:636", r.choice(["Can't contact LDAP server", "Timed out while waiting for server to respond"])), lv="Error"),
    ev("rlm_ldap ({}): Opening connection failed ({})", 4, lambda r: ("ldap", r.randint(5, 400)), lv="Error"),
    ev("Received HUP signal", 1),
    ev("HUP - Loading modules", 1),
    ev("Module: Reloaded module \"{}\"", 1, lambda r: "files"),
    # shut-down
    ev("Signalled to terminate", -1, pos="end"),
    ev("Exiting normally", -1, pos="end"),
]


def header(r, t, ev, n):
    return "%s : %s: " % (t.strftime("%a %b %e %H:%M:%S %Y"), ev.meta["lv"])
