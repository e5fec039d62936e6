// @vitest-environment jsdom
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { capturePage } from "../src/capture";
import { Masker } from "../src/masking";

function load(name: string): Document {
  const html = readFileSync(resolve(import.meta.dirname, "fixtures", name), "utf8");
  return new DOMParser().parseFromString(html, "text/html");
}

describe("capturing the log a page shows", () => {
  it("reads a GitHub Actions step log without its line numbers", () => {
    const capture = capturePage(load("github-actions.html"));
    expect(capture.kind).toBe("github-actions");
    expect(capture.text).toBe(
      ["Run dotnet test --no-build", "Npgsql.NpgsqlException: Failed to connect to 10.0.3.7:5432", "---> System.Net.Sockets.SocketException (111): Connection refused", "Error: Process completed with exit code 1."].join("\n"),
    );
    expect(capture.title).toBe("build · Run #412 · acme/shop");
  });

  it("reads the Kubernetes dashboard's log view without its toolbar", () => {
    const capture = capturePage(load("kubernetes-dashboard.html"));
    expect(capture.kind).toBe("kubernetes-dashboard");
    expect(capture.text.split("\n")).toHaveLength(3);
    expect(capture.text).toContain("ERROR OOMKilled: container exceeded memory limit 512Mi");
    expect(capture.text).not.toContain("Download");
  });

  it("reads Kibana Discover's data grid as one line per document, without the details buttons", () => {
    const capture = capturePage(load("kibana-discover.html"));
    expect(capture.kind).toBe("kibana-discover");
    expect(capture.text).toBe("Nov 30, 2026 @ 10:00:02.470 ERROR payment gateway timeout user=ann.lee@example.com\nNov 30, 2026 @ 10:00:03.002 WARN retrying charge 3/3");
  });

  it("reads Kibana's legacy doc table", () => {
    const capture = capturePage(load("kibana-legacy.html"));
    expect(capture.kind).toBe("kibana-discover");
    expect(capture.text).toBe("Nov 30, 2026 @ 10:00:02.470 ERROR disk full on /var/lib/postgresql");
  });

  it("reads Grafana Explore's log rows with their time", () => {
    const capture = capturePage(load("grafana-explore.html"));
    expect(capture.kind).toBe("grafana-explore");
    expect(capture.text).toBe(
      '2026-11-30 10:00:02.470 level=error msg="payment gateway timeout" Authorization: Bearer abc.def\n2026-11-30 10:00:03.100 level=info msg="retry scheduled"',
    );
  });

  it("falls back to the pre and code blocks of any page, each once", () => {
    const capture = capturePage(load("issue-pre-code.html"));
    expect(capture.kind).toBe("pre-code");
    expect(capture.text).toBe("TimeoutException\n2026-11-30 10:00:02 ERROR payment gateway timeout\n2026-11-30 10:00:02 ERROR password=hunter2 rejected by gateway\nlogs");
  });

  it("finds nothing on a page without logs", () => {
    expect(capturePage(load("plain.html"))).toMatchObject({ kind: "none", text: "" });
  });

  it("prefers what the user selected", () => {
    document.body.innerHTML = "<pre>ignored line</pre><p id='p'>ERROR selected line</p>";
    const range = document.createRange();
    range.selectNodeContents(document.getElementById("p")!);
    window.getSelection()!.addRange(range);
    expect(capturePage(document)).toMatchObject({ kind: "selection", text: "ERROR selected line" });
    expect(capturePage(document, false)).toMatchObject({ kind: "pre-code", text: "ignored line" });
  });

  it("leaves no secret of a captured page unmasked", () => {
    const masker = new Masker();
    const masked = ["kubernetes-dashboard.html", "kibana-discover.html", "grafana-explore.html", "issue-pre-code.html"].map((f) => masker.maskText(capturePage(load(f)).text)).join("\n");
    expect(masked).not.toMatch(/hunter2|ann\.lee|abc\.def/);
    expect(masked.match(/<masked:[a-z-]+>/g)).toEqual(["<masked:credentials>", "<masked:email>", "<masked:token>", "<masked:secret>"]);
  });
});
