// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import type { AgentResponse } from "../src/api";
import { renderAnswer } from "../src/render";

const answer: AgentResponse = {
  findings: [{ id: "f1", kind: "error-burst", severity: "error", title: "Error burst in checkout", count: 2, examples: [] }],
  suggestions: [
    {
      rootCause: "downstream-timeout", title: "A downstream service times out", description: "Calls wait for a dependency.", confidence: 0.82, successRate: 0.5,
      evidence: [{ position: 1, level: "error", message: "ERROR payment gateway timeout | checkout", timestamp: "2026-11-30T10:00:02Z" }], evidenceCount: 2,
      steps: ["Check the gateway's latency"], commands: [{ platform: "kubernetes", run: "kubectl logs deploy/gateway", why: "its side of the timeout" }], references: [],
    },
    { rootCause: "db-down", title: "<img src=x onerror=alert(1)>", description: "", confidence: 0.31, successRate: 0.5, evidence: [], evidenceCount: 0, steps: [], commands: [], references: [] },
  ],
  steps: [], commands: [], similarIncidents: [{ incidentId: "inc-1", title: "Gateway timeouts", similarity: 0.91, resolution: "Raised the pool size" }],
  eventCount: 3, unreadLines: 0,
};
const sent = "INFO start\nERROR payment gateway timeout\nERROR payment gateway timeout";

describe("the answer in the side panel", () => {
  it("ranks root causes with their confidence and highlights the evidence lines among those sent", () => {
    const section = renderAnswer(document, sent, answer, { feedback: vi.fn(), copy: vi.fn() });
    const titles = [...section.querySelectorAll(".suggestions > li h3")].map((h) => h.textContent);
    expect(titles).toEqual(["A downstream service times out", "<img src=x onerror=alert(1)>"]);
    expect(section.querySelector("meter")!.getAttribute("aria-label")).toBe("Confidence 82%");
    expect([...section.querySelectorAll("pre.sent mark")].map((m) => m.textContent)).toEqual(["ERROR payment gateway timeout", "ERROR payment gateway timeout"]);
    expect(section.querySelector("img")).toBeNull();
    expect(section.querySelector(".similar")!.textContent).toContain("Resolved by: Raised the pool size");
  });

  it("copies a command and sends feedback once, saying it was counted", async () => {
    const feedback = vi.fn().mockResolvedValue(0.75);
    const copy = vi.fn().mockResolvedValue(undefined);
    const section = renderAnswer(document, sent, answer, { feedback, copy });
    section.querySelector<HTMLButtonElement>("button.copy")!.click();
    const worked = section.querySelector<HTMLButtonElement>("button.feedback.worked")!;
    worked.click();
    await vi.waitFor(() => expect(worked.getAttribute("aria-pressed")).toBe("true"));
    expect(copy).toHaveBeenCalledWith("kubectl logs deploy/gateway");
    expect(feedback).toHaveBeenCalledWith("downstream-timeout", "worked");
    expect(section.querySelector(".feedback-status")!.textContent).toContain("75%");
    expect(section.querySelector<HTMLButtonElement>("button.feedback.did-not-work")!.disabled).toBe(true);
  });

  it("lets feedback be sent again when it failed", async () => {
    const section = renderAnswer(document, sent, answer, { feedback: vi.fn().mockRejectedValue(new Error("API down")), copy: vi.fn() });
    const worked = section.querySelector<HTMLButtonElement>("button.feedback.worked")!;
    worked.click();
    await vi.waitFor(() => expect(section.querySelector(".feedback-status")!.textContent).toBe("Not sent: API down"));
    expect(worked.disabled).toBe(false);
  });
});
