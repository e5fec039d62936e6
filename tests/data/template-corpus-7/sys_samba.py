"""Samba: Samba 4.18 file server `fs01`, a member of the AD domain EXAMPLE, with smbd and winbindd writing one log
file (`log file = /var/log/samba/samba.log`, `log level = 1 auth_audit:3`, hires timestamps). Samba's debug output is
a header line `[2026/11/28 14:02:11.123456,  1] ../../source3/smbd/service.c:1109(make_connection_snum)` followed by
the message on the next line, indented by two spaces. Here each message line is written on the same line as its
header (header, two spaces, message), so that one log line is one message; every message of this corpus is a single
line. Start-up (smbd and winbindd versions, loadparm sections, interfaces, daemon_ready), steady state (tree
connects and disconnects, authentication audit lines, winbind PAM and NTLM results, read errors and server exits,
CUPS and printing errors, oplock timeouts, domain controller trouble, a SIGHUP reload), shut-down on SIGTERM."""
from gen_common import E, ip, hexs, pick, turn

NAME = "Samba"
LAYOUT = "\\[<Date> <Time>, <Level>\\] <Source>\\(<Function>\\) <Content>"

SHARES = ["projects", "home", "finance", "scans", "software", "hr", "IPC$", "profiles$", "marketing"]
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "svc-backup", "svc-scanner", "mallory", "niaj", "olivia"]


def ev(fmt, weight, gen=None, lv=1, src="smbd/service.c:1109", fn="make_connection_snum", **kw):
    return E(fmt, weight, gen, lv=lv, src=src, fn=fn, **kw)


def ws(r):
    return r.choice(["ws-%03d" % r.randint(1, 140), "nb-%03d" % r.randint(1, 90), "scan-2f", "build-04", "mac-%s" % hexs(r, 4)])


def caddr(r, port=True):
    a = ip(r, "10.10")
    return "ipv4:%s:%d" % (a, r.randint(49152, 65535)) if port else a


def user(r):
    return r.choice(USERS)


def now_str():
    t = globals()["now"]
    return t.strftime("%a, %d %b %Y %H:%M:%S") + ".%06d UTC" % (t.microsecond + 417)


def auth_line(r):
    u = user(r)
    st = r.choice(["NT_STATUS_OK"] * 5 + ["NT_STATUS_WRONG_PASSWORD", "NT_STATUS_NO_SUCH_USER", "NT_STATUS_ACCOUNT_LOCKED_OUT", "NT_STATUS_PASSWORD_EXPIRED"])
    krb = r.random() < 0.3 and st == "NT_STATUS_OK"
    return ("SMB2", "Kerberos" if krb else "NTLMSSP", "EXAMPLE", u, now_str(), "Ticket" if krb else "NTLMv2", st, ws(r).upper(), caddr(r),
            "EXAMPLE" if st == "NT_STATUS_OK" else "(null)", u if st == "NT_STATUS_OK" else "(null)", "ipv4:10.10.1.5:445")


def authz_line(r):
    return ("SMB2", pick(r, "NTLMSSP", "NTLMSSP", "krb5"), "EXAMPLE", user(r), "S-1-5-21-3623811015-3361044348-30300820-%d" % r.randint(1100, 1900), now_str(), caddr(r), "ipv4:10.10.1.5:445")


