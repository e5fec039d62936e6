import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const staticDir = resolve(import.meta.dirname, "..", "static");
const manifest = JSON.parse(readFileSync(resolve(staticDir, "manifest.json"), "utf8"));

describe("the manifest", () => {
  it("asks for the least permissions: API origins only when the user sets them", () => {
    expect(manifest.manifest_version).toBe(3);
    expect([...manifest.permissions].sort()).toEqual(["activeTab", "alarms", "contextMenus", "identity", "scripting", "sidePanel", "storage"]);
    expect(manifest.host_permissions).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.optional_permissions).toEqual(["webRequest"]);
  });

  it("has a strict content security policy and loads no remote or inline script", () => {
    const csp: string = manifest.content_security_policy.extension_pages;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-(eval|inline)|wasm-unsafe/);
    for (const page of readdirSync(staticDir).filter((f) => f.endsWith(".html"))) {
      const html = readFileSync(resolve(staticDir, page), "utf8");
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length, page).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes, page).toMatch(/src="[a-z]+\.js"/);
        expect(body.trim(), page).toBe("");
      }
      expect(html, page).not.toMatch(/\son[a-z]+=/);
    }
  });
});
