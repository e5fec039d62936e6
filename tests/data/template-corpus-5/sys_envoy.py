"""Envoy: an Envoy 1.28 edge proxy in front of a shop's services, dynamic clusters and listeners over ADS, default
application log format `[%Y-%m-%d %T.%e][%t][%l][%n] [%g:%#] %v` (time, thread id, level, logger, source
file:line), run with `--component-log-level connection:debug,conn_handler:debug,router:debug,http:debug,upstream:debug`
so per-connection and per-stream debug lines appear. `ENVOY_CONN_LOG`/`ENVOY_STREAM_LOG` prefix the message with
`[C<id>]` or `[C<id>][S<id>]`; the ids are values (`[C<*>]`, `[C<*>][S<*>]`). Multi-line header dumps are flattened."""
from gen_common import E, ip, pubip, hexs

NAME = "Envoy"
LAYOUT = "\\[<Date> <Time>\\]\\[<Thread>\\]\\[<Level>\\]\\[<Component>\\] \\[<Source>\\] <Content>"

CLUSTERS = ["catalog", "checkout", "payments", "search", "auth", "media", "legacy-cms"]
HOSTS = ["shop.example.test", "api.shop.example.test", "media.shop.example.test"]


def ev(fmt, weight, gen=None, lv="info", comp="main", src="source/server/server.cc:430", thr="main", **kw):
    return E(fmt, weight, gen, lv=lv, comp=comp, src=src, thr=thr, **kw)


def cid(r):
    return r.randint(100, 999999)


def sid(r):
    return r.getrandbits(63)


def down(r):
    return "%s:%d" % (r.choice([pubip(r), ip(r, "10.60")]), r.randint(1024, 65535))


def up(r):
    return "%s:%d" % (ip(r, "10.70"), r.choice([8080, 8443, 9000, 3000]))


def url(r):
    return r.choice(["/api/v1/products?page=%d" % r.randint(1, 50), "/api/v1/cart/%s" % hexs(r, 12), "/checkout/session", "/api/v1/search?q=%s" % r.choice(["shoes", "red+dress", "usb-c"]),
                     "/img/%s/%s.webp" % (hexs(r, 2), hexs(r, 16)), "/auth/token", "/payments/intent"])


