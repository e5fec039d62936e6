"""CI: a GitLab-runner-like CI log collector: runner stage messages plus the output of the build tools the jobs run
(Maven, go test, npm, BuildKit, golangci-lint, make)."""
import random

from gen_common import E

NAME = "CI"
LAYOUT = "<Timestamp> <Job> <Stream> <Content>"

_p = random.Random(808)
JOBS = sorted(_p.sample(range(481000, 489999), 60))
CLASSES = ["com.example.shop.%s%sTest" % (p, c) for p in ["", "web.", "service.", "repo."] for c in
           ["Order", "Cart", "Payment", "Inventory", "User", "Price"]]
GOPKGS = ["TestLedger_PostEntry", "TestLedger_Balance/negative", "TestTransfer_Settle", "TestRetry_Backoff",
          "TestCache_Evict", "TestHandler_GetUser/not_found", "TestParseConfig", "TestJWT_Expired"]
IMAGES = ["maven:3.9-eclipse-temurin-17", "golang:1.21", "node:20-alpine", "docker:24.0", "registry.example.com/ci/golangci-lint:v1.55"]
CMDS = ["make test", "mvn -B -ntp verify", "go test -race -cover ./...", "npm ci", "npm run test -- --ci", "make lint",
        "docker build -t $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA .", "docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA",
        "golangci-lint run --timeout 5m", "echo \"deploying to ${ENVIRONMENT}\"", "./scripts/wait-for-db.sh", "make build"]
ARTIFACTS = ["dist/", "target/*.jar", "target/surefire-reports/*.xml", "coverage.out", "reports/junit.xml"]


def sha(r, n=40):
    return "%040x" % r.getrandbits(160) if n == 40 else ("%040x" % r.getrandbits(160))[:n]


def secs(r, a=0.1, b=60):
    return "%.3f" % r.uniform(a, b)


def step(r):
    return r.randint(1, 20)


