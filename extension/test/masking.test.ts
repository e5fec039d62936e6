import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Masker, checks } from "../src/masking";

const data = (name: string) => readFileSync(fileURLToPath(new URL(`../../tests/data/masking/${name}`, import.meta.url)), "utf8");

describe("masking", () => {
  it("masks the shared corpus exactly as the server does (tests/data/masking/corpus.masked.log)", () => {
    const masked = new Masker().maskText(data("corpus.log"));
    const expected = data("corpus.masked.log");
    const got = masked.split("\n");
    const want = expected.split("\n");
    const differing = want.map((line, i) => (line === got[i] ? null : { line: i + 1, server: line, extension: got[i] })).filter(Boolean);
    expect(differing).toEqual([]);
    expect(masked).toBe(expected);
  });

  it("keeps masking a private key until its end line", () => {
    const masker = new Masker();
    expect(masker.maskText("a -----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY----- b")).toBe(
      "a <masked:private-key>\n<masked:private-key>\n<masked:private-key> b",
    );
  });

  it("checks card numbers with Luhn as the server does", () => {
    expect(checks.luhn("4111 1111 1111 1111")).toBe(true);
    expect(checks.luhn("4111111111111112")).toBe(false);
    expect(checks.luhn("411111111111")).toBe(false);
  });

  it("refuses a rule whose check it does not implement", () => {
    const rules = { rules: [{ name: "x", source: "x", flags: "u", replacement: "y", check: "mod97" }], privateKeyLines: { name: "p", begin: { source: "a", flags: "u" }, end: { source: "b", flags: "u" }, replacement: "k" } };
    expect(() => new Masker(rules)).toThrow(/mod97/);
  });
});
