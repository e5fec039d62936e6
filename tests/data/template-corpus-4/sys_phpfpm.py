"""PhpFpm: PHP 8.2 FPM master with two pools (`www`, `api`), its error_log shared with PHP's own error_log, so
both kinds of lines carry the bracketed date (`[28-Nov-2026 14:02:11]`). FPM writes `LEVEL: message`; PHP writes
`PHP <Error type>:  message` (two spaces). The layout reads both as `<Level>: <Content>`: the level is `NOTICE`,
`WARNING`, `ERROR`, `ALERT` for FPM and `PHP Fatal error`, `PHP Warning`, `PHP Deprecated`, `PHP Parse error` for PHP.
FPM's `[pool %s]` prefix is written by each call site, so the pool name is a value and the brackets are constant.
A worker's stderr, when `catch_workers_output` is on, is quoted by FPM and is one value. Durations that FPM prints as
`%ld.%06d` are generated here as one value (see the README)."""
from gen_common import E, turn

NAME = "PhpFpm"
LAYOUT = "\\[<Date> <Time>\\] <Level>: <Content>"

SCRIPTS = ["/var/www/app/public/index.php", "/var/www/app/public/api.php", "/var/www/app/public/admin/export.php", "/var/www/app/public/cron.php"]
SRC = ["/var/www/app/src/Cart/CartController.php", "/var/www/app/src/Order/OrderRepository.php", "/var/www/app/src/Report/CsvExport.php",
       "/var/www/app/vendor/guzzlehttp/guzzle/src/Handler/CurlFactory.php", "/var/www/app/src/Http/Kernel.php", "/var/www/app/src/Legacy/helpers.php",
       "/var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php"]
REQS = ["GET /index.php", "POST /api.php", "GET /admin/export.php", "GET /api.php"]


def ev(fmt, weight, gen=None, lv="NOTICE", **kw):
    return E(fmt, weight, gen, lv=lv, **kw)


def pool(r):
    return r.choice(["www", "www", "www", "api"])


def child(r):
    return r.randint(2100, 48000)


def secs(r, lo, hi):
    return "%.6f" % r.uniform(lo, hi)


def src(r):
    return r.choice(SRC)


def line(r):
    return r.randint(12, 980)


