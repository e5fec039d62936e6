"""OpenVPN: an OpenVPN 2.6 remote-access server (UDP 1194, tun0, `topology subnet` pool 10.8.0.0/24, certificates plus
username/password through the PAM plugin), logging to its own file with `--log` (`2026-11-28 14:02:11 ` then the
message). Messages about one client carry the client instance's prefix in front: `alice/203.0.113.5:51234 ` once the
common name is known, `203.0.113.5:51234 ` before. Start-up (version, devices, sockets, pool), steady state (TLS
handshakes, certificate verification, peer info, cipher negotiation, PUSH_REQUEST/PUSH_REPLY, route learning,
renegotiation, authentication failures, HMAC and replay errors, inactivity timeouts and client restarts, management
interface), shut-down on SIGTERM.

The client prefix is one value: OpenVPN builds it once per client instance (`multi_instance_string`) and the message
machinery prints it with one `%s`, so it is one `<*>` whatever its shape. A socket address printed by
`print_link_socket_actual` (`[AF_INET]203.0.113.5:51234`) is likewise one value."""
from gen_common import E, pubip, hexs, pick, turn

NAME = "OpenVpn"
LAYOUT = "<Date> <Time> <Content>"

USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "laptop-ops-07", "mallory", "niaj",
         "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "android-sales-3"]
CLIENTS = {}


def ev(fmt, weight, gen=None, **kw):
    return E(fmt, weight, gen, **kw)


def cli(r):
    u = r.choice(USERS)
    if u not in CLIENTS or r.random() < 0.1:
        CLIENTS[u] = (pubip(r), r.randint(1025, 65535), "10.8.0.%d" % (USERS.index(u) + 2 + 40 * r.randint(0, 1)))
    return u, CLIENTS[u]


def pre(r, named=True):
    u, (a, p, v) = cli(r)
    return "%s/%s:%d" % (u, a, p) if named else "%s:%d" % (a, p)


def anypre(r):
    return pre(r, r.random() < 0.85)


def sock(r):
    u, (a, p, v) = cli(r)
    return "[AF_INET]%s:%d" % (a, p)


def peer_info(r):
    return r.choice(["IV_VER=2.6.8", "IV_VER=2.5.9", "IV_VER=3.git::d3f8b18b", "IV_PLAT=win", "IV_PLAT=linux", "IV_PLAT=mac", "IV_PLAT=android",
                     "IV_PROTO=990", "IV_PROTO=2974", "IV_NCP=2", "IV_CIPHERS=AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305", "IV_LZ4=1", "IV_LZ4v2=1",
                     "IV_LZO=1", "IV_COMP_STUB=1", "IV_COMP_STUBv2=1", "IV_TCPNL=1", "IV_GUI_VER=OpenVPN_GUI_11.46.0.0", "IV_SSO=openurl,webauth,crtext",
                     "IV_HWADDR=%s" % ":".join(hexs(r, 2) for _ in range(6)), "IV_SSL=OpenSSL_3.0.11_19_Sep_2023", "IV_MTU=1600"])


def learn(r):
    u, (a, p, v) = cli(r)
    return "%s/%s:%d" % (u, a, p), v, "%s/%s:%d" % (u, a, p)


def push_reply(r):
    u, (a, p, v) = cli(r)
    return ("%s/%s:%d" % (u, a, p), u, "PUSH_REPLY,redirect-gateway def1,dhcp-option DNS 10.8.0.1,route-gateway 10.8.0.1,topology subnet,ping 10,ping-restart 120,ifconfig %s 255.255.255.0,peer-id %d,cipher AES-256-GCM,protocol-flags cc-exit tls-ekm dyn-tls-crypt,tun-mtu 1500" % (v, r.randint(0, 40)), 1)


