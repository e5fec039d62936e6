"""Keycloak: a Keycloak 24 node (Quarkus distribution, `kc.sh start`) of a two-node cluster serving realm `shop`, with
the Quarkus HTTP access log enabled (`quarkus.http.access-log.enabled=true`, category `io.quarkus.http.access-log`,
pattern `common`), so access lines share the console format `%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n`.
The level is padded to five characters; the logger category and the thread are in the header.

Keycloak's JBoss-logging event listener logs error events at WARN as one built string: `type="…", realmId="…",
clientId="…", userId="…", ipAddress="…", error="…"` followed by the event's details map (`, key="value"` per entry).
The type is a parameter (LOGIN_ERROR, CODE_TO_TOKEN_ERROR, …); the details map is one value. Success events go to
DEBUG and are not in the log."""
import datetime as dt

from gen_common import E, ip, pubip, hexs, uuid, turn

NAME = "Keycloak"
LAYOUT = "<Date> <Time> <Level> \\[<Logger>\\] \\(<Thread>\\) <Content>"

REALM_ID = "8b0e2f4c-63a1-4d0f-9c1e-2a7b5d3e91f0"
CLIENTS = ["shop-web", "shop-web", "shop-mobile", "backoffice", "erp-connector"]
USERS = ["anna.k", "m.weber", "jp", "li.wei", "admin", "s.okafor", "test-user"]


def ev(fmt, weight, gen=None, lv="INFO", log="org.keycloak.services", thr="exec", **kw):
    return E(fmt, weight, gen, lv=lv, log=log, thr=thr, **kw)


def cip(r):
    return r.choice([pubip(r), ip(r, "10.80")])


def event(r):
    typ, err = r.choice([("LOGIN_ERROR", "invalid_user_credentials"), ("LOGIN_ERROR", "invalid_user_credentials"), ("LOGIN_ERROR", "user_not_found"),
                         ("LOGIN_ERROR", "user_temporarily_disabled"), ("CODE_TO_TOKEN_ERROR", "invalid_code"), ("REFRESH_TOKEN_ERROR", "invalid_token"),
                         ("REFRESH_TOKEN_ERROR", "session_expired"), ("CLIENT_LOGIN_ERROR", "invalid_client_credentials"), ("LOGOUT_ERROR", "invalid_token"),
                         ("UPDATE_PASSWORD_ERROR", "password_rejected")])
    client = r.choice(CLIENTS)
    user = "null" if err in ("user_not_found", "invalid_client_credentials") else uuid(r)
    if typ == "LOGIN_ERROR":
        det = 'auth_method="openid-connect", auth_type="code", redirect_uri="https://shop.example.test/auth/callback", code_id="%s", username="%s"' % (uuid(r), r.choice(USERS))
        if err == "invalid_user_credentials":
            det += ', authSessionParentId="%s", authSessionTabId="%s"' % (uuid(r), hexs(r, 11))
    elif typ == "CODE_TO_TOKEN_ERROR":
        det = 'grant_type="authorization_code", code_id="%s"' % uuid(r)
    elif typ == "REFRESH_TOKEN_ERROR":
        det = 'token_id="%s", grant_type="refresh_token", client_auth_method="client-secret"' % uuid(r)
    elif typ == "CLIENT_LOGIN_ERROR":
        det = 'grant_type="client_credentials", client_auth_method="client-secret"'
    elif typ == "LOGOUT_ERROR":
        det = 'redirect_uri="https://shop.example.test/"'
    else:
        det = 'username="%s", reason="%s"' % (r.choice(USERS), r.choice(["Invalid password: minimum length 12.", "Invalid password: must not be equal to any of last 3 passwords."]))
    return (typ, REALM_ID, client, user, cip(r), err, det)


