"""Router: syslog from Cisco-IOS-like routers and switches (one log host collecting several devices)."""
import random

from gen_common import E

NAME = "Router"
LAYOUT = "<Month> <Day> <Time> <Host> <Seq>: <DevTime>: <Content>"

_p = random.Random(505)
HOSTS = ["core-rtr-1", "core-rtr-2", "dist-sw-1", "dist-sw-2", "acc-sw-07", "acc-sw-12", "acc-sw-19", "wan-edge-1"]
SEQ = {h: _p.randint(1000, 90000) for h in HOSTS}
USERS = ["netadmin", "jdoe", "noc-ro", "ansible", "mkrause", "admin"]
NEIGH = ["192.0.2.%d" % _p.randint(1, 254) for _ in range(6)] + ["198.51.100.%d" % _p.randint(1, 254) for _ in range(4)]
MGMT = ["10.250.%d.%d" % (_p.randint(0, 3), _p.randint(2, 250)) for _ in range(12)]


def intf(r):
    k = r.random()
    if k < 0.6:
        return "GigabitEthernet%d/0/%d" % (r.randint(1, 2), r.randint(1, 48))
    if k < 0.8:
        return "TenGigabitEthernet1/1/%d" % r.randint(1, 4)
    if k < 0.9:
        return "Port-channel%d" % r.randint(1, 8)
    return "Vlan%d" % r.choice([10, 20, 30, 100, 200])


def phys(r):
    return "GigabitEthernet%d/0/%d" % (r.randint(1, 2), r.randint(1, 48))


def mac(r):
    return "%04x.%04x.%04x" % (r.getrandbits(16), r.getrandbits(16), r.getrandbits(16))