EVENTS = [
    ev("smbd version {} started.", -1, lambda r: "4.18.6-Ubuntu", lv=0, src="../../source3/smbd/server.c:1741", fn="main", pos="start"),
    ev("Copyright Andrew Tridgell and the Samba Team 1992-{}", -1, lambda r: 2023, lv=0, src="../../source3/smbd/server.c:1742", fn="main", pos="start"),
    ev("Processing section \"[{}]\"", -10, lambda r: turn("smb-sect", ["global", "homes", "printers", "print$"] + SHARES[:6]), lv=2, src="../../lib/param/loadparm.c:2902", fn="lp_do_section", pos="start"),
    ev("added interface {} ip={} bcast={} netmask={}", -1, lambda r: ("ens18", "10.10.1.5", "10.10.1.255", "255.255.255.0"), lv=2, src="../../source3/lib/interface.c:409", fn="add_interface", pos="start"),
    ev("winbindd version {} started.", -1, lambda r: "4.18.6-Ubuntu", lv=0, src="../../source3/winbindd/winbindd.c:1440", fn="main", pos="start"),
    ev("daemon_ready: daemon '{}' finished starting up and ready to serve connections", -2, lambda r: turn("smb-ready", ["winbindd", "smbd"]), lv=0,
       src="../../lib/util/become_daemon.c:150", fn="daemon_ready", pos="start"),
    # steady state: tree connects
    ev("{} ({}) connect to service {} initially as user {} (uid={}, gid={}) (pid {})", 330,
       lambda r: (ws(r), caddr(r), r.choice(SHARES), (lambda u: "EXAMPLE\\" + u)(user(r)), r.randint(10001100, 10001900), 10000513, r.randint(2000, 99000))),
    ev("{} ({}) closed connection to service {}", 300, lambda r: (ws(r), caddr(r), r.choice(SHARES)), src="../../source3/smbd/service.c:1140", fn="close_cnum"),
    ev("Auth: [{},{}] user [{}]\\[{}] at [{}] with [{}] status [{}] workstation [{}] remote host [{}] mapped to [{}]\\[{}]. local host [{}]", 260, auth_line,
       lv=3, src="../../auth/auth_log.c:703", fn="log_authentication_event_human_readable"),
    ev("Successful AuthZ: [{},{}] user [{}]\\[{}] [{}] at [{}] Remote host [{}] local host [{}]", 200, authz_line,
       lv=3, src="../../auth/auth_log.c:876", fn="log_successful_authz_event_human_readable"),
    ev("auth_check_ntlm_password: Authentication for user [{}] -> [{}] FAILED with error {}, authoritative={}", 60,
       lambda r: (lambda u: (u, u, pick(r, "NT_STATUS_WRONG_PASSWORD", "NT_STATUS_WRONG_PASSWORD", "NT_STATUS_NO_SUCH_USER", "NT_STATUS_ACCOUNT_LOCKED_OUT"), 1))(user(r)),
       lv=2, src="../../source3/auth/auth.c:345", fn="auth_check_ntlm_password"),
    ev("Denied connection from {} ({})", 12, lambda r: (lambda a: (a, a))(ip(r, r.choice(["192.168", "172.16"]))), lv=0, src="../../source3/lib/access.c:338", fn="check_access"),
    ev("make_connection_snum: canonicalize_connect_path failed for service {}, path {}", 6, lambda r: ("software", "/srv/samba/software"), lv=0, src="../../source3/smbd/service.c:627", fn="make_connection_snum"),
    ev("make_connection_snum: '{}' does not exist or permission denied when connecting to [{}] Error was {}", 5,
       lambda r: (lambda s: ("/srv/samba/%s" % s, s, "Permission denied"))(pick(r, "scans", "marketing")), lv=0, src="../../source3/smbd/service.c:887", fn="make_connection_snum"),
    # winbindd
    ev("[{}]: Plain-text authentication for user {} returned {} (PAM: {})", 60,
       lambda r: (lambda st: (r.randint(30000, 90000), "EXAMPLE\\" + user(r), st[0], st[1]))(r.choice([("NT_STATUS_OK", 0)] * 5 + [("NT_STATUS_WRONG_PASSWORD", 7), ("NT_STATUS_NO_SUCH_USER", 10), ("NT_STATUS_ACCOUNT_LOCKED_OUT", 7)])),
       lv=2, src="../../source3/winbindd/winbindd_pam.c:2842", fn="winbindd_pam_auth_recv"),
    ev("[{}]: NTLM CRAP authentication for user [{}]\\[{}] returned {} (PAM: {})", 50,
       lambda r: (lambda st: (r.randint(30000, 90000), "EXAMPLE", user(r), st[0], st[1]))(r.choice([("NT_STATUS_OK", 0)] * 6 + [("NT_STATUS_WRONG_PASSWORD", 7), ("NT_STATUS_NO_SUCH_USER", 10)])),
       lv=2, src="../../source3/winbindd/winbindd_pam_auth_crap.c:173", fn="winbindd_pam_auth_crap_recv"),
    ev("set_dc_type_and_flags_connect: Could not open a connection to {} for PIPE_NETLOGON ({})", 4, lambda r: (pick(r, "dc01.example.local", "dc02.example.local"), "NT_STATUS_IO_TIMEOUT"),
       lv=1, src="../../source3/winbindd/winbindd_cm.c:2390", fn="set_dc_type_and_flags_connect"),
    ev("cm_prepare_connection: {} failed to connect to {}: {}", 5, lambda r: ("EXAMPLE", pick(r, "dc01.example.local", "dc02.example.local"), pick(r, "NT_STATUS_IO_TIMEOUT", "NT_STATUS_CONNECTION_REFUSED")),
       lv=1, src="../../source3/winbindd/winbindd_cm.c:1180", fn="cm_prepare_connection"),
    ev("set_domain_offline: domain {} is now offline", 3, lambda r: "EXAMPLE", lv=1, src="../../source3/winbindd/winbindd_cm.c:370", fn="set_domain_offline"),
    ev("set_domain_online: domain {} is now online", 3, lambda r: "EXAMPLE", lv=1, src="../../source3/winbindd/winbindd_cm.c:482", fn="set_domain_online"),
    ev("ads_connect for domain {} failed: {}", 4, lambda r: ("EXAMPLE", pick(r, "Time limit exceeded", "No logon servers are currently available")), lv=1, src="../../source3/winbindd/winbindd_ads.c:138", fn="ads_cached_connection_connect"),
    ev("idmap range not specified for domain '{}'", 2, lambda r: "TRUSTED", lv=1, src="../../source3/winbindd/idmap_ad.c:341", fn="idmap_ad_initialize"),
    ev("ads_krb5_mk_req: smb_krb5_get_credentials failed for {} ({})", 6, lambda r: ("cifs/fs02.example.local@EXAMPLE.LOCAL", "Clock skew too great"), lv=1, src="../../source3/libsmb/clikrb5.c:708", fn="ads_krb5_mk_req"),
    ev("gse_get_server_auth_token: gss_accept_sec_context failed with [{}]", 10, lambda r: pick(r, "Miscellaneous failure (see text): Clock skew too great", "Miscellaneous failure (see text): Request is a replay"),
       lv=1, src="../../source3/librpc/crypto/gse.c:638", fn="gse_get_server_auth_token"),
    # connection errors
    ev("read_fd_with_timeout: client {} read error = {}.", 70, lambda r: (ip(r, "10.10"), pick(r, "Connection reset by peer", "Connection reset by peer", "Connection timed out")), lv=0,
       src="../../source3/lib/util_sock.c:165", fn="read_fd_with_timeout"),
    ev("exit_server_common: Server exit ({})", 60, lambda r: pick(r, "NT_STATUS_CONNECTION_RESET", "NT_STATUS_CONNECTION_RESET", "NT_STATUS_END_OF_FILE", "failed to receive smb request", "NT_STATUS_CONNECTION_DISCONNECTED"),
       lv=1, src="../../source3/smbd/server_exit.c:227", fn="exit_server_common"),
    ev("smbd_smb2_io_handler: client read error {}", 25, lambda r: pick(r, "NT_STATUS_CONNECTION_RESET", "NT_STATUS_IO_TIMEOUT"), lv=1, src="../../source3/smbd/smb2_server.c:4939", fn="smbd_smb2_io_handler"),
    ev("Error writing {} bytes to client {}. ({})", 8, lambda r: (r.choice([4, 85, 65536, 131144]), ip(r, "10.10"), "Broken pipe"), lv=0, src="../../source3/lib/util_sock.c:618", fn="write_data"),
    ev("oplock_timeout_handler: Oplock break failed for file {} -- replying anyway", 10, lambda r: r.choice(["projects/Q4/budget_v%d.xlsx" % r.randint(1, 9), "finance/ledger.accdb", "profiles$/%s.V6/NTUSER.DAT" % user(r)]),
       lv=0, src="../../source3/smbd/oplock.c:1032", fn="oplock_timeout_handler"),
    ev("smbd_calculate_access_mask_fsp: Access denied: message level {} requested {} on {}", 12, lambda r: (0, "0x%08x" % r.choice([0x12019f, 0x120089, 0x100180]), r.choice(["hr/salaries.xlsx", "finance/closing", "software/licenses.txt"])),
       lv=1, src="../../source3/smbd/open.c:3088", fn="smbd_calculate_access_mask_fsp"),
    ev("sys_path_to_bdev() failed for path [{}]!", 6, lambda r: ".", lv=0, src="../../source3/lib/sysquotas.c:480", fn="sys_get_quota"),
    # printing
    ev("Unable to connect to CUPS server {}:{} - {}", 90, lambda r: ("localhost", 631, "Connection refused"), lv=0, src="../../source3/printing/print_cups.c:126", fn="cups_connect"),
    ev("failed to retrieve printer list: {}", 30, lambda r: "NT_STATUS_UNSUCCESSFUL", lv=0, src="../../source3/printing/print_cups.c:546", fn="cups_async_callback"),
    ev("pcap_cache_reload: pcap cache not loaded", 4, lv=3, src="../../source3/printing/pcap.c:153", fn="pcap_cache_reload"),
    # reload
    ev("smbd_sig_hup_handler: Reloading services after SIGHUP", 2, lv=1, src="../../source3/smbd/server.c:262", fn="smbd_sig_hup_handler"),
    ev("lp_load_ex: refreshing parameters", 2, lv=2, src="../../source3/param/loadparm.c:3924", fn="lp_load_ex"),
    ev("Global parameter {} found in service section!", 2, lambda r: "unix password sync", lv=0, src="../../lib/param/loadparm.c:1712", fn="lpcfg_do_service_parameter"),
    ev("dns_lookup_list_async: DNS query for {} failed: {}", 3, lambda r: ("_ldap._tcp.dc._msdcs.example.local", "NT_STATUS_IO_TIMEOUT"), lv=1, src="../../source3/libsmb/dsgetdcname.c:633", fn="discover_dc_dns"),
    ev("tdb({}): tdb_transaction_start: cannot start a transaction with locks held", 1, lambda r: "/var/lib/samba/private/secrets.tdb", lv=0, src="../../lib/tdb_wrap/tdb_wrap.c:64", fn="tdb_wrap_log"),
    # shut-down
    ev("winbindd_sig_term_handler: Got sig[{}] terminate (is_parent={})", -1, lambda r: (15, 1), lv=0, src="../../source3/winbindd/winbindd.c:237", fn="winbindd_sig_term_handler", pos="end"),
    ev("smbd_parent_sig_term_handler: Got SIGTERM: going down...", -1, lv=0, src="../../source3/smbd/server.c:201", fn="smbd_parent_sig_term_handler", pos="end"),
]


def header(r, t, ev, n):
    src = ev.meta["src"]
    if not src.startswith("../../"):
        src = "../../source3/" + src
    return "[%s.%06d, %2d] %s(%s)  " % (t.strftime("%Y/%m/%d %H:%M:%S"), t.microsecond + r.randint(0, 999), ev.meta["lv"], src, ev.meta["fn"])
