"""Asterisk: the `full` log of an Asterisk 18 PBX with PJSIP phones and a SIP trunk (`logger.conf`:
`full => notice,warning,error,verbose,dtmf`, default date format `%b %e %T`). Lines are
`[Nov 28 14:02:11] LEVEL[<lwp>][<call id>] <source>: <message>`: the call-id bracket `[C-0000001a]` is present only
for a thread working on a call; VERBOSE lines name the source file only, the other levels `file.c:line function`.
The file channel drops the verbosity prefix (`-- `, `== `) of `ast_verb()` messages. Start-up, dialplan execution, dialling, bridging, music on hold, recordings, registrations and
qualify, failed requests from scanners, trunk registration, AMI logins, DTMF, task-processor warnings, shut-down."""
from gen_common import E, ip, pubip, hexs, turn

NAME = "Asterisk"
LAYOUT = "\\[<Date>\\] <Level>\\[<Lwp>\\]<CallId> <Source>: <Content>"

EXT = ["%d" % n for n in range(201, 236)]


def ev(fmt, weight, gen=None, lv="VERBOSE", src="pbx.c", call=True, **kw):
    return E(fmt, weight, gen, lv=lv, src=src, call=call, **kw)


def chan(r, ext=None):
    return "PJSIP/%s-%08x" % (ext or r.choice(EXT + ["trunk-sipgate"]), r.randint(0x40, 0x3ff))


def ext(r):
    return r.choice(EXT)


def bridge(r):
    return "%s-%s-%s-%s-%s" % (hexs(r, 8), hexs(r, 4), hexs(r, 4), hexs(r, 4), hexs(r, 12))


APPS = [("Set", lambda r: "CALLERID(name)=Reception"), ("Answer", lambda r: "500"), ("Dial", lambda r: "PJSIP/%s,30,tT" % ext(r)), ("Playback", lambda r: "custom/welcome"),
        ("Background", lambda r: "custom/ivr-main"), ("WaitExten", lambda r: "5"), ("Goto", lambda r: "ivr-main,s,1"), ("Queue", lambda r: "support,tT,,,300"),
        ("VoiceMail", lambda r: "%s@default,u" % ext(r)), ("Hangup", lambda r: r.choice(["16", "17", "21"])), ("MixMonitor", lambda r: "${UNIQUEID}.wav,b"), ("NoOp", lambda r: "Inbound call from ${CALLERID(num)}"),
        ("GotoIf", lambda r: "$[\"${DIALSTATUS}\" = \"BUSY\"]?busy,1"), ("Macro", lambda r: "user-callerid,")]


def executing(r):
    app, args = r.choice(APPS)
    ctx = r.choice(["from-internal", "from-internal", "from-trunk", "ivr-main", "macro-dial"])
    exten = r.choice([ext(r), "s", "s", "0%d" % r.randint(100000000, 999999999), "*97", "h"])
    return (exten, ctx, r.randint(1, 9), app, chan(r), args(r))