EVENTS = [
    E("$ {}", 260, lambda r: r.choice(CMDS)),
    E("[INFO] Tests run: {}, Failures: {}, Errors: {}, Skipped: {}, Time elapsed: {} s - in {}", 180,
      lambda r: (r.randint(1, 60), 0, 0, r.choice([0] * 6 + [1, 2]), secs(r, 0.01, 12), r.choice(CLASSES))),
    E("[INFO] Running {}", 170, lambda r: r.choice(CLASSES)),
    E("[INFO] Downloaded from {}: {} ({} at {})", 150,
      lambda r: ("central", "https://repo.maven.apache.org/maven2/org/%s/%s/%d.%d.%d/%s-%d.%d.%d.%s" % (
          r.choice(["springframework", "apache/commons", "hibernate", "junit"]), "lib", 1, r.randint(0, 9), r.randint(0, 20), "lib", 1, r.randint(0, 9), r.randint(0, 20), r.choice(["jar", "pom"])),
                 "%d %s" % (r.randint(1, 900), r.choice(["kB", "kB", "B", "MB"])), "%.1f %s" % (r.uniform(0.1, 20), r.choice(["MB/s", "kB/s"])))),
    E("=== RUN   {}", 110, lambda r: r.choice(GOPKGS)),
    E("--- PASS: {} ({}s)", 100, lambda r: (r.choice(GOPKGS), "%.2f" % r.uniform(0, 3))),
    E("--- FAIL: {} ({}s)", 6, lambda r: (r.choice(GOPKGS), "%.2f" % r.uniform(0, 3))),
    E("#{} [{} {}/{}] {}", 80,
      lambda r: (lambda n: (step(r), r.choice(["build", "build", "runtime"]), r.randint(1, n), n,
                            r.choice(["RUN go mod download", "COPY . .", "RUN CGO_ENABLED=0 go build -o /out/txsvc ./cmd/txsvc", "FROM docker.io/library/alpine:3.19", "COPY --from=build /out/txsvc /usr/local/bin/"])))(r.randint(4, 8))),
    E("#{} DONE {}s", 75, lambda r: (step(r), "%.1f" % r.uniform(0, 90))),
    E("#{} CACHED", 45, step),
    E("{}:{}:{}: {} ({})", 40,
      lambda r: (r.choice(["internal/ledger/post.go", "internal/api/handler.go", "cmd/txsvc/main.go", "internal/retry/retry.go"]), r.randint(10, 400), r.randint(1, 40),
                 *r.choice([("ineffectual assignment to err", "ineffassign"), ("Error return value of `resp.Body.Close` is not checked", "errcheck"),
                            ("S1002: should omit comparison to bool constant", "gosimple"), ("unused-parameter: parameter 'ctx' seems to be unused", "revive")]))),
    E("Running with gitlab-runner {} ({})", 30, lambda r: ("16.5.0", "853330f9")),
    E("on {} {}, system ID: {}", 30, lambda r: (lambda i: ("docker-runner-%d" % i, "xZ%dq7Rk" % i, "s_%012x" % (0x5f1a2b3c4d5e + i)))(r.randint(1, 4))),
    E("Preparing the \"{}\" executor", 30, lambda r: r.choice(["docker", "docker", "kubernetes", "shell"])),
    E("Using Docker executor with image {} ...", 26, lambda r: r.choice(IMAGES)),
    E("Pulling docker image {} ...", 24, lambda r: r.choice(IMAGES)),
    E("Using docker image {} for {} with digest {} ...", 24, lambda r: (lambda i: ("sha256:%064x" % r.getrandbits(256), i, i.split(":")[0] + "@sha256:%064x" % r.getrandbits(256)))(r.choice(IMAGES))),
    E("Preparing environment", 30),
    E("Running on {} via {}...", 30, lambda r: ("runner-xz%dq7rk-project-%d-concurrent-%d" % (r.randint(1, 4), r.choice([112, 245, 391]), r.randint(0, 3)), "ci-host-%d" % r.randint(1, 4))),
    E("Getting source from Git repository", 30),
    E("Fetching changes with git depth set to {}...", 28, lambda r: r.choice([20, 20, 50])),
    E("Reinitialized existing Git repository in {}", 20, lambda r: "/builds/%s/.git/" % r.choice(["shop/shop-api", "payments/txsvc", "web/storefront"])),
    E("Initialized empty Git repository in {}", 8, lambda r: "/builds/%s/.git/" % r.choice(["shop/shop-api", "payments/txsvc", "web/storefront"])),
    E("Created fresh repository.", 8),
    E("Checking out {} as detached HEAD (ref is {})...", 30, lambda r: (sha(r, 8), r.choice(["main", "main", "refs/merge-requests/%d/head" % r.randint(100, 900), "release/2.31"]))),
    E("Skipping Git submodules setup", 28),
    E("Restoring cache", 24),
    E("Checking cache for {}...", 24, lambda r: r.choice(["main-maven-%s-protected" % sha(r, 8), "go-mod-%s-non_protected" % sha(r, 8), "npm-%s-1" % sha(r, 8)])),
    E("Downloading cache from {}", 18, lambda r: "https://storage.googleapis.com/ci-cache-example/project/%d/%s" % (r.choice([112, 245, 391]), r.choice(["main-maven-protected", "go-mod-non_protected"]))),
    E("Successfully extracted cache", 18),
    E("WARNING: {}: not found", 4, lambda r: r.choice(["target/surefire-reports/*.xml", "coverage.out"])),
    E("Executing \"{}\" stage of the job script", 32, lambda r: r.choice(["step_script", "step_script", "after_script"])),
    E("Saving cache for successful job", 18),
    E("Creating cache {}...", 18, lambda r: r.choice(["main-maven-protected", "go-mod-non_protected", "npm-1"])),
    E("Created cache", 16),
    E("Uploading artifacts for successful job", 20),
    E("{}: found {} matching artifact files and directories", 20, lambda r: (r.choice(ARTIFACTS), r.randint(1, 90))),
    E("Uploading artifacts as \"{}\" to coordinator... {} id={} responseStatus={} token={}", 20,
      lambda r: (r.choice(["archive", "archive", "junit"]), "201 Created", r.choice(JOBS), "201 Created", "glcbt-%s" % sha(r, 8))),
    E("Cleaning up project directory and file based variables", 30),
    E("Job succeeded", 26),
    E("ERROR: Job failed: exit code {}", 6, lambda r: r.choice([1, 1, 2, 137])),
    E("ERROR: Job failed: execution took longer than {} seconds", -1, lambda r: 3600),
    E("make: *** [{}:{}: {}] Error {}", 5, lambda r: ("Makefile", r.choice([42, 57]), r.choice(["test", "lint"]), r.choice([1, 2]))),
    E("[INFO] Tests run: {}, Failures: {}, Errors: {}, Skipped: {}", 14, lambda r: (r.randint(100, 400), r.choice([0] * 5 + [1, 2]), 0, r.randint(0, 6))),
    E("[ERROR] Tests run: {}, Failures: {}, Errors: {}, Skipped: {}, Time elapsed: {} s <<< FAILURE! - in {}", 5,
      lambda r: (r.randint(2, 30), r.randint(1, 2), 0, 0, secs(r, 0.1, 9), r.choice(CLASSES))),
    E("[INFO] BUILD SUCCESS", 12),
    E("[INFO] BUILD FAILURE", 3),
    E("[INFO] Total time: {} s", 14, lambda r: "%.3f" % r.uniform(20, 400)),
    E("[INFO] Finished at: {}", 14, lambda r: "2026-12-02T%02d:%02d:%02dZ" % (10, r.randint(0, 59), r.randint(0, 59))),
    E("[INFO] --- {}:{}:{} ({}) @ {} ---", 40,
      lambda r: (lambda p: (p[0], p[1], p[2], p[3], r.choice(["shop-api", "shop-common"])))(r.choice([
          ("maven-compiler-plugin", "3.11.0", "compile", "default-compile"), ("maven-surefire-plugin", "3.2.2", "test", "default-test"),
          ("maven-jar-plugin", "3.3.0", "jar", "default-jar"), ("maven-resources-plugin", "3.3.1", "resources", "default-resources"),
          ("jacoco-maven-plugin", "0.8.11", "report", "report")]))),
    E("coverage: {}% of statements", 14, lambda r: "%.1f" % r.uniform(40, 92)),
    E("PASS", 12),
    E("FAIL", 3),
    E("added {} packages, and audited {} packages in {}s", 8, lambda r: (lambda n: (n, n + 1, r.randint(4, 40)))(r.randint(700, 1400))),
    E("found {} vulnerabilities", 8, lambda r: r.choice([0, 0, 0, 2])),
    E("#{} naming to {} done", 6, lambda r: (step(r), "registry.example.com/payments/txsvc:%s" % sha(r, 8))),
    E("{}: digest: {} size: {}", 5, lambda r: (sha(r, 8), "sha256:%064x" % r.getrandbits(256), r.randint(1000, 3000))),
]


def header(r, ts, ev, n):
    return "%s.%06dZ %d %s " % (ts.strftime("%Y-%m-%dT%H:%M:%S"), ts.microsecond + r.randint(0, 999), r.choice(JOBS),
                                  "01E" if ev.template.startswith(("ERROR", "WARNING", "make:")) else "01O")