def control_channel(r):
    v = pick(r, "TLSv1.3", "TLSv1.3", "TLSv1.3", "TLSv1.2")
    c = pick(r, "TLSv1.3 TLS_AES_256_GCM_SHA384", "TLSv1.3 TLS_CHACHA20_POLY1305_SHA256") if v == "TLSv1.3" else "TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384"
    return (pre(r, False), v, c, pick(r, "2048 bits RSA", "2048 bits RSA", "256 bits ECsecp256r1"), pick(r, "RSA-SHA256", "ecdsa-with-SHA256"),
            pick(r, "253 bits X25519", "253 bits X25519", "256 bits ECsecp256r1"))


EVENTS = [
    ev("OpenVPN {} {} {}", -1, lambda r: ("2.6.8", "x86_64-pc-linux-gnu", "[SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]"), pos="start"),
    ev("library versions: {}, {}", -1, lambda r: ("OpenSSL 3.0.2 15 Mar 2022", "LZO 2.10"), pos="start"),
    ev("DCO version: {}", -1, lambda r: "N/A", pos="start"),
    ev("PLUGIN_INIT: POST {} '{}' intercepted={}", -1, lambda r: ("/usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so", "[/usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so] [openvpn]", "PLUGIN_AUTH_USER_PASS_VERIFY"), pos="start"),
    ev("net_route_v4_best_gw query: dst {}", -1, lambda r: "0.0.0.0", pos="start"),
    ev("net_route_v4_best_gw result: via {} dev {}", -1, lambda r: ("192.0.2.1", "ens3"), pos="start"),
    ev("ROUTE_GATEWAY {}/{} IFACE={} HWADDR={}", -1, lambda r: ("192.0.2.1", "255.255.255.0", "ens3", "52:54:00:3a:9f:12"), pos="start"),
    ev("TUN/TAP device {} opened", -1, lambda r: "tun0", pos="start"),
    ev("net_iface_mtu_set: mtu {} for {}", -1, lambda r: (1500, "tun0"), pos="start"),
    ev("net_iface_up: set {} up", -1, lambda r: "tun0", pos="start"),
    ev("net_addr_v4_add: {}/{} dev {}", -1, lambda r: ("10.8.0.1", 24, "tun0"), pos="start"),
    ev("Could not determine IPv4/IPv6 protocol. Using AF_INET", -1, pos="start"),
    ev("Socket Buffers: R=[{}->{}] S=[{}->{}]", -1, lambda r: (212992, 212992, 212992, 212992), pos="start"),
    ev("UDPv4 link local (bound): {}", -1, lambda r: "[AF_INET][undef]:1194", pos="start"),
    ev("UDPv4 link remote: {}", -1, lambda r: "[AF_UNSPEC]", pos="start"),
    ev("MULTI: multi_init called, r={} v={}", -1, lambda r: (256, 256), pos="start"),
    ev("IFCONFIG POOL IPv4: base={} size={}", -1, lambda r: ("10.8.0.2", 252), pos="start"),
    ev("IFCONFIG POOL LIST", -1, pos="start"),
    ev("MANAGEMENT: TCP Socket listening on {}", -1, lambda r: "[AF_INET]127.0.0.1:7505", pos="start"),
    ev("Initialization Sequence Completed", -1, pos="start"),
    # steady state: handshakes
    ev("{} TLS: Initial packet from {}, sid={}", 75, lambda r: (lambda u, c: ("%s:%d" % c[:2], "[AF_INET]%s:%d" % c[:2], "%s %s" % (hexs(r, 8), hexs(r, 8))))(*cli(r))),
    ev("{} VERIFY OK: depth={}, {}", 130, lambda r: (lambda d: (pre(r, False), d, "CN=Example Corp VPN CA" if d == 1 else "CN=%s" % r.choice(USERS)))(pick(r, 1, 0))),
    ev("{} VERIFY ERROR: depth={}, error={}: {}", 8, lambda r: (pre(r, False), 0, pick(r, "certificate has expired", "certificate revoked", "unable to get local issuer certificate"), "CN=%s" % r.choice(["mallory", "old-laptop-12", "contractor-x"]))),
    ev("{} OpenSSL: {}", 10, lambda r: (pre(r, False), r.choice(["error:0A000086:SSL routines::certificate verify failed", "error:0A000418:SSL routines::tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1586:SSL alert number 48",
                                                                  "error:0A00010B:SSL routines::wrong version number"]))),
    ev("{} TLS_ERROR: BIO read tls_read_plaintext error", 10, lambda r: pre(r, False)),
    ev("{} TLS Error: TLS object -> incoming plaintext read error", 10, lambda r: pre(r, False)),
    ev("{} TLS Error: TLS handshake failed", 14, lambda r: pre(r, False)),
    ev("{} TLS Error: TLS key negotiation failed to occur within {} seconds (check your network connectivity)", 12, lambda r: (pre(r, False), 60)),
    ev("{} peer info: {}", 420, lambda r: (pre(r, False), peer_info(r))),
    ev("{} TLS: Username/Password authentication succeeded for username '{}'", 55, lambda r: (lambda u, c: ("%s:%d" % c[:2], u))(*cli(r))),
    ev("{} PLUGIN_CALL: POST {}/PLUGIN_AUTH_USER_PASS_VERIFY status={}", 14, lambda r: (pre(r, False), "/usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so", 1)),
    ev("{} PLUGIN_CALL: plugin function PLUGIN_AUTH_USER_PASS_VERIFY failed with status {}: {}", 14, lambda r: (pre(r, False), 1, "/usr/lib/x86_64-linux-gnu/openvpn/plugins/openvpn-plugin-auth-pam.so")),
    ev("{} TLS Auth Error: Auth Username/Password verification failed for peer", 14, lambda r: pre(r, False)),
    ev("{} Control Channel: {}, cipher {}, peer certificate: {}, signature: {}, peer temporary key: {}", 60,
       control_channel),
    ev("{} [{}] Peer Connection Initiated with {}", 60, lambda r: (lambda u, c: ("%s:%d" % c[:2], u, "[AF_INET]%s:%d" % c[:2]))(*cli(r))),
    ev("{} MULTI_sva: pool returned IPv4={}, IPv6={}", 55, lambda r: (lambda u, c: ("%s/%s:%d" % (u, c[0], c[1]), c[2], "(Not enabled)"))(*cli(r))),
    ev("{} OPTIONS IMPORT: reading client specific options from: {}", 50, lambda r: (pre(r), "/tmp/openvpn_cc_%s.tmp" % hexs(r, 32))),
    ev("{} MULTI: Learn: {} -> {}", 55, learn),
    ev("{} MULTI: primary virtual IP for {}: {}", 55, lambda r: (lambda a, v, b: (a, b, v))(*learn(r))),
    ev("{} Data Channel MTU parms [ mss_fix:{} max_frag:{} tun_mtu:{} tun_max_mtu:{} headroom:{} payload:{} tailroom:{} ET:{} ]", 20,
       lambda r: (lambda t: (pre(r), t - 111, 0, t, 1600, 136, t + 268, 562, 0))(pick(r, 1500, 1500, 1500, 1420, 1400))),
    ev("{} PUSH: Received control message: '{}'", 60, lambda r: (pre(r), "PUSH_REQUEST")),
    ev("{} SENT CONTROL [{}]: '{}' (status={})", 75, lambda r: push_reply(r) if r.random() < 0.8 else (lambda u, c: ("%s:%d" % c[:2], u, "AUTH_FAILED", 1))(*cli(r))),
    ev("{} Data Channel: cipher '{}', peer-id: {}", 55, lambda r: (pre(r), pick(r, "AES-256-GCM", "AES-256-GCM", "CHACHA20-POLY1305"), r.randint(0, 40))),
    ev("{} Timers: ping {}, ping-restart {}", 55, lambda r: (lambda p: (pre(r), p, p * 12))(pick(r, 10, 10, 10, 15, 5))),
    ev("{} Protocol options: explicit-exit-notify {}, protocol-flags {}", 55, lambda r: (pre(r), 1, pick(r, "cc-exit tls-ekm dyn-tls-crypt", "tls-ekm"))),
    ev("{} {}: Cipher '{}' initialized with {} bit key", 90, lambda r: (lambda c: (pre(r), pick(r, "Outgoing Data Channel", "Incoming Data Channel"), c, 128 if "128" in c else 256))(pick(r, "AES-256-GCM", "AES-256-GCM", "AES-256-GCM", "CHACHA20-POLY1305", "AES-128-GCM"))),
    ev("{} TLS: soft reset sec={}/{} bytes={}/{} pkts={}/{}", 30, lambda r: (pre(r), 3600, 3600, r.randint(10**5, 9 * 10**8), -1, r.randint(1000, 900000), -1)),
    ev("{} TLS: tls_multi_process: initial untrusted session promoted to trusted", 30, lambda r: pre(r, False)),
    # steady state: errors and disconnects
    ev("{} MULTI: bad source address from client [{}], packet dropped", 40, lambda r: (pre(r), r.choice(["192.168.1.%d" % r.randint(2, 250), "172.20.10.%d" % r.randint(2, 14), "10.0.0.%d" % r.randint(2, 250)]))),
    ev("{} Authenticate/Decrypt packet error: {}", 12, lambda r: (pre(r), pick(r, "missing authentication info", "bad packet ID (may be a replay): [ #%d ] -- see the man page entry for --no-replay and --replay-window for more info or silence this warning with --mute-replay-warnings" % r.randint(100, 90000)))),
    ev("{} AEAD Decrypt error: {}", 6, lambda r: (pre(r), "cipher final failed")),
    ev("TLS Error: cannot locate HMAC in incoming packet from {}", 12, lambda r: "[AF_INET]%s:%d" % (pubip(r), r.randint(1025, 65535))),
    ev("TLS Error: reading acknowledgement record from packet", 4),
    ev("{} [{}] Inactivity timeout (--ping-restart), restarting", 30, lambda r: (lambda u, c: ("%s/%s:%d" % (u, c[0], c[1]), u))(*cli(r))),
    ev("{} SIGUSR1[soft,{}] received, client-instance restarting", 45, lambda r: (anypre(r), pick(r, "ping-restart", "ping-restart", "tls-error", "connection-reset"))),
    ev("{} SIGTERM[soft,{}] received, client-instance exiting", 20, lambda r: (pre(r), "remote-exit")),
    ev("{} Delayed exit in {} seconds", 14, lambda r: (pre(r, False), 5)),
    ev("{} WARNING: '{}' is used inconsistently, local='{}', remote='{}'", 8, lambda r: (pre(r), "link-mtu", "link-mtu 1559", pick(r, "link-mtu 1557", "link-mtu 1558"))),
    ev("{} MULTI: new connection by client '{}' will cause previous active sessions by this client to be dropped.  Remember to use the --duplicate-cn option if you want multiple clients using the same certificate or username to concurrently connect.", 5,
       lambda r: (lambda u, c: ("%s:%d" % c[:2], u))(*cli(r))),
    ev("{} Fatal TLS error (check_tls_errors_co), restarting", 6, lambda r: pre(r, False)),
    ev("MULTI: multi_create_instance called", 1),
    ev("MANAGEMENT: Client connected from {}", 3, lambda r: "[AF_INET]127.0.0.1:%d" % r.randint(40000, 60000)),
    ev("MANAGEMENT: CMD '{}'", 6, lambda r: pick(r, "status 3", "status 3", "kill carol", "state")),
    ev("MANAGEMENT: Client disconnected", 3),
    ev("event_wait : Interrupted system call (fd={},code={})", -1, lambda r: (-1, 4), pos="end"),
    ev("SIGTERM[hard,] received, process exiting", -1, pos="end"),
    ev("net_addr_v4_del: {} dev {}", -1, lambda r: ("10.8.0.1", "tun0"), pos="end"),
    ev("Closing TUN/TAP interface", -1, pos="end"),
]


def header(r, t, ev, n):
    return t.strftime("%Y-%m-%d %H:%M:%S ")
