// Bundles the extension into dist/ (load it unpacked from there): one file per entry point, no remote code, no eval.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = new URL("./dist/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/background.ts", "src/sidepanel.ts", "src/options.ts"],
  bundle: true,
  format: "esm",
  target: "chrome120",
  outdir: out,
  legalComments: "none",
  logLevel: "warning",
});
cpSync("static", out, { recursive: true });
console.log(`built the extension into ${out}`);
