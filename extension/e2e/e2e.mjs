// End-to-end test of the extension in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against
// a real FaultMaven started by scripts/run.sh in a private FAULTMAVEN_HOME: sign in through the embedded authorization
// server, select text on a local page, analyze it, see ranked suggestions, send feedback and check through the API that
// it was counted; axe-core over the side panel; screenshots into the run's folder, or docs/images/ when
// FAULTMAVEN_SCREENSHOTS=docs/images.
//
//   node e2e/e2e.mjs            (after `npm run build`; scripts/test.sh runs it)
//
// Two things Playwright cannot do are done the nearest way, and said so: it cannot click Chrome's native permission
// prompt, so the copy of the extension under test already holds the host permissions the options page asks for
// (chrome.permissions.request then resolves at once, through the same code); and it cannot click a native context
// menu item, so the test calls the service worker's menu handler with what Chrome passes it.
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const extensionRoot = resolve(here, "..");
const repo = resolve(extensionRoot, "..");
const work = mkdtempSync("/tmp/faultmaven-e2e-");
// A test run leaves the checkout as it found it: screenshots go to the run's folder unless asked for the docs'
// pictures (FAULTMAVEN_SCREENSHOTS=docs/images node e2e/e2e.mjs, from the repository root or an absolute path).
const images = process.env.FAULTMAVEN_SCREENSHOTS ? resolve(repo, process.env.FAULTMAVEN_SCREENSHOTS) : join(work, "screenshots");
mkdirSync(images, { recursive: true });
const home = join(work, "home");
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const log = (message) => console.log(`[${seconds()} s] ${message}`);
let passed = 0;
const failures = [];

/** Records one check; the run fails at the end if any check failed, after printing what it saw. */
function check(name, ok, saw) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failures.push(name);
    console.log(`not ok - ${name}\n  saw: ${typeof saw === "string" ? saw : JSON.stringify(saw)}`);
  }
}

