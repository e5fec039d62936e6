"""SpringApp: a Spring Boot / Logback shop application (one line per message, no stack traces)."""
import random

from gen_common import E

NAME = "SpringApp"
LAYOUT = "<Date> <Time> <Level> <Pid> --- \\[<Thread>\\] <Logger> : <Content>"

_p = random.Random(303)
USERS = ["alice@example.com", "bob.k@example.org", "carol@shop.example", "dmitri.v@example.net", "eve.l@example.com",
         "frank_99@example.com", "guest-%d" % 4821, "henrik@example.de"]
SKUS = ["SKU-%05d" % _p.randint(1, 99999) for _ in range(40)]
PATHS = ["/api/orders", "/api/orders/%d", "/api/products", "/api/products/%d", "/api/cart/%d/items", "/api/cart/%d",
         "/api/auth/login", "/api/users/me", "/actuator/health", "/api/payments/%d/capture"]
POOL = "HikariPool-1"

OC = "c.e.shop.web.OrderController"
PC = "c.e.shop.web.ProductController"
RLF = "c.e.shop.web.RequestLoggingFilter"
PAY = "c.e.shop.service.PaymentService"
INV = "c.e.shop.service.InventoryService"
CART = "c.e.shop.service.CartService"
JWT = "c.e.shop.security.JwtAuthenticationFilter"
MAIL = "c.e.shop.service.EmailService"
GEH = "c.e.shop.web.GlobalExceptionHandler"
JOBS = "c.e.shop.jobs.ScheduledJobs"
HP = "com.zaxxer.hikari.pool.HikariPool"
HDS = "com.zaxxer.hikari.HikariDataSource"
SQLH = "o.h.engine.jdbc.spi.SqlExceptionHelper"
APP = "c.e.shop.ShopApplication"


def rid(r):
    return "%08x" % r.getrandbits(32)


def path(r):
    p = r.choice(PATHS)
    return p % r.randint(1, 99999) if "%d" in p else p


def oid(r):
    return "ORD-%d" % r.randint(100000, 999999)


def ms(r, a=1, b=400):
    return r.randint(a, b)


def req(r):
    return r.choice(["GET"] * 6 + ["POST"] * 3 + ["PUT", "DELETE"]), path(r)


EXC = ["java.lang.IllegalStateException: Order ORD-%d is already paid",
       "org.springframework.dao.DataIntegrityViolationException: could not execute statement; constraint [orders_customer_fk]",
       "java.lang.NullPointerException: Cannot invoke \"com.example.shop.model.Address.getCountry()\" because \"shipping\" is null",
       "org.springframework.orm.ObjectOptimisticLockingFailureException: Row was updated or deleted by another transaction"]
RESOLVED = ["org.springframework.web.bind.MethodArgumentNotValidException: Validation failed for argument [0] in public org.springframework.http.ResponseEntity<com.example.shop.dto.OrderDto> com.example.shop.web.OrderController.create(com.example.shop.dto.CreateOrderRequest): [Field error in object 'createOrderRequest' on field 'quantity': rejected value [0]]",
            "org.springframework.web.HttpRequestMethodNotSupportedException: Request method 'PATCH' is not supported",
            "org.springframework.http.converter.HttpMessageNotReadableException: JSON parse error: Unexpected end-of-input",
            "org.springframework.web.method.annotation.MethodArgumentTypeMismatchException: Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; For input string: \"abc\""]


def _exc(r):
    return r.choice(EXC).replace("%d", str(r.randint(100000, 999999)))


