"""Tomcat: Apache Tomcat 9 `catalina.out` written by JULI's OneLineFormatter (`dd-MMM-yyyy HH:mm:ss.SSS LEVEL [thread]
class.method message`). The source class and method are fixed per call site and live in the header with the thread.
Tomcat's own messages come from resource bundles (`Server startup in [{0}] milliseconds`), so the brackets Tomcat
prints around a value are constant text. An exception logged with a message is appended by the formatter after a
space (the stack trace is left out), and is one value. The shop web application logs through java.util.logging too."""
from gen_common import E, hexs, turn, uuid

NAME = "Tomcat"
LAYOUT = "<Date> <Time> <Level> \\[<Thread>\\] <Logger> <Content>"

APPS = ["shop", "admin", "api", "legacy-reports"]
CTX = ["/shop", "/admin", "/api", "/legacy-reports"]
CUSTOMERS = ["c-%05d" % n for n in range(10210, 10290, 3)]


def ev(fmt, weight, gen=None, lv="INFO", th="exec", lg="", **kw):
    return E(fmt, weight, gen, lv=lv, th=th, lg=lg, **kw)


def exec_thread(r):
    return "http-nio-8080-exec-%d" % r.randint(1, 200)


def npe(r):
    return r.choice([
        'java.lang.NullPointerException: Cannot invoke "com.example.shop.cart.Cart.getItems()" because "cart" is null',
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        "java.lang.IllegalStateException: No thread-bound request found",
        "java.net.SocketTimeoutException: Read timed out",
        "org.springframework.dao.DataIntegrityViolationException: could not execute statement; SQL [n/a]; constraint [uk_order_ref]",
        "java.lang.NumberFormatException: For input string: \"12a\"",
    ])


def ms(r, lo, hi):
    v = r.randint(lo, hi)
    return "{:,}".format(v)


def ctx(r):
    return r.choice(CTX)


def app(r):
    return r.choice(APPS)


def war(r):
    return "/usr/local/tomcat/webapps/%s.war" % r.choice(APPS)


def order(r):
    return "ORD-%d" % r.randint(4100000, 4199999)


def jsid(r):
    return hexs(r, 32).upper()