async function waitFor(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last saw: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

// ---- FaultMaven, started the way a developer starts it -------------------------------------------------------------
const env = { ...process.env, FAULTMAVEN_HOME: home, FAULTMAVEN_API_PORT: "0", FAULTMAVEN_WORKER_PORT: "0", FAULTMAVEN_BROKER_PORT: "0" };
delete env.FAULTMAVEN__POSTGRES__CONNECTIONSTRING;
mkdirSync(home, { recursive: true });
log(`starting FaultMaven (scripts/run.sh, FAULTMAVEN_HOME=${home})`);
const runLog = join(work, "run.log");
const run = spawn("bash", [join(repo, "scripts", "run.sh")], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
const runOutput = [];
run.stdout.on("data", (d) => runOutput.push(d));
run.stderr.on("data", (d) => runOutput.push(d));
let browser;
let pageServer;

async function stopAll() {
  await browser?.close().catch(() => {});
  pageServer?.close();
  writeFileSync(runLog, Buffer.concat(runOutput));
  if (run.exitCode === null) {
    run.kill("SIGTERM");
    await waitFor("scripts/run.sh to stop", () => run.exitCode !== null, 120_000).catch(() => run.kill("SIGKILL"));
  }
  // PostgreSQL's files may live outside FAULTMAVEN_HOME (/var/lib/postgresql/faultmaven/<hash> when its user cannot
  // reach a private /tmp folder); run.sh keeps them for the next start, the test removes them.
  execFileSync("bash", ["-c", 'source "$1/scripts/lib/common.sh"; source "$1/scripts/lib/postgres.sh"; fm_pg_remove "$2"', "_", repo, join(home, "postgres")], { stdio: "inherit" });
}

const fm = (...args) => execFileSync(join(repo, "scripts", "fm"), args, { env, encoding: "utf8", input: args.includes("--password-stdin") ? "e2e-Password-1!\n" : undefined });

try {
  const connection = await waitFor(
    "scripts/run.sh to write connection.json",
    () => {
      if (run.exitCode !== null) throw new Error(`scripts/run.sh exited with ${run.exitCode}:\n${Buffer.concat(runOutput).toString().slice(-3000)}`);
      const file = join(home, "connection.json");
      return existsSync(file) && JSON.parse(readFileSync(file, "utf8"));
    },
    // run.sh builds first when a source changed (scripts/test.sh has built already).
    1_200_000,
  ).catch((error) => {
    if (error.message.startsWith("scripts/run.sh exited")) throw error;
    throw new Error(`${error.message}\n${Buffer.concat(runOutput).toString().slice(-3000)}`);
  });
  const api = connection.FaultMaven.Api.Url;
  const ca = connection.FaultMaven.Api.CaCertificate;
  log(`FaultMaven is up at ${api}`);

  // ---- the extension under test, registered as a public client, and a responder to sign in as ----------------------
  const dist = join(extensionRoot, "dist");
  const manifest = JSON.parse(readFileSync(join(dist, "manifest.json"), "utf8"));
  const extensionId = extensionIdOf(manifest.key);
  const underTest = join(work, "extension");
  cpSync(dist, underTest, { recursive: true });
  writeFileSync(
    join(underTest, "manifest.json"),
    JSON.stringify({ ...manifest, host_permissions: ["https://127.0.0.1/*", "http://127.0.0.1/*"], permissions: [...manifest.permissions, "webRequest"] }, null, 2),
  );
  fm("admin", "create-client", "fm-extension", "--role", "responder", "--redirect-uri", `https://${extensionId}.chromiumapp.org/`);
  fm("admin", "create-user", "ann", "--role", "responder", "--password-stdin");
  log("registered the extension as client fm-extension and created user ann (responder)");

  // The server's certificate comes from run.sh's local CA: trusted by its key, as an engineer trusts the CA once.
  const spki = execFileSync("bash", ["-c", `openssl x509 -in "${join(dirname(ca), "server.crt")}" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`], { encoding: "utf8" }).trim();

  // ---- a local page with a log on it ----------------------------------------------------------------------------------
  const logText = [
    "2026-11-30T10:00:01Z INFO checkout started order=1042",
    "2026-11-30T10:00:02Z ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms.",
    "2026-11-30T10:00:02Z ERROR db login failed password=hunter2 user=ann.lee@example.com",
    "2026-11-30T10:00:03Z ERROR HikariPool-1 - Connection is not available, request timed out after 30000ms.",
    "2026-11-30T10:00:04Z ERROR FATAL: sorry, too many clients already",
  ].join("\n");
  pageServer = createServer((_, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html><head><title>checkout logs</title></head><body><h1>checkout</h1><pre id="log">${logText}</pre></body></html>`);
  });
  await new Promise((r) => pageServer.listen(0, "127.0.0.1", r));
  const pageUrl = `http://127.0.0.1:${pageServer.address().port}/checkout`;

  // ---- Chromium with the extension loaded unpacked -------------------------------------------------------------------
  log("starting Chromium with the extension");
  browser = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 420, height: 900 },
    args: [`--disable-extensions-except=${underTest}`, `--load-extension=${underTest}`, `--ignore-certificate-errors-spki-list=${spki}`, "--no-sandbox"],
  });
  const worker = browser.serviceWorkers()[0] ?? (await browser.waitForEvent("serviceworker", { timeout: 60_000 }));
  check("the extension loads with the id its key gives, so its redirect URI is stable", new URL(worker.url()).host === extensionId, worker.url());

  // Options: the API URL (the host permission for its origin is asked for on save).
  const options = await browser.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.fill("#api-url", api);
  await options.click("button[type=submit]");
  const saved = await waitFor("the options to be saved", async () => ((await options.textContent("#saved")) || "").trim());
  check("the options page saves the API URL", saved.startsWith("Saved"), saved);
  check("the options page shows the command that registers the extension", (await options.textContent("#register")).includes(`https://${extensionId}.chromiumapp.org/`), await options.textContent("#register"));

  // Side panel (the same page Chrome shows in its side panel, opened in a tab so Playwright can drive it).
  const panel = await browser.newPage();
  const panelUrl = `chrome-extension://${extensionId}/sidepanel.html`;
  // The time from the panel's script start to its controls holding the stored draft and account, over three loads:
  // the median, as the machine running the tests is shared.
  const loads = [];
  for (let i = 0; i < 3; i++) {
    await panel.goto(panelUrl);
    loads.push(Number(await waitFor("the side panel to be ready", () => panel.evaluate(() => document.body.dataset.readyMs))));
  }
  const readyMs = loads.sort((a, b) => a - b)[1];
  check(`the side panel is interactive in under 200 ms (median ${readyMs} ms of ${loads.join(", ")})`, readyMs < 200, loads);
  await panel.screenshot({ path: join(images, "extension-sign-in.png"), fullPage: true });

  // Sign-in: authorization code + PKCE through chrome.identity.launchWebAuthFlow and the real /account/login page.
  log("signing in through the embedded authorization server");
  const loginPage = browser.waitForEvent("page", { timeout: 60_000 });
  await panel.click("#sign-in");
  const login = await loginPage;
  await login.waitForSelector("input[name=username]", { timeout: 60_000 });
  check("sign-in opens FaultMaven's own login page", login.url().startsWith(`${api}/account/login`), login.url());
  await login.fill("input[name=username]", "ann");
  await login.fill("input[name=password]", "e2e-Password-1!");
  await login.click("button[type=submit]");
  await waitFor("the side panel to show the sign-in", async () => (await panel.textContent("#who")).startsWith("Signed in"), 60_000).catch(async (error) => {
    throw new Error(`${error.message}; panel error: ${await panel.textContent("#error")}`);
  });
  const tokens = await worker.evaluate(() => chrome.storage.local.get("tokens").then((s) => s.tokens));
  check("sign-in keeps an access token and a refresh token", Boolean(tokens?.accessToken && tokens?.refreshToken), tokens && Object.keys(tokens));

  // Select the log on the page and press "Analyze with FaultMaven".
  const page = await browser.newPage();
  await page.goto(pageUrl);
  await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("log"));
    getSelection().addRange(range);
  });
  await page.bringToFront();
  const capture = await worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url: url + "*" });
    // Chrome's copy of the selection collapses line breaks; the handler reads the page's own selection instead.
    return globalThis.faultmaven.onMenuClicked({ menuItemId: "analyze-with-faultmaven", selectionText: "collapsed", editable: false, pageUrl: url }, tab);
  }, pageUrl);
  check("the menu handler reads the selection from the page, line by line", capture?.kind === "selection" && capture.text === logText, capture);
  await panel.bringToFront();
  const preview = await waitFor("the side panel to show the draft", async () => {
    const text = await panel.textContent("#preview");
    return text.includes("HikariPool") && text;
  });
  check("the side panel shows what will be sent, masked", preview.includes("password=<masked:secret>") && preview.includes("<masked:email>") && !preview.includes("hunter2") && !preview.includes("ann.lee"), preview);

  // Analyze and read the answer.
  log("analyzing");
  await panel.click("#analyze");
  await waitFor("the answer", async () => (await panel.locator(".suggestions > li").count()) > 0 || (await panel.isVisible("#error")), 120_000);
  check("no error is shown after analyzing", !(await panel.isVisible("#error")), await panel.textContent("#error"));
  const suggestions = await panel.locator(".suggestions > li h3").allTextContents();
  const confidences = await panel.locator(".suggestions meter").evaluateAll((meters) => meters.map((m) => Number(m.getAttribute("value"))));
  check("ranked suggestions are shown, best first, the pool exhaustion on top", suggestions.length > 0 && /pool/i.test(suggestions[0]) && confidences.every((c, i) => i === 0 || c <= confidences[i - 1]), { suggestions, confidences });
  const highlighted = await panel.locator("pre.sent mark.evidence").allTextContents();
  check("the evidence lines are highlighted among the lines sent", highlighted.some((line) => line.includes("HikariPool")), highlighted);
  check("commands come with copy buttons", (await panel.locator("button.copy").count()) > 0, await panel.locator("button.copy").count());
  await panel.screenshot({ path: join(images, "extension-answer.png"), fullPage: true });

  // axe-core over the side panel with the answer in it.
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await panel.evaluate(axeSource);
  const violations = await panel.evaluate(async () => (await globalThis.axe.run(document)).violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary})`).join("; ")}`));
  check("axe-core finds no accessibility violation in the side panel", violations.length === 0, violations);

  // Feedback: "worked" on the best suggestion, then the API's own ranking counts it.
  const admin = await clientToken(api, home);
  const before = await rankOf(api, admin, logText);
  await panel.locator(".suggestions > li").first().locator("button.feedback.worked").click();
  const status = await waitFor("the feedback to be sent", async () => {
    const text = await panel.locator(".suggestions > li .feedback-status").first().textContent();
    return text && text !== "Sending…" && text;
  });
  check("feedback is sent and acknowledged", status.startsWith("Thanks: counted"), status);
  const after = await rankOf(api, admin, logText);
  check(`the API counts the feedback: ${before.rootCause} success rate ${before.successRate.toFixed(3)} → ${after.successRate.toFixed(3)}`, after.rootCause === before.rootCause && after.successRate > before.successRate, { before, after });

  // The badge: open incidents the user may see (the analysis stored one).
  await worker.evaluate(() => globalThis.faultmaven.pollIncidents());
  const badge = await worker.evaluate(() => chrome.action.getBadgeText({}));
  const open = await fetchJson(`${api}/incidents?status=open&limit=100`, tokens.accessToken);
  check(`the toolbar badge counts the open incidents (${badge})`, badge === String(open.items.length) && open.items.length > 0, { badge, open: open.items.length });

  // Refresh: an access token about to expire is traded for a new one before the next call.
  await worker.evaluate(() => chrome.storage.local.get("tokens").then(({ tokens }) => chrome.storage.local.set({ tokens: { ...tokens, expiresAt: Date.now() } })));
  await worker.evaluate(() => globalThis.faultmaven.pollIncidents());
  const refreshed = await worker.evaluate(() => chrome.storage.local.get("tokens").then((s) => s.tokens));
  check("an access token about to expire is refreshed with the refresh token", refreshed.accessToken !== tokens.accessToken && refreshed.expiresAt > Date.now() + 600_000 && (await worker.evaluate(() => chrome.action.getBadgeText({}))) === badge, { expiresInMs: refreshed.expiresAt - Date.now() });

  // Sign-out clears the tokens.
  await panel.click("#sign-out");
  await waitFor("the sign-out", async () => (await panel.textContent("#who")) === "Not signed in");
  check("sign-out forgets the tokens", (await worker.evaluate(() => chrome.storage.local.get("tokens").then((s) => s.tokens))) === undefined, "tokens still stored");

  // Errors: an expired sign-in, an API that is down, a certificate the browser does not trust; the draft survives.
  await worker.evaluate(() => chrome.storage.local.set({ tokens: { accessToken: "expired", refreshToken: "revoked", expiresAt: Date.now() + 3_600_000 } }));
  await panel.click("#analyze");
  await waitFor("the expired sign-in message", () => panel.isVisible("#error"), 60_000);
  const expired = await panel.textContent("#error");
  check("an expired sign-in says so and asks to sign in again", expired.includes("Your sign-in has expired") && expired.includes("Sign in again"), expired);
  await panel.reload();
  await waitFor("the side panel to be ready again", () => panel.evaluate(() => document.body.dataset.readyMs));
  check("the draft survives a reload of the side panel (chrome.storage.session)", (await panel.inputValue("#draft")) === logText, await panel.inputValue("#draft"));
  await options.bringToFront();
  const closedPort = await freePort();
  await options.fill("#api-url", `https://127.0.0.1:${closedPort}`);
  await options.click("button[type=submit]");
  await waitFor("the options to be saved again", async () => (await options.textContent("#saved")).includes(`${closedPort}`));
  await worker.evaluate(() => chrome.storage.local.set({ tokens: { accessToken: "a", refreshToken: "r", expiresAt: Date.now() + 3_600_000 } }));
  await panel.bringToFront();
  await panel.click("#analyze");
  await waitFor("the unreachable message", async () => (await panel.textContent("#error-message")).includes("cannot be reached"), 60_000);
  const unreachable = await panel.textContent("#error");
  check("an API that is down is named, with the network error and what to check", unreachable.includes(`127.0.0.1:${closedPort}`) && unreachable.includes("ERR_CONNECTION_REFUSED"), unreachable);

  const untrusted = await selfSignedServer();
  await options.bringToFront();
  await options.fill("#api-url", `https://127.0.0.1:${untrusted.port}`);
  await options.click("button[type=submit]");
  await waitFor("the options to be saved a third time", async () => (await options.textContent("#saved")).includes(`${untrusted.port}`));
  await panel.bringToFront();
  await panel.click("#analyze");
  await waitFor("the certificate message", async () => (await panel.textContent("#error-message")).includes("certificate"), 60_000);
  const certificate = await panel.textContent("#error");
  check("an untrusted certificate is named as such, with how to trust the local CA", certificate.includes("ERR_CERT_AUTHORITY_INVALID") && certificate.includes("ca.crt") && certificate.includes("certutil"), certificate);
  await panel.screenshot({ path: join(images, "extension-error.png"), fullPage: true });
  untrusted.server.close();
} catch (error) {
  failures.push(`the run stopped: ${error.stack ?? error}`);
  console.log(`not ok - the run stopped: ${error.stack ?? error}`);
} finally {
  await stopAll();
  if (failures.length === 0) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work} (run.sh output in ${runLog})`);
}
console.log(`e2e: ${passed} passed, ${failures.length} failed in ${seconds()} s`);
process.exit(failures.length === 0 ? 0 : 1);

// ---- helpers ------------------------------------------------------------------------------------------------------------

/** Chrome's id of an extension: the first 128 bits of the SHA-256 of its public key, written with the letters a to p. */
function extensionIdOf(key) {
  const hash = execFileSync("sha256sum", { input: Buffer.from(key, "base64") }).toString().slice(0, 32);
  return [...hash].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** An HTTPS server whose self-signed certificate nothing trusts, as an API behind a certificate the browser was never told about. */
async function selfSignedServer() {
  const key = join(work, "untrusted.key");
  const cert = join(work, "untrusted.crt");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_, response) => response.end("{}"));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: server.address().port };
}

// Node's fetch does not know run.sh's CA; curl is given it, as docs/auth.md shows.
function curl(args) {
  return execFileSync("curl", ["-sS", "--fail-with-body", "--cacert", join(home, "tls", "ca.crt"), ...args], { encoding: "utf8" });
}

async function fetchJson(url, token) {
  return JSON.parse(curl(["-H", `Authorization: Bearer ${token}`, url]));
}

/** A token of run.sh's admin client (client credentials), to ask the API independently of the extension. */
async function clientToken(api, home) {
  const secret = readFileSync(join(home, "admin-client.secret"), "utf8").trim();
  return JSON.parse(curl([`${api}/connect/token`, "-d", "grant_type=client_credentials", "-d", "client_id=faultmaven-admin", "--data-urlencode", `client_secret=${secret}`])).access_token;
}

/** The best suggestion the API gives for the text now, with its success rate (which feedback moves). */
async function rankOf(api, token, text) {
  const body = JSON.stringify({ logs: text, source: "e2e-check" });
  const answer = JSON.parse(curl(["-H", `Authorization: Bearer ${token}`, "-H", "Content-Type: application/json", "--data-binary", body, `${api}/logs/analyze`]));
  const best = answer.analysis.suggestions[0];
  return { rootCause: best.rootCause, successRate: best.successRate };
}