EVENTS = [
    E("Completed {} {} with status {} in {} ms [requestId={}]", 420,
      lambda r: req(r) + (r.choice([200] * 12 + [201, 201, 204, 400, 401, 404, 409, 500]), ms(r), rid(r)), lg=RLF, lv="INFO", th="req"),
    E("Incoming request {} {} from {} [requestId={}]", 300,
      lambda r: req(r) + ("10.42.%d.%d" % (r.randint(0, 9), r.randint(2, 250)), rid(r)), lg=RLF, lv="DEBUG", th="req"),
    E("{} - Pool stats (total={}, active={}, idle={}, waiting={})", 150,
      lambda r: (lambda a: (POOL, 10, a, 10 - a, r.choice([0] * 8 + [1, 3])))(r.randint(0, 10)), lg=HP, lv="DEBUG", th="hk"),
    E("{} - Fill pool skipped, pool has sufficient level or currently being filled (queueDepth={}).", 140,
      lambda r: (POOL, 0), lg=HP, lv="DEBUG", th="hk"),
    E("Fetching order {} for user {}", 120, lambda r: (oid(r), r.choice(USERS)), lg=OC, lv="DEBUG", th="req"),
    E("Listing products in category {} (page {}, size {}): {} results", 110,
      lambda r: (r.choice(["books", "garden", "toys", "electronics", "kitchen"]), r.randint(0, 12), r.choice([20, 50]), r.randint(0, 50)), lg=PC, lv="DEBUG", th="req"),
    E("Creating order for customer {} with {} items", 60, lambda r: (r.choice(USERS), r.randint(1, 9)), lg=OC, lv="INFO", th="req"),
    E("Order {} created in {} ms", 58, lambda r: (oid(r), ms(r, 20, 900)), lg=OC, lv="INFO", th="req"),
    E("Order {} not found", 18, oid, lg=OC, lv="WARN", th="req"),
    E("Cart {} updated: {} items, total {} {}", 70,
      lambda r: (r.randint(1000, 99999), r.randint(1, 12), "%d.%02d" % (r.randint(5, 900), r.randint(0, 99)), r.choice(["EUR", "EUR", "USD", "GBP"])), lg=CART, lv="INFO", th="req"),
    E("Reserved {} units of {} for order {}", 55, lambda r: (r.randint(1, 5), r.choice(SKUS), oid(r)), lg=INV, lv="INFO", th="req"),
    E("Insufficient stock for {}: requested {}, available {}", 12, lambda r: (r.choice(SKUS), r.randint(2, 9), r.randint(0, 1)), lg=INV, lv="WARN", th="req"),
    E("Calling payment gateway {} for order {} (attempt {}/{})", 45,
      lambda r: (r.choice(["stripe", "adyen"]), oid(r), r.choice([1] * 8 + [2, 3]), 3), lg=PAY, lv="INFO", th="req"),
    E("Payment {} authorized for order {}: amount={} {}", 40,
      lambda r: ("pay_%012x" % r.getrandbits(48), oid(r), "%d.%02d" % (r.randint(5, 900), r.randint(0, 99)), r.choice(["EUR", "USD"])), lg=PAY, lv="INFO", th="req"),
    E("Payment {} declined for order {}: {}", 9,
      lambda r: ("pay_%012x" % r.getrandbits(48), oid(r), r.choice(["insufficient_funds", "card_declined", "expired_card", "do_not_honor"])), lg=PAY, lv="WARN", th="req"),
    E("Payment gateway did not answer within {} ms, retrying", 8, lambda r: 5000, lg=PAY, lv="WARN", th="req"),
    E("Giving up on payment for order {} after {} attempts: {}", 3,
      lambda r: (oid(r), 3, "java.net.SocketTimeoutException: Read timed out"), lg=PAY, lv="ERROR", th="req"),
    E("Authenticated user {} with roles {}", 50,
      lambda r: (r.choice(USERS), r.choice(["[ROLE_USER]"] * 5 + ["[ROLE_USER, ROLE_ADMIN]"])), lg=JWT, lv="DEBUG", th="req"),
    E("JWT token expired for user {} (expired at {})", 16,
      lambda r: (r.choice(USERS), "2026-12-02T%02d:%02d:%02dZ" % (r.randint(8, 10), r.randint(0, 59), r.randint(0, 59))), lg=JWT, lv="WARN", th="req"),
    E("Invalid JWT signature from {}", 4, lambda r: "10.42.%d.%d" % (r.randint(0, 9), r.randint(2, 250)), lg=JWT, lv="WARN", th="req"),
    E("Sending order confirmation email to {} for order {}", 35, lambda r: (r.choice(USERS), oid(r)), lg=MAIL, lv="INFO", th="async"),
    E("Failed to send email to {}: {}", 5,
      lambda r: (r.choice(USERS), r.choice(["Mail server connection failed; nested exception is jakarta.mail.MessagingException: Could not connect to SMTP host: smtp.internal, port: 587",
                                             "550 5.1.1 Recipient address rejected"])), lg=MAIL, lv="ERROR", th="async"),
    E("Resolved [{}]", 22, lambda r: r.choice(RESOLVED), lg=".w.s.m.s.DefaultHandlerExceptionResolver", lv="WARN", th="req"),
    E("Unhandled exception for request {} {}: {}", 10, lambda r: req(r) + (_exc(r),), lg=GEH, lv="ERROR", th="req"),
    E("Servlet.service() for servlet [{}] in context with path [{}] threw exception [{}] with root cause", 3,
      lambda r: ("dispatcherServlet", "/shop", "Request processing failed: " + _exc(r)), lg="o.a.c.c.C.[.[.[/shop].[dispatcherServlet]", lv="ERROR", th="req"),
    E("SQL Error: {}, SQLState: {}", 7, lambda r: (0, r.choice(["23505", "23503", "40001"])), lg=SQLH, lv="WARN", th="req"),
    E("{}", 7, lambda r: r.choice(["ERROR: duplicate key value violates unique constraint \"orders_external_ref_key\"\n",
                                     "ERROR: could not serialize access due to concurrent update",
                                     "ERROR: insert or update on table \"order_items\" violates foreign key constraint \"order_items_product_fk\""]).strip(),
      lg=SQLH, lv="ERROR", th="req"),
    E("HHH000104: firstResult/maxResults specified with collection fetch; applying in memory", 6, lg="o.h.h.internal.ast.QueryTranslatorImpl", lv="WARN", th="req"),
    E("Slow query detected: {} ms for {}", 9,
      lambda r: (ms(r, 1000, 9000), r.choice(["OrderRepository.findByCustomerEmailOrderByCreatedAtDesc", "ProductRepository.search", "ReportRepository.dailyRevenue"])), lg="c.e.shop.config.QueryTimingAspect", lv="WARN", th="req"),
    E("Cache miss for key {} in cache {}", 40, lambda r: (r.choice(SKUS), r.choice(["products", "prices"])), lg="c.e.shop.cache.CacheLogger", lv="DEBUG", th="req"),
    E("Evicted {} entries from cache {}", 6, lambda r: (r.randint(10, 5000), r.choice(["products", "prices", "sessions"])), lg="c.e.shop.cache.CacheLogger", lv="INFO", th="sched"),
    E("Scheduled task {} started", 20, lambda r: r.choice(["expireAbandonedCarts", "syncInventory", "sendDailyReport", "refreshExchangeRates"]), lg=JOBS, lv="INFO", th="sched"),
    E("Scheduled task {} completed in {} ms", 19, lambda r: (r.choice(["expireAbandonedCarts", "syncInventory", "sendDailyReport", "refreshExchangeRates"]), ms(r, 5, 20000)), lg=JOBS, lv="INFO", th="sched"),
    E("Expired {} abandoned carts older than {} hours", 8, lambda r: (r.randint(0, 300), 48), lg=CART, lv="INFO", th="sched"),
    E("Inventory sync: {} SKUs updated, {} unchanged, {} failed", 7, lambda r: (r.randint(0, 400), r.randint(2000, 9000), r.choice([0, 0, 0, 2])), lg=INV, lv="INFO", th="sched"),
    E("Exchange rates refreshed from {}: {} currencies", 5, lambda r: ("https://rates.internal/v1/latest", 31), lg="c.e.shop.service.CurrencyService", lv="INFO", th="sched"),
    E("{} - Failed to validate connection {} ({}). Possibly consider using a shorter maxLifetime value.", 4,
      lambda r: (POOL, "org.postgresql.jdbc.PgConnection@%x" % r.getrandbits(28), "This connection has been closed."), lg="com.zaxxer.hikari.pool.PoolBase", lv="WARN", th="req"),
    E("{} - Thread starvation or clock leap detected (housekeeper delta={}).", 2,
      lambda r: (POOL, "%dm%ds%dms" % (r.randint(1, 2), r.randint(0, 59), r.randint(0, 999))), lg=HP, lv="WARN", th="hk"),
    E("{} - Closing connection {}: (connection has passed maxLifetime)", 12,
      lambda r: (POOL, "org.postgresql.jdbc.PgConnection@%x" % r.getrandbits(28)), lg="com.zaxxer.hikari.pool.PoolBase", lv="DEBUG", th="hk"),
    E("{} - Added connection {}", 14, lambda r: (POOL, "org.postgresql.jdbc.PgConnection@%x" % r.getrandbits(28)), lg=HP, lv="DEBUG", th="hk"),
    E("Error parsing HTTP request header", 3, lg="o.apache.coyote.http11.Http11Processor", lv="INFO", th="req"),
    E("Starting {} v{} using Java {} with PID {} ({} started by {} in {})", -1,
      lambda r: ("ShopApplication", "2.14.3", "17.0.9", 4187, "/opt/shop/shop.jar", "shop", "/opt/shop"), lg=APP, lv="INFO", th="main", pos="start"),
    E("The following {} profile is active: \"{}\"", -1, lambda r: (1, "prod"), lg=APP, lv="INFO", th="main", pos="start"),
    E("Tomcat initialized with port(s): {}", -1, lambda r: "8080 (http)", lg="o.s.b.w.embedded.tomcat.TomcatWebServer", lv="INFO", th="main", pos="start"),
    E("Starting service [Tomcat]", -1, lg="o.apache.catalina.core.StandardService", lv="INFO", th="main", pos="start"),
    E("Starting Servlet engine: [{}]", -1, lambda r: "Apache Tomcat/10.1.16", lg="o.apache.catalina.core.StandardEngine", lv="INFO", th="main", pos="start"),
    E("Root WebApplicationContext: initialization completed in {} ms", -1, lambda r: 2143, lg="w.s.c.ServletWebServerApplicationContext", lv="INFO", th="main", pos="start"),
    E("{} - Starting...", -1, lambda r: POOL, lg=HDS, lv="INFO", th="main", pos="start"),
    E("{} - Start completed.", -1, lambda r: POOL, lg=HDS, lv="INFO", th="main", pos="start"),
    E("Exposing {} endpoint(s) beneath base path '{}'", -1, lambda r: (3, "/actuator"), lg="o.s.b.a.e.web.EndpointLinksResolver", lv="INFO", th="main", pos="start"),
    E("Tomcat started on port(s): {} with context path '{}'", -1, lambda r: ("8080 (http)", "/shop"), lg="o.s.b.w.embedded.tomcat.TomcatWebServer", lv="INFO", th="main", pos="start"),
    E("Started {} in {} seconds (process running for {})", -1, lambda r: ("ShopApplication", "7.412", "8.09"), lg=APP, lv="INFO", th="main", pos="start"),
    E("Initializing Servlet '{}'", -1, lambda r: "dispatcherServlet", lg="o.s.web.servlet.DispatcherServlet", lv="INFO", th="req"),
    E("Completed initialization in {} ms", -1, lambda r: 3, lg="o.s.web.servlet.DispatcherServlet", lv="INFO", th="req"),
    E("Commencing graceful shutdown. Waiting for active requests to complete", -1, lg="o.s.b.w.e.tomcat.GracefulShutdown", lv="INFO", th="shut", pos="end"),
    E("Graceful shutdown complete", -1, lg="o.s.b.w.e.tomcat.GracefulShutdown", lv="INFO", th="shut2", pos="end"),
    E("Closing JPA EntityManagerFactory for persistence unit '{}'", -1, lambda r: "default", lg="j.LocalContainerEntityManagerFactoryBean", lv="INFO", th="shut2", pos="end"),
    E("{} - Shutdown initiated...", -1, lambda r: POOL, lg=HDS, lv="INFO", th="shut2", pos="end"),
    E("{} - Shutdown completed.", -1, lambda r: POOL, lg=HDS, lv="INFO", th="shut2", pos="end"),
]

THREADS = {"main": lambda r: "main", "hk": lambda r: "l-1 housekeeper", "sched": lambda r: "scheduling-1",
           "async": lambda r: "task-%d" % r.randint(1, 8), "req": lambda r: "nio-8080-exec-%d" % r.randint(1, 10),
           "shut": lambda r: "ionShutdownHook", "shut2": lambda r: "ionShutdownHook"}


def header(r, ts, ev, n):
    return "%s.%03d %5s %d --- [%15s] %-40s : " % (ts.strftime("%Y-%m-%d %H:%M:%S"), ts.microsecond // 1000, ev.meta["lv"], 4187,
                                                   THREADS[ev.meta["th"]](r)[-15:], ev.meta["lg"][-40:])
