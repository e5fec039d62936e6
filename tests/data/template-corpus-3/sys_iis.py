"""Iis: what a log shipper forwards from one Windows web server: the W3C extended access log of IIS site W3SVC1
(the shipper drops the `#Software`/`#Version`/`#Date`/`#Fields` directive lines, as Filebeat's IIS module does) interleaved
with the NLog file of the ASP.NET shop application the site serves (`${longdate} ${level:uppercase=true} ${logger}
${message}`). Both start with a date and a time, which form the header.

The access log is ONE format string: IIS writes the same thirteen fields after date and time for every request, each
filled in at run time (`-` for an empty field), so all of its lines are one event whose template is thirteen <*>
separated by spaces (the method and the status are values too). IIS encodes spaces in a field as `+`, so a field never
contains a space. The application's lines supply the other events."""
from gen_common import E, ip, pubip, hexs, uuid

NAME = "Iis"
LAYOUT = "<Date> <Time> <Content>"

SIP = "10.0.2.15"
PAGES = [("/", "-"), ("/products/list.aspx", "cat=%d&page=%d"), ("/products/detail.aspx", "id=%d"), ("/cart/view.aspx", "-"),
         ("/checkout/pay.aspx", "order=%d"), ("/api/orders/%d", "-"), ("/api/cart/items", "-"), ("/api/search", "q=%s&size=%d"),
         ("/Content/site.css", "v=%s"), ("/Scripts/app.min.js", "v=%s"), ("/images/products/%d.jpg", "-"), ("/favicon.ico", "-"),
         ("/account/login.aspx", "ReturnUrl=%%2fcheckout%%2fpay.aspx"), ("/wp-login.php", "-"), ("/.env", "-"), ("/health", "-")]
UAS = ["Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0.0.0+Safari/537.36",
       "Mozilla/5.0+(iPhone;+CPU+iPhone+OS+18_1+like+Mac+OS+X)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.1+Mobile/15E148+Safari/604.1",
       "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.0+Safari/605.1.15",
       "Mozilla/5.0+(compatible;+bingbot/2.0;++http://www.bing.com/bingbot.htm)", "curl/8.4.0", "python-requests/2.31.0",
       "Go-http-client/1.1", "AlwaysOn"]
SKUS = ["SKU-%05d" % i for i in (1021, 1022, 3310, 4478, 5002, 7713, 8820)]
USERS = ["alice@example.com", "bob.k@example.org", "c.wu@example.net", "dana@example.com", "admin", "test"]


def fill(r, s, hi=99999):
    n = s.count("%d") + s.count("%s")
    args = []
    for k in range(len(s)):
        if s[k] == "%" and k + 1 < len(s) and s[k + 1] in "ds" and (k == 0 or s[k - 1] != "%"):
            args.append(r.randint(1, hi) if s[k + 1] == "d" else r.choice(["boots", "rain+jacket", "wool", "20250" + str(r.randint(1, 9))]))
    assert len(args) == n
    return s % tuple(args)


def access(r):
    stem, query = r.choice(PAGES[:8] * 4 + PAGES[8:])
    stem, query = fill(r, stem), fill(r, query, 60)
    method = "GET" if not stem.startswith("/api/") or stem == "/api/search" or r.random() < 0.5 else r.choice(["POST", "PUT", "DELETE"])
    if stem.startswith("/checkout") or stem.startswith("/account"):
        method = r.choice(["GET", "POST"])
    status, sub, win32 = r.choice([(200, 0, 0)] * 20 + [(304, 0, 0)] * 4 + [(302, 0, 0), (404, 0, 2), (401, 2, 5), (500, 0, 0), (503, 0, 0), (200, 0, 64), (200, 0, 1236), (404, 0, 2), (403, 14, 0)])
    if stem in ("/wp-login.php", "/.env"):
        status, sub, win32 = 404, 0, 2
    user = r.choice(["-"] * 6 + ["SHOP\\svc-monitor", "alice@example.com"])
    cip = r.choice([pubip(r), pubip(r), ip(r, "10.9")])
    ua = r.choice(UAS)
    ref = r.choice(["-", "-", "https://shop.example.com/", "https://shop.example.com/products/list.aspx?cat=%d" % r.randint(1, 40), "https://www.google.com/"])
    taken = r.choice([r.randint(0, 40), r.randint(0, 400), r.randint(40, 30000)])
    return (SIP, method, stem, query, r.choice([443, 443, 443, 80]), user, cip, ua, ref, status, sub, win32, taken)