EVENTS = [
    ev("initializing epoch {} (base id={}, hot restart version={})", -1, lambda r: (0, 0, "11.104"), pos="start", src="source/server/server.cc:430"),
    ev("admin address: {}", -1, lambda r: "127.0.0.1:9901", pos="start", src="source/server/server.cc:802"),
    ev("loading tracing configuration", -1, pos="start", src="source/server/configuration_impl.cc:131"),
    ev("loading {} static secret(s)", -1, lambda r: 2, pos="start", src="source/server/configuration_impl.cc:91"),
    ev("loading {} cluster(s)", -1, lambda r: 1, pos="start", src="source/server/configuration_impl.cc:97"),
    ev("loading {} listener(s)", -1, lambda r: 0, pos="start", src="source/server/configuration_impl.cc:101"),
    ev("loading stats configuration", -1, pos="start", src="source/server/configuration_impl.cc:112"),
    ev("cm init: initializing cds", -1, comp="upstream", pos="start", src="source/common/upstream/cluster_manager_impl.cc:222"),
    ev("starting main dispatch loop", -1, pos="start", src="source/server/server.cc:932"),
    ev("cm init: all clusters initialized", -1, comp="upstream", pos="start", src="source/common/upstream/cluster_manager_impl.cc:245"),
    ev("all clusters initialized. initializing init manager", -1, pos="start", src="source/server/server.cc:906"),
    ev("all dependencies initialized. starting workers", -1, comp="config", pos="start", src="source/extensions/listener_managers/listener_manager/listener_manager_impl.cc:930"),
    # xDS
    ev("cds: add {} cluster(s), remove {} cluster(s)", 8, lambda r: (r.randint(5, 9), r.randint(0, 1)), comp="upstream", src="source/common/upstream/cds_api_helper.cc:32"),
    ev("cds: added/updated {} cluster(s), skipped {} unmodified cluster(s)", 8, lambda r: (r.randint(0, 2), r.randint(5, 8)), comp="upstream", src="source/common/upstream/cds_api_helper.cc:71"),
    ev("lds: add/update listener '{}'", 5, lambda r: r.choice(["https_listener", "http_listener", "admin_metrics"]), comp="upstream", src="source/extensions/listener_managers/listener_manager/lds_api.cc:82"),
    ev("add/update cluster {} starting warming", 6, lambda r: r.choice(CLUSTERS), comp="upstream", src="source/common/upstream/cluster_manager_impl.cc:856"),
    ev("warming cluster {} complete", 6, lambda r: r.choice(CLUSTERS), comp="upstream", src="source/common/upstream/cluster_manager_impl.cc:869"),
    ev("removing cluster {}", -2, lambda r: "legacy-cms", comp="upstream", src="source/common/upstream/cluster_manager_impl.cc:906"),
    ev("{} gRPC config stream to {} closed since {}s ago: {}, {}", 6, lambda r: ("DeltaAggregatedResources", "xds_cluster", r.randint(30, 3000), 14,
                                                                              r.choice(["upstream connect error or disconnect/reset before headers. reset reason: connection termination", "no healthy upstream"])),
       lv="warning", comp="config", src="source/extensions/config_subscription/grpc/grpc_stream.h:190"),
    ev("gRPC config for {} rejected: {}", -2, lambda r: ("type.googleapis.com/envoy.config.cluster.v3.Cluster", "Error adding/updating cluster(s) payments: envoy.config.core.v3.HealthCheck must have a timeout"),
       lv="warning", comp="config", src="source/extensions/config_subscription/grpc/delta_subscription_state.cc:269"),
    # connections
    ev("[C{}] new connection from {}", 260, lambda r: (cid(r), down(r)), lv="debug", comp="conn_handler", src="source/extensions/listener_managers/listener_manager/active_tcp_listener.cc:160", thr="worker"),
    ev("[C{}] closing data_to_write={} type={}", 180, lambda r: (cid(r), r.choice([0, 0, r.randint(20, 90000)]), r.choice([0, 1, 2])), lv="debug", comp="connection", src="source/common/network/connection_impl.cc:146", thr="worker"),
    ev("[C{}] closing socket: {}", 200, lambda r: (cid(r), r.choice([0, 1])), lv="debug", comp="connection", src="source/common/network/connection_impl.cc:275", thr="worker"),
    ev("[C{}] remote close", 150, cid, lv="debug", comp="connection", src="source/common/network/connection_impl.cc:714", thr="worker"),
    ev("[C{}] connecting to {}", 100, lambda r: (cid(r), up(r)), lv="debug", comp="connection", src="source/common/network/connection_impl.cc:1009", thr="worker"),
    ev("[C{}] connected", 95, cid, lv="debug", comp="connection", src="source/common/network/connection_impl.cc:746", thr="worker"),
    ev("[C{}] TLS error: {}", 25, lambda r: (cid(r), r.choice(["268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED", "268436496:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_UNKNOWN",
                                                                 "268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER"])), lv="debug", comp="connection", src="source/common/tls/ssl_socket.cc:246", thr="worker"),
    ev("[C{}] dispatch error: {}", 10, lambda r: (cid(r), r.choice(["http/1.1 protocol error: HPE_INVALID_METHOD", "http/1.1 protocol error: HPE_HEADER_OVERFLOW", "The user agent sent an invalid frame"])),
       lv="debug", comp="http", src="source/common/http/conn_manager_impl.cc:459", thr="worker"),
    # streams
    ev("[C{}][S{}] router decoding headers: {}", 110, lambda r: (cid(r), sid(r), "':authority', '%s' ':path', '%s' ':method', '%s' ':scheme', 'https' 'user-agent', '%s' 'x-request-id', '%s'" % (
        r.choice(HOSTS), url(r), r.choice(["GET", "GET", "POST", "DELETE"]), r.choice(["Mozilla/5.0", "okhttp/4.12.0", "curl/8.4.0"]), hexs(r, 8) + "-" + hexs(r, 4) + "-" + hexs(r, 4) + "-" + hexs(r, 4) + "-" + hexs(r, 12))),
       lv="debug", comp="router", src="source/common/router/router.cc:732", thr="worker"),
    ev("[C{}][S{}] cluster '{}' match for URL '{}'", 120, lambda r: (cid(r), sid(r), r.choice(CLUSTERS), url(r)), lv="debug", comp="router", src="source/common/router/router.cc:514", thr="worker"),
    ev("[C{}][S{}] upstream reset: reset reason: {}, transport failure reason: {}", 28, lambda r: (cid(r), sid(r)) + r.choice([("connection failure", "delayed connect error: 111"), ("connection termination", "-"), ("overflow", "-")]),
       lv="debug", comp="router", src="source/common/router/router.cc:1275", thr="worker"),
    ev("[C{}][S{}] upstream timeout", 16, lambda r: (cid(r), sid(r)), lv="debug", comp="router", src="source/common/router/router.cc:1000", thr="worker"),
    ev("[C{}][S{}] Sending local reply with details {}", 40, lambda r: (cid(r), sid(r), r.choice(["upstream_reset_before_response_started{connection_failure}", "route_not_found", "upstream_response_timeout",
                                                                                                 "no_healthy_upstream", "ext_authz_denied", "jwt_authn_access_denied{Jwt_is_expired}"])),
       lv="debug", comp="http", src="source/common/http/filter_manager.cc:996", thr="worker"),
    ev("[C{}][S{}] stream reset: reset reason: {}, response details: {}", 14, lambda r: (cid(r), sid(r), r.choice(["local reset", "remote reset", "connection termination"]), r.choice(["-", "http2.remote_reset"])),
       lv="debug", comp="http", src="source/common/http/conn_manager_impl.cc:251", thr="worker"),
    ev("[C{}][S{}] JWT authentication completed with: {}", 36, lambda r: (cid(r), sid(r), r.choice(["OK", "OK", "OK", "Jwt is expired", "Jwt verification fails", "Jwt is missing"])),
       lv="debug", comp="jwt", src="source/extensions/filters/http/jwt_authn/filter.cc:149", thr="worker"),
    ev("[C{}][S{}] ext_authz filter rejected the request. Response status code: '{}'", 14, lambda r: (cid(r), sid(r), r.choice([401, 403])), lv="debug", comp="ext_authz", src="source/extensions/filters/http/ext_authz/ext_authz.cc:390", thr="worker"),
    # upstream membership and DNS
    ev("membership update for TLS cluster {} added {} removed {}", 40, lambda r: (r.choice(CLUSTERS), r.randint(0, 3), r.randint(0, 3)), lv="debug", comp="upstream", src="source/common/upstream/cluster_manager_impl.cc:1519", thr="worker"),
    ev("DNS refresh rate reset for {}, refresh rate {} ms", 45, lambda r: (r.choice(["legacy-cms.internal", "smtp-relay.internal", "payments.psp.example"]), 5000), lv="debug", comp="upstream", src="source/extensions/clusters/strict_dns/strict_dns_cluster.cc:170"),
    ev("DNS hosts have changed for {}", 8, lambda r: r.choice(["legacy-cms.internal", "payments.psp.example"]), lv="debug", comp="upstream", src="source/extensions/clusters/strict_dns/strict_dns_cluster.cc:152"),
    ev("health check failed for host {} in cluster {}: {}", 12, lambda r: (up(r), r.choice(CLUSTERS), r.choice(["timeout", "HTTP 503", "connection refused"])), lv="warning", comp="hc", src="source/extensions/health_checkers/http/health_checker_impl.cc:351"),
    # shut-down
    ev("caught ENVOY_SIGTERM", -1, lv="warning", pos="end", src="source/server/server.cc:894"),
    ev("shutting down server instance", -1, pos="end", src="source/server/server.cc:1021"),
    ev("main dispatch loop exited", -1, pos="end", src="source/server/server.cc:1007"),
    ev("exiting", -1, pos="end", src="source/server/server.cc:1062"),
]


def header(r, t, ev, n):
    thr = 1 if ev.meta["thr"] == "main" else r.randint(14, 29)
    return "[%s.%03d][%d][%s][%s] [%s] " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, thr, ev.meta["lv"], ev.meta["comp"], ev.meta["src"])