EVENTS = [
    ev("Asterisk {} built by {} @ {} on a {} running {} on {}", -1, lambda r: ("18.20.2", "buildd", "pbx-build", "x86_64", "Linux", "2024-02-12 09:14:33 UTC"), src="asterisk.c", call=False, pos="start"),
    ev("{} modules will be loaded.", -1, lambda r: 231, lv="NOTICE", src="loader.c:2372 load_modules", call=False, pos="start"),
    ev("PBX UUID: {}", -1, lambda r: "b6c1e0c2-9a4e-4f61-8d7a-2f3c5e8a91d4", src="asterisk.c", call=False, pos="start"),
    ev("CDR simple logging enabled.", -1, lv="NOTICE", src="cdr.c:4487 cdr_toggle_runtime_options", call=False, pos="start"),
    ev("Unable to find a valid server address or name.", -1, lv="WARNING", src="res_phoneprov.c:1231 get_defaults", call=False, pos="start"),
    ev("Added contact '{}' to AOR '{}' with expiration of {} seconds", -4, lambda r: (lambda e: ("sip:%s@%s:5060" % (e, ip(r, "10.8")), e, 3600))(turn("ast-reg0", EXT[:4])),
       src="res_pjsip_registrar.c", call=False, pos="start"),
    ev("Asterisk Ready.", -1, src="asterisk.c", call=False, pos="start"),
    # dialplan and calls
    ev("Executing [{}@{}:{}] {}(\"{}\", \"{}\") in new stack", 560, executing),
    ev("Called {}", 80, lambda r: "PJSIP/%s" % ext(r), src="app_dial.c"),
    ev("{} is ringing", 80, chan, src="app_dial.c"),
    ev("{} answered {}", 62, lambda r: (chan(r), chan(r)), src="app_dial.c"),
    ev("Nobody picked up in {} ms", 12, lambda r: r.choice([20000, 30000, 45000]), src="app_dial.c"),
    ev("Everyone is busy/congested at this time ({}:{}/{}/{})", 14, lambda r: (1, 0, r.choice([1, 0]), r.choice([0, 1])), src="app_dial.c"),
    ev("Channel {} joined '{}' basic-bridge <{}>", 60, lambda r: (chan(r), "simple_bridge", bridge(r)), src="bridge_channel.c"),
    ev("Channel {} left '{}' basic-bridge <{}>", 58, lambda r: (chan(r), r.choice(["simple_bridge", "native_rtp"]), bridge(r)), src="bridge_channel.c"),
    ev("Spawn extension ({}, {}, {}) exited non-zero on '{}'", 60, lambda r: (r.choice(["from-internal", "from-trunk", "macro-dial"]), r.choice([ext(r), "s"]), r.randint(1, 9), chan(r))),
    ev("Auto fallthrough, channel '{}' status is '{}'", 14, lambda r: (chan(r), r.choice(["BUSY", "CHANUNAVAIL", "CONGESTION", "UNKNOWN"]))),
    ev("<{}> Playing '{}' (language '{}')", 70, lambda r: (chan(r), r.choice(["custom/welcome.slin", "custom/ivr-main.slin", "vm-intro.gsm", "queue-thankyou.ulaw", "beep.gsm", "vm-goodbye.gsm"]), r.choice(["en", "en", "de"])),
       src="file.c"),
    ev("Started music on hold, class '{}', on channel '{}'", 30, lambda r: (r.choice(["default", "queue-jazz"]), chan(r)), src="res_musiconhold.c"),
    ev("Stopped music on hold on {}", 28, chan, src="res_musiconhold.c"),
    ev("Begin MixMonitor Recording {}", 16, chan, src="app_mixmonitor.c"),
    ev("MixMonitor close filestream ({})", 16, lambda r: r.choice(["mixed", "mixed", "read", "write"]), src="app_mixmonitor.c"),
    ev("End MixMonitor Recording {}", 16, chan, src="app_mixmonitor.c"),
    ev("Recording the message", 8, src="app_voicemail.c"),
    ev("DTMF begin '{}' received on {}", 40, lambda r: (r.choice("0123456789*#"), chan(r)), lv="DTMF", src="channel.c"),
    ev("DTMF end '{}' received on {}, duration {} ms", 40, lambda r: (r.choice("0123456789*#"), chan(r), r.randint(60, 260)), lv="DTMF", src="channel.c"),
    ev("Don't know how to indicate condition {} on {}", 6, lambda r: (r.choice([31, 34, 14]), chan(r)), lv="WARNING", src="chan_pjsip.c:1768 chan_pjsip_indicate"),
    ev("Unable to create channel of type '{}' (cause {} - {})", 8, lambda r: ("PJSIP",) + r.choice([(20, "Subscriber absent"), (3, "No route to destination")]), lv="WARNING", src="app_dial.c:2581 dial_exec_full"),
    # registrations and qualify
    ev("Removed contact '{}' from AOR '{}' due to {}", 22, lambda r: (lambda e: ("sip:%s@%s:5060" % (e, ip(r, "10.8")), e, r.choice(["request", "expiration"])))(ext(r)), src="res_pjsip_registrar.c", call=False),
    ev("Contact {}/{} is now {}.  RTT: {} msec", 60, lambda r: (lambda e: (e, "sip:%s@%s:5060" % (e, ip(r, "10.8")), r.choice(["Reachable", "Reachable", "Unreachable"]), "%.3f" % r.uniform(0, 80)))(ext(r)),
       src="res_pjsip/pjsip_options.c", call=False),
    ev("Endpoint {} is now {}", 24, lambda r: (ext(r), r.choice(["Reachable", "Unreachable"])), src="res_pjsip/pjsip_configuration.c", call=False),
    ev("Request '{}' from '{}' failed for '{}' (callid: {}) - {}", 260, lambda r: (r.choice(["REGISTER", "REGISTER", "INVITE", "OPTIONS"]),
                                                                                  "\"%s\" <sip:%s@%s>" % ((lambda u: (u, u, r.choice(["10.8.0.1", "pbx.example.test"])))(r.choice(["100", "1000", "admin", "201", "sipvicious"]))),
                                                                                  "%s:%d" % (pubip(r), r.choice([5060, 5061, r.randint(5062, 65000)])), hexs(r, 32),
                                                                                  r.choice(["No matching endpoint found", "No matching endpoint found", "Failed to authenticate", "No matching endpoint found after 5 tries in 0.123 ms"])),
       lv="NOTICE", src="res_pjsip/pjsip_distributor.c:676 log_failed_request", call=False),
    ev("{}: Call ({}) to extension '{}' rejected because extension not found in context '{}'.", 40, lambda r: ("PJSIP/anonymous-%08x" % r.randint(0x40, 0x3ff), "UDP:%s:%d" % (pubip(r), 5060),
                                                                                                                 r.choice(["00972599%06d" % r.randint(0, 999999), "9011441%07d" % r.randint(0, 9999999), "100", "s"]), "anonymous"),
       lv="NOTICE", src="res_pjsip_session.c:3812 new_invite"),
    ev("No response received from '{}' on registration attempt to '{}', retrying in '{}'", 10, lambda r: ("sip:sipgate.example.net", "sip:4412345@sipgate.example.net", 60),
       lv="WARNING", src="res_pjsip_outbound_registration.c:1053 handle_registration_response", call=False),
    ev("Temporal response '{}' received from '{}' on registration attempt to '{}', retrying in '{}'", 3, lambda r: (503, "sip:sipgate.example.net", "sip:4412345@sipgate.example.net", 60),
       lv="WARNING", src="res_pjsip_outbound_registration.c:1026 handle_registration_response", call=False),
    # manager
    ev("Manager '{}' logged on from {}", 12, lambda r: (r.choice(["fop2", "crm-connector"]), r.choice(["127.0.0.1", "10.8.0.40"])), src="manager.c", call=False),
    ev("Manager '{}' logged off from {}", 11, lambda r: (r.choice(["fop2", "crm-connector"]), r.choice(["127.0.0.1", "10.8.0.40"])), src="manager.c", call=False),
    ev("{} tried to authenticate with nonexistent user '{}'", 6, lambda r: (pubip(r), r.choice(["admin", "asterisk", "manager"])), lv="NOTICE", src="manager.c:3454 authenticate", call=False),
    ev("{} failed to authenticate as '{}'", 4, lambda r: ("10.8.0.77", "fop2"), lv="NOTICE", src="manager.c:3495 authenticate", call=False),
    ev("The '{}' task processor queue reached {} scheduled tasks again.", 3, lambda r: ("stasis/m:manager:core-00000006", 500), lv="WARNING", src="taskprocessor.c:1110 taskprocessor_push", call=False),
    ev("Failed to extend from {} to {}", 2, lambda r: (65536, r.choice([131072, 262144])), lv="ERROR", src="res_rtp_asterisk.c:4044 rtp_ioqueue_thread_start", call=False),
    ev("Reloading module '{}' ({})", 3, lambda r: r.choice([("res_pjsip.so", "Basic SIP resource"), ("pbx_config.so", "Text Extension Configuration")]), src="loader.c", call=False),
    # shut-down
    ev("Beginning asterisk shutdown....", -1, src="asterisk.c", call=False, pos="end"),
    ev("Executing last minute cleanups", -1, src="asterisk.c", call=False, pos="end"),
    ev("Manager unregistered action {}", -4, lambda r: turn("ast-unreg", ["DBGet", "DBPut", "PJSIPShowEndpoints", "QueueStatus"]), src="manager.c", call=False, pos="end"),
    ev("Asterisk cleanly ending ({}).", -1, lambda r: 0, src="asterisk.c", call=False, pos="end"),
]


def header(r, t, ev, n):
    src = ev.meta["src"]
    call = "[C-%08x]" % r.randint(0x80, 0x3ff) if ev.meta["call"] else ""
    lwp = 1843 if ev.meta.get("pos") in ("start", "end") else r.choice([2043, 2044, 2061, 2107, r.randint(2100, 9000)])
    return "[%s] %s[%d]%s %s: " % (t.strftime("%b %e %H:%M:%S"), ev.meta["lv"], lwp, call, src)