def access(r):
    meth, path, st = r.choice([
        ("POST", "/realms/shop/protocol/openid-connect/token", 200), ("POST", "/realms/shop/protocol/openid-connect/token", 200),
        ("POST", "/realms/shop/protocol/openid-connect/token", 400), ("POST", "/realms/shop/protocol/openid-connect/token", 401),
        ("GET", "/realms/shop/protocol/openid-connect/auth?client_id=shop-web&response_type=code&scope=openid&state=%s" % hexs(r, 16), 200),
        ("GET", "/realms/shop/protocol/openid-connect/certs", 200), ("GET", "/realms/shop/.well-known/openid-configuration", 200),
        ("POST", "/realms/shop/login-actions/authenticate?session_code=%s&execution=%s&client_id=shop-web&tab_id=%s" % (hexs(r, 20), uuid(r), hexs(r, 11)), 302),
        ("POST", "/realms/shop/login-actions/authenticate?session_code=%s&execution=%s&client_id=shop-web&tab_id=%s" % (hexs(r, 20), uuid(r), hexs(r, 11)), 200),
        ("GET", "/resources/%s/login/keycloak.v2/css/styles.css" % hexs(r, 5), 200), ("GET", "/realms/shop/protocol/openid-connect/userinfo", 200),
        ("GET", "/admin/realms/shop/users?first=0&max=20", 200), ("GET", "/health/ready", 200), ("GET", "/realms/shop/account", 302)])
    size = r.randint(200, 9000) if st in (200, 400, 401) else 0
    t = now - dt.timedelta(milliseconds=r.randint(1, 400))  # noqa: F821 (set by gen_common.build)
    return (cip(r), "-", "-", t.strftime("[%d/%b/%Y:%H:%M:%S +0000]"),
            "%s %s HTTP/1.1" % (meth, path), st, size if size else "-")