def ip(r):
    return "%d.%d.%d.%d" % (r.choice([10, 172, 203, 198]), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


def vlan(r):
    return r.choice([10, 20, 30, 100, 200, 310])


def when(r):
    import sys
    return sys.modules[__name__].now.strftime("%H:%M:%S UTC Wed Dec 2 2026")


def sess(r):
    return "%024X" % r.getrandbits(96)


def ssh(r):
    return ("aes256-ctr", "hmac-sha2-256")


EVENTS = [
    E("%IF_COUNTERS-6-STATS: {}: input rate {} bits/sec, {} packets/sec; output rate {} bits/sec, {} packets/sec; {} input errors, {} CRC, {} output drops", 330,
      lambda r: (intf(r), r.randint(0, 9 * 10 ** 8), r.randint(0, 90000), r.randint(0, 9 * 10 ** 8), r.randint(0, 90000),
                 r.choice([0] * 8 + [r.randint(1, 900)]), r.choice([0] * 9 + [r.randint(1, 90)]), r.choice([0] * 6 + [r.randint(1, 9000)]))),
    E("%SEC-6-IPACCESSLOGP: list {} {} {} {}({}) -> {}({}), {} packet", 260,
      lambda r: (r.choice(["ACL-INTERNET-IN", "ACL-INTERNET-IN", "ACL-MGMT", "101"]), r.choice(["denied"] * 4 + ["permitted"]), r.choice(["tcp", "tcp", "udp"]),
                 ip(r), r.randint(1024, 65535), r.choice(MGMT), r.choice([22, 23, 443, 161, 3389, 445, 53]), r.choice([1] * 6 + [r.randint(2, 300)]))),
    E("%SEC-6-IPACCESSLOGDP: list {} {} icmp {} -> {} ({}/{}), {} packet", 70,
      lambda r: (r.choice(["ACL-INTERNET-IN", "101"]), r.choice(["denied", "permitted"]), ip(r), r.choice(MGMT), r.choice([8, 3, 11]), 0, r.randint(1, 40))),
    E("%LINK-3-UPDOWN: Interface {}, changed state to {}", 120, lambda r: (phys(r), r.choice(["down", "up"]))),
    E("%LINEPROTO-5-UPDOWN: Line protocol on Interface {}, changed state to {}", 130, lambda r: (intf(r), r.choice(["down", "up"]))),
    E("%LINK-5-CHANGED: Interface {}, changed state to administratively down", 8, phys),
    E("%SW_MATM-4-MACFLAP_NOTIF: Host {} in vlan {} is flapping between port {} and port {}", 110, lambda r: (mac(r), vlan(r), phys(r), phys(r))),
    E("%BGP-5-ADJCHANGE: neighbor {} Up", 25, lambda r: r.choice(NEIGH)),
    E("%BGP-5-ADJCHANGE: neighbor {} Down {}", 24,
      lambda r: (r.choice(NEIGH), r.choice(["BGP Notification sent", "BGP Notification received", "Peer closed the session", "Interface flap", "Admin. shutdown"]))),
    E("%BGP-5-ADJCHANGE: neighbor {} vpn vrf {} Up", 8, lambda r: (r.choice(NEIGH), r.choice(["CUST-A", "CUST-B", "MGMT"]))),
    E("%BGP-3-NOTIFICATION: sent to neighbor {} {} ({}) {} bytes {}", 12,
      lambda r: (lambda c: (r.choice(NEIGH), c[0], c[1], 0, ""[:0] or "-"))(r.choice([("4/0", "hold time expired"), ("6/4", "Administrative Reset"), ("3/1", "update malformed")]))),
    E("%BGP-3-NOTIFICATION: received from neighbor {} {} ({}) {} bytes", 8,
      lambda r: (lambda c: (r.choice(NEIGH), c[0], c[1], 0))(r.choice([("6/2", "Administrative Shutdown"), ("6/4", "Administrative Reset"), ("4/0", "hold time expired")]))),
    E("%BGP-4-MAXPFX: Number of prefixes received from {} (afi {}) reaches {}, max {}", 5, lambda r: (r.choice(NEIGH), 0, r.randint(7500, 8000), 10000)),
    E("%OSPF-5-ADJCHG: Process {}, Nbr {} on {} from {} to {}, {}", 60,
      lambda r: (lambda t: (1, "10.255.0.%d" % r.randint(1, 30), r.choice(["TenGigabitEthernet1/1/1", "TenGigabitEthernet1/1/2", "Vlan100"]), t[0], t[1], t[2]))(
          r.choice([("LOADING", "FULL", "Loading Done"), ("FULL", "DOWN", "Neighbor Down: Dead timer expired"), ("FULL", "DOWN", "Neighbor Down: Interface down or detached"),
                    ("EXSTART", "EXCHANGE", "Negotiation Done"), ("INIT", "DOWN", "Neighbor Down: Adjacency forced to reset")]))),
    E("%OSPF-4-ERRRCV: Received invalid packet: {} from {}, {}", 10, lambda r: ("mismatched area ID", "10.255.0.%d" % r.randint(1, 30), r.choice(["Vlan200", "GigabitEthernet1/0/48"]))),
    E("%DUAL-5-NBRCHANGE: EIGRP-IPv4 {}: Neighbor {} ({}) is {}: {}", 20,
      lambda r: (100, "10.254.%d.%d" % (r.randint(0, 3), r.randint(1, 30)), intf(r), *r.choice([("down", "holding time expired"), ("up", "new adjacency"), ("down", "Interface PEER-TERMINATION received")]))),
    E("%HSRP-5-STATECHANGE: {} Grp {} state {} -> {}", 14, lambda r: ("Vlan%d" % vlan(r), r.choice([1, 10]), *r.choice([("Standby", "Active"), ("Active", "Speak"), ("Speak", "Standby")]))),
    E("%DHCP_SNOOPING-5-DHCP_SNOOPING_UNTRUSTED_PORT: DHCP_SNOOPING drop message on untrusted port, message type: {}, MAC sa: {}", 45,
      lambda r: (r.choice(["DHCPOFFER", "DHCPACK", "DHCPOFFER"]), mac(r))),
    E("%DHCP_SNOOPING-4-DHCP_SNOOPING_ERRDISABLE_WARNING: DHCP Snooping received {} DHCP packets on interface {}", 6, lambda r: (r.randint(100, 900), phys(r))),
    E("%SW_DAI-4-DHCP_SNOOPING_DENY: {} Invalid ARPs ({}) on {}, vlan {}.({})", 30,
      lambda r: (r.randint(1, 9), r.choice(["Req", "Res"]), phys(r), vlan(r), "[%s/%s/%s/%s/%s]" % (mac(r), ip(r), "0000.0000.0000", ip(r), when(r)))),
    E("%PM-4-ERR_DISABLE: {} error detected on {}, putting {} in err-disable state", 8,
      lambda r: (lambda i: (r.choice(["bpduguard", "psecure-violation", "link-flap", "dhcp-rate-limit"]), i, i))(phys(r))),
    E("%PM-4-ERR_RECOVER: Attempting to recover from {} err-disable state on {}", 6, lambda r: (r.choice(["bpduguard", "psecure-violation", "link-flap"]), phys(r))),
    E("%SPANTREE-2-BLOCK_BPDUGUARD: Received BPDU on port {} with BPDU Guard enabled. Disabling port.", 4, phys),
    E("%PORT_SECURITY-2-PSECURE_VIOLATION: Security violation occurred, caused by MAC address {} on port {}.", 5, lambda r: (mac(r), phys(r))),
    E("%STORM_CONTROL-3-FILTERED: A {} storm detected on {}. A packet filter action has been applied on the interface.", 4, lambda r: (r.choice(["Broadcast", "Multicast"]), phys(r))),
    E("%CDP-4-NATIVE_VLAN_MISMATCH: Native VLAN mismatch discovered on {} ({}), with {} {} ({}).", 12,
      lambda r: (phys(r), r.choice([1, 10]), r.choice(HOSTS) + ".corp.example", phys(r), r.choice([20, 99]))),
    E("%ILPOWER-7-DETECT: Interface {}: Power Device detected: {}", 10, lambda r: (phys(r), r.choice(["IEEE PD", "Cisco PD"]))),
    E("%ILPOWER-5-POWER_GRANTED: Interface {}: Power granted", 10, phys),
    E("%AUTHMGR-5-START: Starting '{}' for client ({}) on Interface {} AuditSessionID {}", 40, lambda r: (r.choice(["dot1x", "mab"]), mac(r), phys(r), sess(r))),
    E("%MAB-5-SUCCESS: Authentication successful for client ({}) on Interface {} AuditSessionID {}", 18, lambda r: (mac(r), phys(r), sess(r))),
    E("%DOT1X-5-FAIL: Authentication failed for client ({}) on Interface {} AuditSessionID {}", 14, lambda r: (mac(r), phys(r), sess(r))),
    E("%AUTHMGR-7-RESULT: Authentication result '{}' from '{}' for client ({}) on Interface {} AuditSessionID {}", 22,
      lambda r: (r.choice(["success", "success", "no-response", "fail"]), r.choice(["dot1x", "mab"]), mac(r), phys(r), sess(r))),
    E("%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: {}] [Source: {}] [localport: {}] at {}", 30, lambda r: (r.choice(USERS), r.choice(MGMT), 22, when(r))),
    E("%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: {}] [Source: {}] [localport: {}] [Reason: {}] at {}", 25,
      lambda r: (r.choice(USERS + ["root", "cisco", "test"]), r.choice(MGMT + [ip(r)]), 22, "Login Authentication Failed", when(r))),
    E("%SSH-5-SSH2_SESSION: SSH2 Session request from {} (tty = {}) using crypto cipher '{}', hmac '{}' Succeeded", 20, lambda r: (r.choice(MGMT), r.randint(0, 4)) + ssh(r)),
    E("%SSH-5-SSH2_USERAUTH: User '{}' authentication for SSH2 Session from {} (tty = {}) using crypto cipher '{}', hmac '{}' Succeeded", 20,
      lambda r: (r.choice(USERS), r.choice(MGMT), r.randint(0, 4)) + ssh(r)),
    E("%SSH-5-SSH2_CLOSE: SSH2 Session from {} (tty = {}) for user '{}' using crypto cipher '{}', hmac '{}' closed", 18,
      lambda r: (r.choice(MGMT), r.randint(0, 4), r.choice(USERS)) + ssh(r)),
    E("%SYS-5-CONFIG_I: Configured from console by {} on {} ({})", 16, lambda r: (r.choice(USERS), "vty%d" % r.randint(0, 4), r.choice(MGMT))),
    E("%PARSER-5-CFGLOG_LOGGEDCMD: User:{} logged command:{}", 28,
      lambda r: (r.choice(USERS), r.choice(["interface %s" % phys(r), "shutdown", "no shutdown", "switchport access vlan %d" % vlan(r),
                                             "description uplink-to-%s" % r.choice(HOSTS), "ip route 10.60.0.0 255.255.0.0 10.255.0.9", "no ip access-list extended ACL-TEMP"]))),
    E("%SYS-6-LOGOUT: User {} has exited tty session {}({})", 12, lambda r: (r.choice(USERS), r.randint(2, 6), r.choice(MGMT))),
    E("%SNMP-3-AUTHFAIL: Authentication failure for SNMP req from host {}", 30, lambda r: r.choice(MGMT + [ip(r)])),
    E("%NTP-5-PEERSYNC: NTP synced to peer {}", 4, lambda r: r.choice(["10.250.0.1", "10.250.0.2"])),
    E("%NTP-4-PEERUNREACH: Peer {} is unreachable", 4, lambda r: r.choice(["10.250.0.1", "10.250.0.2"])),
    E("%TRACK-6-STATE: {} ip sla {} reachability {} -> {}", 6, lambda r: (r.choice([10, 20]), r.choice([10, 20]), *r.choice([("Up", "Down"), ("Down", "Up")]))),
    E("%QOS-4-DROPS: {} output queue {} dropped {} packets in last {} seconds", 16, lambda r: (intf(r), r.randint(0, 7), r.randint(1, 90000), 300)),
    E("%ENVIRONMENTAL-1-ALERT: {}, Location: {}, State: {}, Reading: {}", 3,
      lambda r: ("Temp: Inlet", "R0", r.choice(["Warning", "Critical"]), "%d Celsius" % r.randint(46, 60))),
    E("%SYS-6-LOGGINGHOST_STARTSTOP: Logging to host {} port {} started - CLI initiated", -2, lambda r: ("10.250.1.10", 514)),
    E("%SYS-5-RELOAD: Reload requested by {} on {}. Reload Reason: {}.", -1, lambda r: ("netadmin", "vty0 (10.250.2.14)", "Reload Command")),
    E("%SYS-5-RESTART: System restarted --", -1),
]


ROUTERS = ["core-rtr-1", "core-rtr-2", "wan-edge-1"]
SWITCHES = ["dist-sw-1", "dist-sw-2", "acc-sw-07", "acc-sw-12", "acc-sw-19"]
ROUTED = ("%BGP", "%OSPF", "%DUAL", "%TRACK", "%NTP", "%SEC-6-IPACCESS", "%QOS")
SWITCHED = ("%SW_", "%DHCP_SNOOPING", "%PM-", "%SPANTREE", "%PORT_SECURITY", "%STORM", "%ILPOWER", "%AUTHMGR", "%MAB",
            "%DOT1X", "%CDP", "%HSRP")


def header(r, ts, ev, n):
    if ev.template.startswith(ROUTED):
        h = r.choice(ROUTERS)
    elif ev.template.startswith(SWITCHED):
        h = r.choice(SWITCHES)
    else:
        h = r.choice(HOSTS)
    SEQ[h] += 1
    dev = ts
    return "%s %2d %s %s %06d: %s %2d %s.%03d UTC: " % (ts.strftime("%b"), ts.day, ts.strftime("%H:%M:%S"), h, SEQ[h],
                                                        dev.strftime("%b"), dev.day, dev.strftime("%H:%M:%S"), dev.microsecond // 1000)