EVENTS = [
    # start-up, in program order
    ev("Server version name:   {}", -1, lambda r: "Apache Tomcat/9.0.83", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("Server built:          {}", -1, lambda r: "Nov 9 2026 13:30:12 UTC", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("Server version number: {}", -1, lambda r: "9.0.83.0", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("OS Name:               {}", -1, lambda r: "Linux", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("JVM Version:           {}", -1, lambda r: "17.0.9+9", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("CATALINA_BASE:         {}", -1, lambda r: "/usr/local/tomcat", th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("Command line argument: {}", 9, lambda r: r.choice(["-Djava.util.logging.config.file=/usr/local/tomcat/conf/logging.properties",
                                                          "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager", "-Xms2g", "-Xmx2g",
                                                          "-Djdk.tls.ephemeralDHKeySize=2048", "-Dorg.apache.catalina.security.SecurityListener.UMASK=0027",
                                                          "-Dcatalina.base=/usr/local/tomcat", "-Djava.io.tmpdir=/usr/local/tomcat/temp",
                                                          "--add-opens=java.base/java.lang=ALL-UNNAMED"]),
       th="main", lg="org.apache.catalina.startup.VersionLoggerListener.log", pos="start"),
    ev("The Apache Tomcat Native library which allows using OpenSSL was not found on the java.library.path: [{}]", -1,
       lambda r: "/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib", th="main", lg="org.apache.catalina.core.AprLifecycleListener.lifecycleEvent", pos="start"),
    ev('Initializing ProtocolHandler ["{}"]', -2, lambda r: turn("Initializing", ["http-nio-8080", "https-jsse-nio-8443"]), th="main", lg="org.apache.coyote.AbstractProtocol.init", pos="start"),
    ev("Server initialization in [{}] milliseconds", -1, lambda r: r.randint(600, 1400), th="main", lg="org.apache.catalina.startup.Catalina.load", pos="start"),
    ev("Starting service [{}]", -1, lambda r: "Catalina", th="main", lg="org.apache.catalina.core.StandardService.startInternal", pos="start"),
    ev("Starting Servlet engine: [{}]", -1, lambda r: "Apache Tomcat/9.0.83", th="main", lg="org.apache.catalina.core.StandardEngine.startInternal", pos="start"),
    ev("Deploying web application archive [{}]", 4, war, th="main", lg="org.apache.catalina.startup.HostConfig.deployWAR", pos="start"),
    ev("At least one JAR was scanned for TLDs yet contained no TLDs. Enable debug logging for this logger for a complete list of JARs that were scanned but no TLDs were found in them. Skipping unneeded JARs during scanning can improve startup time and JSP compilation time.",
       3, th="main", lg="org.apache.jasper.servlet.TldScanner.scanJars", pos="start"),
    ev("Deployment of web application archive [{}] has finished in [{}] ms", 4, lambda r: (war(r), ms(r, 900, 9000)), th="main", lg="org.apache.catalina.startup.HostConfig.deployWAR", pos="start"),
    ev("Creation of SecureRandom instance for session ID generation using [{}] took [{}] milliseconds.", -1, lambda r: ("SHA1PRNG", r.randint(150, 400)), lv="WARNING", th="main",
       lg="org.apache.catalina.util.SessionIdGeneratorBase.createSecureRandom", pos="start"),
    ev('Starting ProtocolHandler ["{}"]', -2, lambda r: turn("Starting", ["http-nio-8080", "https-jsse-nio-8443"]), th="main", lg="org.apache.coyote.AbstractProtocol.start", pos="start"),
    ev("Server startup in [{}] milliseconds", -1, lambda r: r.randint(8000, 16000), th="main", lg="org.apache.catalina.startup.Catalina.start", pos="start"),
    # runtime: Tomcat
    ev("Start expire sessions StandardManager at {} sessioncount {}", 150, lambda r: (1796479331000 + r.randint(0, 9 * 10 ** 6), r.randint(40, 900)), lv="FINE",
       th="Catalina-utility-%d", lg="org.apache.catalina.session.ManagerBase.processExpires"),
    ev("End expire sessions StandardManager processingTime {} expired sessions: {}", 150, lambda r: (r.randint(0, 40), r.randint(0, 60)), lv="FINE",
       th="Catalina-utility-%d", lg="org.apache.catalina.session.ManagerBase.processExpires"),
    ev("Servlet.service() for servlet [{}] in context with path [{}] threw exception [{}] with root cause {}", 90,
       lambda r: (lambda e: (r.choice(["dispatcher", "dispatcherServlet"]), r.choice(CTX[:3]), "Request processing failed; nested exception is " + e.split(":")[0], e))(npe(r)),
       lv="SEVERE", lg="org.apache.catalina.core.StandardWrapperValve.invoke"),
    ev("Allocate exception for servlet [{}] {}", 18, lambda r: (r.choice(["jsp", "reportServlet"]), r.choice(["org.apache.jasper.JasperException: /WEB-INF/views/cart.jsp (line: [42], column: [8]) Unterminated &lt;c:forEach tag",
                                                                                           "javax.servlet.ServletException: java.lang.OutOfMemoryError: Java heap space"])),
       lv="SEVERE", lg="org.apache.catalina.core.StandardWrapperValve.invoke"),
    ev("Error parsing HTTP request header Note: further occurrences of HTTP request parsing errors will be logged at DEBUG level. {}", 35,
       lambda r: r.choice(["java.lang.IllegalArgumentException: Invalid character found in method name [0x160x030x010x020x000x010x000x01fc0x030x03...]. HTTP method names must be tokens",
                           "java.lang.IllegalArgumentException: Invalid character found in the request target [/shop/search?q=%s ]. The valid characters are defined in RFC 7230 and RFC 3986" % r.choice(["{x}", "|cat", "<a>"]),
                           "java.lang.IllegalArgumentException: Request header is too large"]),
       lg="org.apache.coyote.http11.Http11Processor.service"),
    ev("A cookie header was received [{}] that contained an invalid cookie. That cookie will be ignored. Note: further occurrences of this error will be logged at DEBUG level.", 20,
       lambda r: "JSESSIONID=%s; _ga=GA1.2.%d.%d; theme=\"dark" % (jsid(r), r.randint(10 ** 8, 10 ** 9), r.randint(10 ** 9, 2 * 10 ** 9)), lg="org.apache.tomcat.util.http.parser.Cookie.logInvalidHeader"),
    ev("Thread [{}] (id=[{}]) has been active for [{}] milliseconds (since [{}]) to serve the same request for [{}] and may be stuck (configured threshold for this StuckThreadDetectionValve is [{}] seconds). There is/are [{}] thread(s) in total that are monitored by this Valve and may be stuck.",
       25, lambda r: (exec_thread(r), r.randint(30, 250), ms(r, 60000, 190000), "11/28/26, %d:%02d PM" % (r.randint(2, 3), r.randint(0, 59)),
                      "https://shop.example.com%s" % r.choice(["/shop/checkout", "/api/v2/reports/export?month=2026-10", "/shop/search?q=boots"]), 60, r.randint(1, 6)),
       lv="WARNING", th="Catalina-utility-%d", lg="org.apache.catalina.valves.StuckThreadDetectionValve.notifyStuckThreadDetected"),
    ev("Thread [{}] (id=[{}]) was previously reported to be stuck but has completed. It was active for approximately [{}] milliseconds. There is/are still [{}] thread(s) that are monitored by this Valve and may be stuck.",
       20, lambda r: (exec_thread(r), r.randint(30, 250), ms(r, 61000, 300000), r.randint(0, 5)), lv="WARNING", lg="org.apache.catalina.valves.StuckThreadDetectionValve.notifyStuckThreadCompleted"),
    ev("Maximum number of threads ({}) created for connector with address [{}] and port [{}]", 6, lambda r: (200, "null", r.choice([8080, 8443])), lv="INFO",
       lg="org.apache.tomcat.util.net.AbstractEndpoint.countUpOrAwaitConnection"),
    ev("Socket accept failed {}", 5, lambda r: "java.io.IOException: Too many open files", lv="SEVERE", th="http-nio-8080-Acceptor", lg="org.apache.tomcat.util.net.Acceptor.run"),
    ev("An attempt was made to authenticate the locked user [{}]", 12, lambda r: r.choice(["admin", "tomcat", "manager", "root"]), lv="WARNING", lg="org.apache.catalina.realm.LockOutRealm.filterLockedAccounts"),
    ev("Connection has been abandoned {}:{}", 14, lambda r: ("PooledConnection[com.mysql.cj.jdbc.ConnectionImpl@%s]" % hexs(r, 7), "java.lang.Exception"), lv="WARNING",
       th="PoolCleaner[%d:%d]" % (1296749917, 1796479331201), lg="org.apache.tomcat.jdbc.pool.ConnectionPool.abandon"),
    ev("Unable to create initial connections of pool. {}", -2, lambda r: "com.mysql.cj.jdbc.exceptions.CommunicationsException: Communications link failure", lv="SEVERE",
       lg="org.apache.tomcat.jdbc.pool.ConnectionPool.init"),
    ev("Reloading Context with name [{}] has started", 3, ctx, th="Catalina-utility-%d", lg="org.apache.catalina.core.StandardContext.reload"),
    ev("Reloading Context with name [{}] is completed", 3, ctx, th="Catalina-utility-%d", lg="org.apache.catalina.core.StandardContext.reload"),
    ev("Undeploying context [{}]", -1, lambda r: "/legacy-reports", th="Catalina-utility-%d", lg="org.apache.catalina.startup.HostConfig.undeploy"),
    ev("The web application [{}] registered the JDBC driver [{}] but failed to unregister it when the web application was stopped. To prevent a memory leak, the JDBC Driver has been forcibly unregistered.",
       4, lambda r: (app(r), r.choice(["com.mysql.cj.jdbc.Driver", "org.postgresql.Driver"])), lv="WARNING", th="Catalina-utility-%d",
       lg="org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesJdbc"),
    ev("The web application [{}] appears to have started a thread named [{}] but has failed to stop it. This is very likely to create a memory leak.", 6,
       lambda r: (app(r), r.choice(["mysql-cj-abandoned-connection-cleanup", "Timer-0", "pool-3-thread-1", "lettuce-eventExecutorLoop-1-1"])), lv="WARNING",
       th="Catalina-utility-%d", lg="org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads"),
    ev("The web application [{}] created a ThreadLocal with key of type [{}] (value [{}]) and a value of type [{}] (value [{}]) but failed to remove it when the web application was stopped. Threads are going to be renewed over time to try and avoid a probable memory leak.",
       -2, lambda r: (app(r), "java.lang.ThreadLocal", "java.lang.ThreadLocal@%s" % hexs(r, 7), "com.example.shop.web.RequestContext", "com.example.shop.web.RequestContext@%s" % hexs(r, 7)),
       lv="SEVERE", th="Catalina-utility-%d", lg="org.apache.catalina.loader.WebappClassLoaderBase.checkThreadLocalMapForLeaks"),
    ev("Initializing Spring DispatcherServlet '{}'", 3, lambda r: r.choice(["dispatcher", "dispatcherServlet"]), lg="org.apache.catalina.core.ApplicationContext.log"),
    ev("HTMLManager: list: Listing contexts for virtual host '{}'", 5, lambda r: "localhost", lg="org.apache.catalina.core.ApplicationContext.log"),
    ev("Encountered a non-recycled request and recycled it forcedly.", -1, lv="SEVERE", lg="org.apache.catalina.connector.CoyoteAdapter.checkRecycled"),
    # runtime: the shop application (java.util.logging)
    ev("Order [{}] placed by customer [{}] total [{} {}]", 260, lambda r: (order(r), r.choice(CUSTOMERS), "%.2f" % r.uniform(5, 900), r.choice(["EUR"] * 5 + ["GBP", "CHF"])),
       lg="com.example.shop.web.CheckoutController.placeOrder"),
    ev("Payment for order [{}] declined by provider [{}]: {}", 60, lambda r: (order(r), r.choice(["stripe", "adyen"]), r.choice(["insufficient_funds", "card_declined", "expired_card", "do_not_honor"])),
       lv="WARNING", lg="com.example.shop.payment.PaymentService.charge"),
    ev("Cart [{}] restored for session [{}] with [{}] items", 220, lambda r: (uuid(r), jsid(r), r.randint(1, 14)), lv="FINE", lg="com.example.shop.cart.CartService.restore"),
    ev("Stock for SKU [{}] below threshold: [{}] left", 45, lambda r: ("SKU-%06d" % r.randint(1000, 99999), r.randint(0, 4)), lv="WARNING", lg="com.example.shop.inventory.StockMonitor.check"),
    ev("Price cache refreshed: [{}] entries in [{}] ms", 70, lambda r: (r.randint(18000, 21000), r.randint(80, 2400)), th="Catalina-utility-%d", lg="com.example.shop.catalog.PriceCache.refresh"),
    ev("Search for [{}] returned [{}] hits in [{}] ms", 240, lambda r: (r.choice(["winter boots", "rain jacket", "socks", "gift card", "trail shoes size 44", "backpack"]), r.randint(0, 400), r.randint(3, 900)),
       lv="FINE", lg="com.example.shop.search.SearchController.search"),
    ev("Login failed for user [{}] from [{}]", 55, lambda r: (r.choice(["anna.k", "bob", "admin", "m.schmidt", "test"]), "%d.%d.%d.%d" % (r.choice([81, 92, 178, 213]), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))),
       lv="WARNING", lg="com.example.shop.security.LoginController.login"),
    # shut-down
    ev("A valid shutdown command was received via the shutdown port. Stopping the Server instance.", -1, th="main", lg="org.apache.catalina.core.StandardServer.await", pos="end"),
    ev('Pausing ProtocolHandler ["{}"]', -2, lambda r: turn("Pausing", ["http-nio-8080", "https-jsse-nio-8443"]), th="main", lg="org.apache.coyote.AbstractProtocol.pause", pos="end"),
    ev("Stopping service [{}]", -1, lambda r: "Catalina", th="main", lg="org.apache.catalina.core.StandardService.stopInternal", pos="end"),
    ev('Stopping ProtocolHandler ["{}"]', -2, lambda r: turn("Stopping", ["http-nio-8080", "https-jsse-nio-8443"]), th="main", lg="org.apache.coyote.AbstractProtocol.stop", pos="end"),
    ev('Destroying ProtocolHandler ["{}"]', -2, lambda r: turn("Destroying", ["http-nio-8080", "https-jsse-nio-8443"]), th="main", lg="org.apache.coyote.AbstractProtocol.destroy", pos="end"),
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def header(r, t, ev, n):
    th = ev.meta["th"]
    if th == "exec":
        th = exec_thread(r)
    elif "%d" in th:
        th = th % r.randint(1, 2)
    return "%02d-%s-%d %s.%03d %s [%s] %s " % (t.day, MONTHS[t.month - 1], t.year, t.strftime("%H:%M:%S"), t.microsecond // 1000, ev.meta["lv"], th, ev.meta["lg"])