EVENTS = [
    # start-up
    ev("PHP Startup: Unable to load dynamic library '{}' (tried: {}) in {} on line {}", -1,
       lambda r: ("imagick.so", "/usr/local/lib/php/extensions/no-debug-non-zts-20220829/imagick.so (libMagickWand-6.Q16.so.6: cannot open shared object file: No such file or directory), /usr/local/lib/php/extensions/no-debug-non-zts-20220829/imagick.so.so (/usr/local/lib/php/extensions/no-debug-non-zts-20220829/imagick.so.so: cannot open shared object file: No such file or directory)",
                  "Unknown", 0), lv="PHP Warning", pos="start"),
    ev("[pool {}] 'user' directive is ignored when FPM is not running as root", -2, lambda r: turn("pl", ["www", "api"]), pos="start"),
    ev("fpm is running, pid {}", -1, lambda r: 1, pos="start"),
    ev("ready to handle connections", -1, pos="start"),
    ev("systemd monitor interval set to {}ms", -1, lambda r: 10000, pos="start"),
    # FPM master and pools
    ev("[pool {}] child {} started", 300, lambda r: (pool(r), child(r))),
    ev("[pool {}] child {} exited with code {} after {} seconds from start", 290, lambda r: (pool(r), child(r), r.choice([0] * 8 + [255, 1]), secs(r, 0.5, 9000))),
    ev("[pool {}] child {} exited on signal {} ({}) after {} seconds from start", 70,
       lambda r: (pool(r), child(r)) + r.choice([(9, "SIGKILL")] * 4 + [(11, "SIGSEGV"), (15, "SIGTERM"), (7, "SIGBUS")]) + (secs(r, 0.01, 9000),), lv="WARNING"),
    ev("[pool {}] server reached pm.max_children setting ({}), consider raising it", 110, lambda r: (lambda p: (p, 50 if p == "www" else 20))(pool(r)), lv="WARNING"),
    ev("[pool {}] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning {} children, there are {} idle, and {} total children", 120,
       lambda r: (pool(r), r.choice([8, 16, 32]), r.randint(0, 2), r.randint(8, 49)), lv="WARNING"),
    ev("[pool {}] child {}, script '{}' (request: \"{}\") executing too slow ({} sec), logging", 150,
       lambda r: (pool(r), child(r), r.choice(SCRIPTS), r.choice(REQS) + r.choice(["", "?page=%d" % r.randint(2, 40), "?format=csv&month=2026-%02d" % r.randint(1, 11)]), secs(r, 5, 29)),
       lv="WARNING"),
    ev("child {} stopped for tracing", 150, child),
    ev("about to trace {}", 150, child),
    ev("finished trace of {}", 148, child),
    ev("failed to ptrace(PEEKDATA) pid {}: {} ({})", 6, lambda r: (child(r), r.choice(["Input/output error", "No such process"]), r.choice([5, 3])), lv="ERROR"),
    ev("[pool {}] child {}, script '{}' (request: \"{}\") execution timed out ({} sec), terminating", 45,
       lambda r: (pool(r), child(r), r.choice(SCRIPTS), r.choice(REQS), secs(r, 30, 31)), lv="WARNING"),
    ev("[pool {}] child {} said into stderr: \"{}\"", 160,
       lambda r: (pool(r), child(r), r.choice(["NOTICE: PHP message: PHP Warning:  Undefined array key \"HTTP_X_FORWARDED_FOR\" in %s on line %d" % (src(r), line(r)),
                                               "NOTICE: PHP message: [%s] production.ERROR: cURL error 28: Operation timed out after 10001 milliseconds" % "2026-11-28 14:%02d:%02d" % (r.randint(2, 40), r.randint(0, 59)),
                                               "NOTICE: PHP message: Redis connection refused, falling back to file cache",
                                               "sh: 1: /usr/bin/wkhtmltopdf: not found"])), lv="WARNING"),
    ev("unable to read what child say: {} ({})", 12, lambda r: ("Bad file descriptor", 9), lv="ERROR"),
    ev("oops, unknown child ({}) exited with code {}. Please open a bug report (https://github.com/php/php-src/issues).", -1, lambda r: (child(r), 0), lv="ALERT"),
    ev("Reloading in progress ...", -2),
    ev("reloading: execvp(\"{}\", {})", -2, lambda r: ("/usr/local/sbin/php-fpm", "{\"/usr/local/sbin/php-fpm\", \"--nodaemonize\"}")),
    ev("using inherited socket fd={}, \"{}\"", -2, lambda r: (7, "/run/php/php8.2-fpm.sock")),
    ev("failed to acquire scoreboard", -1, lv="WARNING"),
    # PHP errors
    ev("Allowed memory size of {} bytes exhausted (tried to allocate {} bytes) in {} on line {}", 90,
       lambda r: (r.choice([134217728, 134217728, 268435456]), r.choice([20480, 65536, 4096, 2097160, 16384]), src(r), line(r)), lv="PHP Fatal error"),
    ev("Maximum execution time of {} seconds exceeded in {} on line {}", 40, lambda r: (30, src(r), line(r)), lv="PHP Fatal error"),
    ev("Uncaught {} thrown in {} on line {}", 55, lambda r: r.choice([
        ("PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php:65", "/var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connectors/Connector.php", 65),
        ("Error: Call to a member function getId() on null in /var/www/app/src/Order/OrderRepository.php:%d" % 212, "/var/www/app/src/Order/OrderRepository.php", 212),
        ("TypeError: number_format(): Argument #1 ($num) must be of type float, string given in /var/www/app/src/Report/CsvExport.php:88", "/var/www/app/src/Report/CsvExport.php", 88),
        ("RedisException: Connection refused in /var/www/app/src/Cache/RedisStore.php:41", "/var/www/app/src/Cache/RedisStore.php", 41)]), lv="PHP Fatal error"),
    ev("Undefined variable ${} in {} on line {}", 60, lambda r: (r.choice(["cart", "user", "total", "row", "i"]), src(r), line(r)), lv="PHP Warning"),
    ev("Undefined array key \"{}\" in {} on line {}", 110, lambda r: (r.choice(["email", "HTTP_REFERER", "page", "sort", "HTTP_X_FORWARDED_FOR", "qty"]), src(r), line(r)), lv="PHP Warning"),
    ev("Undefined property: {}::${} in {} on line {}", 50, lambda r: (r.choice(["App\\Order\\Order", "stdClass", "App\\Cart\\CartItem"]), r.choice(["discount", "meta", "sku"]), src(r), line(r)), lv="PHP Warning"),
    ev("Trying to access array offset on value of type {} in {} on line {}", 70, lambda r: (r.choice(["null", "null", "bool", "int"]), src(r), line(r)), lv="PHP Warning"),
    ev("{}(): Passing null to parameter #{} (${}) of type {} is deprecated in {} on line {}", 95,
       lambda r: r.choice([("strlen", 1, "string", "string"), ("trim", 1, "string", "string"), ("htmlspecialchars", 1, "string", "string"), ("str_replace", 3, "subject", "array|string"),
                           ("explode", 2, "string", "string")]) + (src(r), line(r)), lv="PHP Deprecated"),
    ev("{}({}): Failed to open stream: {} in {} on line {}", 35, lambda r: (r.choice(["fopen", "file_get_contents"]), r.choice(["/var/www/app/storage/exports/report-2026-11.csv", "/tmp/lock-cron-nightly", "https://rates.example.net/v1/eur.json"]),
                                                                        r.choice(["No such file or directory", "Permission denied", "HTTP request failed! HTTP/1.1 503 Service Unavailable"]), src(r), line(r)), lv="PHP Warning"),
    ev("Cannot modify header information - headers already sent by (output started at {}:{}) in {} on line {}", 25, lambda r: (src(r), line(r), src(r), line(r)), lv="PHP Warning"),
    ev("{}(): ({}/{}): {} in {} on line {}", 20, lambda r: ("mysqli_connect", "HY000", 2002, r.choice(["Connection refused", "No such file or directory"]), "/var/www/app/src/Legacy/db.php", 14), lv="PHP Warning"),
    ev("Creation of dynamic property {}::${} is deprecated in {} on line {}", 45, lambda r: (r.choice(["App\\Legacy\\Invoice", "App\\Legacy\\Customer"]), r.choice(["vat", "notes", "tmp"]), src(r), line(r)),
       lv="PHP Deprecated"),
    ev("syntax error, unexpected token \"{}\", expecting {} in {} on line {}", -1, lambda r: ("}", "\";\"", "/var/www/app/src/Legacy/helpers.php", 311), lv="PHP Parse error"),
    # shut-down
    ev("Terminating ...", -1, pos="end"),
    ev("exiting, bye-bye!", -1, pos="end"),
]


def header(r, t, ev, n):
    lv = ev.meta["lv"]
    return "[%s] %s:%s" % (t.strftime("%d-%b-%Y %H:%M:%S"), lv, "  " if lv.startswith("PHP ") else " ")