EVENTS = [
    ev("Hostname settings: Base URL: {}, Hostname: {}, Strict HTTPS: {}, Path: {}, Strict BackChannel: {}, Admin URL: {}, Admin: {}, Port: {}, Proxied: {}", -1,
       lambda r: ("<unset>", "auth.shop.example.test", "false", "<request>", "false", "<unset>", "<request>", "-1", "true"), log="org.keycloak.quarkus.runtime.hostname.DefaultHostnameProvider", thr="main", pos="start"),
    ev("KC-SERVICES0047: {} ({}) is implementing the internal SPI {}. This SPI is internal and may change without notice", -2,
       lambda r: turn("kcspi", [("shop-user-storage", "com.example.keycloak.ShopUserStorageProviderFactory", "user-storage"), ("shop-event-forwarder", "com.example.keycloak.EventForwarderFactory", "eventsListener")]),
       lv="WARN", thr="build-15", pos="start"),
    ev("ISPN000556: Starting user marshaller '{}'", -1, lambda r: "org.infinispan.jboss.marshalling.core.JBossUserMarshaller", log="org.infinispan.CONTAINER", thr="keycloak-cache-init", pos="start"),
    ev("ISPN000078: Starting JGroups channel `{}` with stack `{}`", -1, lambda r: ("ISPN", "kubernetes"), log="org.infinispan.CLUSTER", thr="keycloak-cache-init", pos="start"),
    ev("ISPN000079: Channel `{}` local address is `{}`, physical addresses are `{}`", -1, lambda r: ("ISPN", "keycloak-1-38291", "[10.80.4.17:7800]"), log="org.infinispan.CLUSTER", thr="keycloak-cache-init", pos="start"),
    ev("Node name: {}, Site name: {}", -1, lambda r: ("keycloak-1-38291", "null"), log="org.keycloak.connections.infinispan.DefaultInfinispanConnectionProviderFactory", thr="main", pos="start"),
    ev("Keycloak {} on JVM (powered by Quarkus {}) started in {}s. Listening on: {}. Management interface listening on {}.", -1,
       lambda r: ("24.0.4", "3.8.4", "11.482", "http://0.0.0.0:8080", "http://0.0.0.0:9000"), log="io.quarkus", thr="main", pos="start"),
    ev("Profile {} activated.", -1, lambda r: "prod", log="io.quarkus", thr="main", pos="start"),
    ev("Installed features: {}", -1, lambda r: "[agroal, cdi, hibernate-orm, jdbc-postgresql, keycloak, logging-gelf, micrometer, narayana-jta, reactive-routes, resteasy-reactive, resteasy-reactive-jackson, smallrye-context-propagation, smallrye-health, vertx]",
       log="io.quarkus", thr="main", pos="start"),
    # runtime
    ev("{} {} {} {} \"{}\" {} {}", 300, access, log="io.quarkus.http.access-log", thr="exec"),
    ev("type=\"{}\", realmId=\"{}\", clientId=\"{}\", userId=\"{}\", ipAddress=\"{}\", error=\"{}\", {}", 200, event, lv="WARN", log="org.keycloak.events"),
    ev("ISPN000094: Received new cluster view for channel {}: [{}|{}] ({}) {}", 5, lambda r: r.choice([("ISPN", "keycloak-1-38291", r.randint(3, 9), 2, "[keycloak-1-38291, keycloak-0-51872]"),
                                                                                                     ("ISPN", "keycloak-1-38291", r.randint(3, 9), 1, "[keycloak-1-38291]")]),
       log="org.infinispan.CLUSTER", thr="jgroups", lv="INFO"),
    ev("KC-SERVICES0013: Failed authentication: {}", 60, lambda r: r.choice(["org.keycloak.authentication.AuthenticationFlowException", "org.keycloak.authentication.AuthenticationFlowException: Invalid username or password"]), lv="WARN"),
    ev("Request is missing scope 'openid' so it's not treated as OIDC, but just pure OAuth2 request.", 80, lv="WARN", log="org.keycloak.protocol.oidc.endpoints.AuthorizationEndpointChecker"),
    ev("Uncaught server error: {}", 20, lambda r: r.choice(["java.lang.IllegalStateException: Session not bound to a realm",
                                                            "org.keycloak.models.ModelDuplicateException: Duplicate resource error",
                                                            "jakarta.persistence.PersistenceException: org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection"]), lv="ERROR", log="org.keycloak.services.error.KeycloakErrorHandler"),
    ev("Failed to send email: {}", 15, lambda r: r.choice(["jakarta.mail.MessagingException: Could not connect to SMTP host: smtp.mailrelay.internal, port: 587", "com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 User unknown"]),
       lv="ERROR", log="org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider"),
    ev("Sync all users from LDAP to local store: realm: {}, federation provider: {}", 15, lambda r: ("shop", "corp-ad"), log="org.keycloak.storage.ldap.LDAPStorageProviderFactory", thr="Timer-0"),
    ev("Sync all users finished: {} imported users, {} updated users", 15, lambda r: (r.randint(0, 12), r.randint(0, 900)), log="org.keycloak.storage.ldap.LDAPStorageProviderFactory", thr="Timer-0"),
    ev("Failed during import user from LDAP: {}", 10, lambda r: "org.keycloak.models.ModelException: User returned from LDAP has null username! Check configuration of your LDAP mappings.", lv="WARN",
       log="org.keycloak.storage.ldap.LDAPStorageProviderFactory", thr="Timer-0"),
    ev("Failed to make identity provider oauth callback: {}", 12, lambda r: "org.keycloak.broker.provider.IdentityBrokerException: No access_token from server. error='invalid_grant', error_description='Bad Verification Code.', error_uri='null'",
       lv="ERROR", log="org.keycloak.broker.oidc.AbstractOAuth2IdentityProvider"),
    ev("No keys found for realm={} and algorithm={} for use={}. Generating keys.", -2, lambda r: ("shop", r.choice(["RS256", "HS512"]), r.choice(["SIG", "ENC"])), log="org.keycloak.keys.DefaultKeyManager"),
    ev("JGRP000011: {}: dropped message batch from non-member {} (view={})", 10, lambda r: ("keycloak-1-38291", "keycloak-0-%d" % r.randint(10000, 99999), "[keycloak-1-38291|%d] (1) [keycloak-1-38291]" % r.randint(3, 9)),
       lv="WARN", log="org.jgroups.protocols.pbcast.NAKACK2", thr="jgroups"),
    ev("JGRP000034: {}: failure sending message to {}: {}", 10, lambda r: ("keycloak-1-38291", "keycloak-0-51872", "java.net.SocketTimeoutException: connect timed out"), lv="WARN", log="org.jgroups.protocols.TCP", thr="jgroups"),
    ev("SQL Error: {}, SQLState: {}", 10, lambda r: (0, r.choice(["08006", "40001"])), lv="WARN", log="org.hibernate.engine.jdbc.spi.SqlExceptionHelper"),
    ev("Datasource '{}': {}", 10, lambda r: ("<default>", r.choice(["Acquisition timeout while waiting for new connection", "FATAL: terminating connection due to administrator command"])), lv="WARN", log="io.agroal.pool", thr="agroal"),
    ev("Some clients have been not been logged out for user {} in {} realm: {}", 8, lambda r: (r.choice(USERS), "shop", "erp-connector"), lv="WARN", log="org.keycloak.services"),
    ev("KC-SERVICES0009: Added user '{}' to realm '{}'", -1, lambda r: ("ops-admin", "master"), thr="main"),
    ev("User {} temporarily locked out in realm {} after {} failed logins from {}", 14, lambda r: (r.choice(USERS), "shop", r.choice([5, 10]), cip(r)), lv="WARN", log="org.keycloak.services.managers.DefaultBruteForceProtector"),
    ev("Connection reset", 16, lv="ERROR", log="io.vertx.core.net.impl.ConnectionBase", thr="vertx"),
    ev("HTTP Request to {} failed, error id: {}", 14, lambda r: (r.choice(["/realms/shop/protocol/openid-connect/token", "/admin/realms/shop/users", "/realms/shop/account"]), "%s-%d" % (uuid(r), r.randint(1, 40))),
       lv="ERROR", log="io.quarkus.vertx.http.runtime.QuarkusErrorHandler", thr="exec"),
    ev("ISPN000310: Starting cluster-wide rebalance for cache {}, topology {}", 8, lambda r: (r.choice(["sessions", "authenticationSessions", "offlineSessions", "loginFailures", "actionTokens", "work"]),
       "CacheTopology{id=%d, phase=READ_OLD_WRITE_ALL, rebalanceId=%d, currentCH=DefaultConsistentHash{ns=256, owners = (1)[keycloak-1-38291: 256+0]}, pendingCH=DefaultConsistentHash{ns=256, owners = (2)[keycloak-1-38291: 134+122, keycloak-0-51872: 122+134]}, unionCH=null, actualMembers=[keycloak-1-38291, keycloak-0-51872], persistentUUIDs=[%s, %s]}" % (r.randint(4, 20), r.randint(2, 9), uuid(r), uuid(r))),
       log="org.infinispan.CLUSTER", thr="non-blocking"),
    ev("[Context={}] ISPN100002: Starting rebalance with members {}, phase {}, topology id {}", 8, lambda r: (r.choice(["sessions", "authenticationSessions", "offlineSessions", "loginFailures", "actionTokens", "work"]),
       "[keycloak-1-38291, keycloak-0-51872]", r.choice(["READ_OLD_WRITE_ALL", "READ_ALL_WRITE_ALL", "READ_NEW_WRITE_ALL"]), r.randint(4, 20)), log="org.infinispan.CLUSTER", thr="non-blocking"),
    ev("[Context={}] ISPN100010: Finished rebalance with members {}, topology id {}", 8, lambda r: (r.choice(["sessions", "authenticationSessions", "offlineSessions", "loginFailures", "actionTokens", "work"]),
       "[keycloak-1-38291, keycloak-0-51872]", r.randint(4, 20)), log="org.infinispan.CLUSTER", thr="non-blocking"),
    # shut-down
    ev("ISPN000080: Disconnecting JGroups channel `{}`", -1, lambda r: "ISPN", log="org.infinispan.CLUSTER", thr="Shutdown thread", pos="end"),
    ev("Keycloak stopped in {}s", -1, lambda r: "0.211", log="io.quarkus", thr="Shutdown thread", pos="end"),
]


def header(r, t, ev, n):
    thr = ev.meta["thr"]
    if thr == "exec":
        thr = "executor-thread-%d" % r.randint(1, 64)
    elif thr == "jgroups":
        thr = "jgroups-%d,keycloak-1-38291" % r.randint(5, 40)
    elif thr == "vertx":
        thr = "vert.x-eventloop-thread-%d" % r.randint(0, 7)
    elif thr == "non-blocking":
        thr = "non-blocking-thread--p2-t%d" % r.randint(1, 8)
    elif thr == "agroal":
        thr = "agroal-%d" % r.randint(11, 14)
    return "%s,%03d %-5s [%s] (%s) " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, ev.meta["lv"], ev.meta["log"], thr)