def N(fmt, weight, gen=None, **kw):
    return E(fmt, weight, gen, kind="nlog", **kw)


def oid(r):
    return r.randint(100000, 999999)


EVENTS = [
    E("{} {} {} {} {} {} {} {} {} {} {} {} {}", 1400, access, kind="w3c"),
    N("INFO Shop.Web.Controllers.OrdersController Order {} created for customer {}", 70, lambda r: (oid(r), r.randint(1000, 99999))),
    N("INFO Shop.Web.Controllers.CartController Cart {} updated: {} items", 60, lambda r: (uuid(r), r.randint(1, 12))),
    N("DEBUG Shop.Web.Caching.RedisCache Cache hit {}", 55, lambda r: r.choice(["product:%d" % r.randint(1, 99999), "cat:%d:page:%d" % (r.randint(1, 40), r.randint(1, 9)), "cfg:shipping"])),
    N("DEBUG Shop.Web.Caching.RedisCache Cache miss {}", 45, lambda r: r.choice(["product:%d" % r.randint(1, 99999), "cat:%d:page:%d" % (r.randint(1, 40), r.randint(1, 9))])),
    N("INFO Shop.Web.Services.PaymentService Payment {} authorized ({} {})", 40, lambda r: ("pi_%s" % hexs(r, 24), "%.2f" % r.uniform(5, 900), r.choice(["EUR", "EUR", "USD", "GBP"]))),
    N("WARN Shop.Web.Services.PaymentService Payment {} declined: {}", 14, lambda r: ("pi_%s" % hexs(r, 24), r.choice(["insufficient_funds", "card_declined", "expired_card", "do_not_honor"]))),
    N("ERROR Shop.Web.Services.PaymentService Gateway call failed after {}ms: {}", 8, lambda r: (r.randint(100, 30000), r.choice(["TaskCanceledException", "HttpRequestException: 502 (Bad Gateway)", "SocketException: Connection refused"]))),
    N("INFO Shop.Web.Services.InventoryService Reserved {} units of {} for order {}", 40, lambda r: (r.randint(1, 5), r.choice(SKUS), oid(r))),
    N("WARN Shop.Web.Services.InventoryService Stock low for {}: {} left", 14, lambda r: (r.choice(SKUS), r.randint(0, 5))),
    N("INFO Shop.Web.Auth.LoginHandler User {} signed in from {}", 35, lambda r: (r.choice(USERS[:4]), pubip(r))),
    N("WARN Shop.Web.Auth.LoginHandler Failed sign-in for {} from {}", 25, lambda r: (r.choice(USERS), pubip(r))),
    N("WARN Shop.Web.Auth.LoginHandler Account {} locked after {} failures", 3, lambda r: (r.choice(USERS[4:] + USERS[:1]), 5)),
    N("ERROR Shop.Web.Data.OrderRepository SQL error {} in {}", 8, lambda r: (r.choice([1205, -2, 2627, 547]), r.choice(["dbo.usp_PlaceOrder", "dbo.usp_ReserveStock"]))),
    N("WARN Shop.Web.Data.OrderRepository Slow query {} took {}ms", 18, lambda r: (r.choice(["dbo.usp_PlaceOrder", "dbo.usp_SearchOrders", "dbo.usp_ReserveStock"]), r.randint(1000, 30000))),
    N("ERROR Shop.Web.Data.OrderRepository Deadlock victim in {}, retry {}/{}", 5, lambda r: ("dbo.usp_ReserveStock", r.randint(1, 3), 3)),
    N("INFO Shop.Web.Jobs.EmailSender Sent {} mail to {}", 30, lambda r: (r.choice(["order-confirmation", "shipping-notice", "password-reset"]), r.choice(USERS[:4]))),
    N("ERROR Shop.Web.Jobs.EmailSender SMTP send to {} failed: {}", 5, lambda r: (r.choice(USERS[:4]), r.choice(["4.4.1 Connection timed out", "5.1.1 User unknown", "MailboxUnavailable"]))),
    N("INFO Shop.Web.Jobs.ReportJob Report {} written ({} rows, {})", 4, lambda r: (r.choice(["daily-sales", "stock-levels"]), r.randint(100, 90000), "%.1f MB" % r.uniform(0.1, 40))),
    N("FATAL Shop.Web.Global Unhandled exception on {}: {}", 3, lambda r: ("/checkout/pay.aspx", r.choice(["System.NullReferenceException", "System.Data.SqlClient.SqlException"]))),
    N("WARN Shop.Web.Api.RateLimiter Throttled {} on {}", 25, lambda r: (pubip(r), r.choice(["/api/search", "/account/login.aspx", "/api/cart/items"]))),
    N("INFO Shop.Web.Search.SearchClient Search '{}' returned {} hits in {}ms", 40, lambda r: (r.choice(["boots", "rain jacket", "wool socks", "gift card", "sale"]), r.randint(0, 900), r.randint(3, 900))),
    N("ERROR Shop.Web.Search.SearchClient Search backend unavailable: {}", 6, lambda r: r.choice(["HTTP 503", "HTTP 429", "timeout"])),
    N("INFO Shop.Web.Services.ShippingService Label {} created via {}", 20, lambda r: ("1Z%s" % hexs(r, 16).upper(), r.choice(["UPS", "DHL", "PostNL"]))),
    N("WARN Shop.Web.Services.ShippingService Carrier {} timed out after {}s", 6, lambda r: (r.choice(["UPS", "DHL", "PostNL"]), r.choice([10, 30]))),
    N("INFO Shop.Web.Services.CouponService Coupon {} applied to cart {}", 15, lambda r: (r.choice(["WINTER25", "FREESHIP", "WELCOME10"]), uuid(r))),
    N("WARN Shop.Web.Services.CouponService Coupon {} rejected: {}", 10, lambda r: (r.choice(["WINTER25", "SUMMER24", "WELCOME10"]), r.choice(["expired", "min_total_not_met", "already_used"]))),
    N("DEBUG Shop.Web.Session.SqlSessionStore Session {} expired", 30, lambda r: hexs(r, 24)),
    N("INFO Shop.Web.Feeds.ProductFeed Imported {} products from {}", 3, lambda r: (r.randint(1000, 9000), "\\\\fs01\\feeds\\products-20261128.csv")),
    N("WARN Shop.Web.Feeds.ProductFeed Skipped row {} in {}: {}", 8, lambda r: (r.randint(2, 9000), "products-20261128.csv", r.choice(["missing price", "bad EAN", "duplicate SKU"]))),
    N("INFO Shop.Web.Health Health check {}: {}", 30, lambda r: (r.choice(["sql", "redis", "search", "smtp"]), r.choice(["Healthy"] * 8 + ["Degraded", "Unhealthy"]))),
    N("WARN Shop.Web.Global High memory: private bytes {} MB", 4, lambda r: r.randint(1500, 3800)),
    N("INFO Shop.Web.Global Configuration reloaded from {}", -1, lambda r: "C:\\inetpub\\shop\\Web.config"),
    N("INFO Shop.Web.Global Application started, version {}", -1, lambda r: "4.12.3.0", pos="start"),
    N("INFO Shop.Web.Global Warm-up finished in {}ms", -1, lambda r: 8412, pos="start"),
    N("INFO Shop.Web.Global Application shutting down, reason {}", -1, lambda r: "HostingEnvironment", pos="end"),
]


def header(r, ts, ev, n):
    if ev.meta["kind"] == "w3c":
        return ts.strftime("%Y-%m-%d %H:%M:%S ")
    return "%s.%04d " % (ts.strftime("%Y-%m-%d %H:%M:%S"), ts.microsecond // 100)
