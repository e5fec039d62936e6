import { describe, expect, it } from "vitest";
import { sourceFor } from "../src/api";
import { badgeText, nextPollMinutes } from "../src/backoff";
import { networkError, responseError } from "../src/errors";
import { createPkce } from "../src/pkce";
import { normalizeApiUrl, normalizeIssuerUrl, originPattern } from "../src/settings";

describe("settings", () => {
  it("keeps only the origin of the API URL and asks for that origin alone", () => {
    expect(normalizeApiUrl(" https://fm.example.com:8443/some/path?x=1 ")).toBe("https://fm.example.com:8443");
    expect(originPattern("https://127.0.0.1:5443")).toBe("https://127.0.0.1:5443/*");
  });

  it("refuses plain http off loopback, credentials and non-URLs, saying why", () => {
    expect(() => normalizeApiUrl("http://fm.example.com")).toThrow(/https/);
    expect(normalizeApiUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(() => normalizeApiUrl("https://u:p@fm.example.com")).toThrow(/credentials/);
    expect(() => normalizeApiUrl("fm")).toThrow(/not a URL/);
    expect(() => normalizeApiUrl("http://[::1]:5443")).toThrow(/https/);
    expect(normalizeIssuerUrl("https://keycloak.example.com/realms/ops/")).toBe("https://keycloak.example.com/realms/ops");
    expect(() => normalizeIssuerUrl("https://keycloak.example.com/realms/ops?x=1")).toThrow(/query/);
  });
});

describe("PKCE", () => {
  it("sends the S256 challenge of a fresh 43-character verifier", async () => {
    const { verifier, challenge } = await createPkce();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))).toString("base64url");
    expect(challenge).toBe(digest);
    expect((await createPkce()).verifier).not.toBe(verifier);
  });
});

describe("errors", () => {
  it("tells an untrusted certificate from an API that is down, and says how to trust the local CA", () => {
    const certificate = networkError("https://127.0.0.1:5443/logs/analyze", "net::ERR_CERT_AUTHORITY_INVALID");
    expect(certificate.kind).toBe("certificate");
    expect(certificate.hint).toContain("ca.crt");
    expect(networkError("https://127.0.0.1:5443/x", "net::ERR_CONNECTION_REFUSED")).toMatchObject({ kind: "unreachable", message: expect.stringContaining("127.0.0.1:5443") });
  });

  it("reads the API's problem details", async () => {
    const problem = new Response(JSON.stringify({ title: "One or more validation errors occurred.", errors: { rootCause: ["unknown"] } }), { status: 400 });
    expect((await responseError(problem)).message).toBe("FaultMaven answered 400: One or more validation errors occurred. — rootCause: unknown");
    expect((await responseError(new Response("", { status: 401 }))).kind).toBe("expired");
    expect((await responseError(new Response("", { status: 429, headers: { "Retry-After": "7" } }))).hint).toBe("Try again in 7 seconds.");
  });
});

describe("the open-incidents badge", () => {
  it("polls every minute and backs off by doubling up to 30 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(nextPollMinutes)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });

  it("shows the count, nothing for none, 99+ beyond", () => {
    expect([badgeText(0, false), badgeText(3, false), badgeText(100, false), badgeText(5, true)]).toEqual(["", "3", "99+", "99+"]);
  });

  it("stores an analysis under the page's host", () => {
    expect(sourceFor("https://github.com/acme/shop/actions/runs/1")).toBe("browser:github.com");
    expect(sourceFor("")).toBe("browser");
  });
});
