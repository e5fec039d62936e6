// Builds the answer in the side panel from an /logs/analyze response. Text goes in through textContent only: nothing
// from the API or the page is ever parsed as HTML.
import type { AgentResponse, DiagnosticCommand, Hypothesis } from "./api";

export interface AnswerActions {
  /** Sends worked/did-not-work for one suggestion; resolves with the root cause's success rate after it. */
  feedback(rootCause: string, outcome: "worked" | "did-not-work"): Promise<number>;
  copy(text: string): Promise<void>;
  /** The incident the analysis was stored as (feedback is given on it), or undefined when none was stored. */
  incidentId?: string;
}

type Child = Node | string;

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** The sent lines, with the ones any suggestion cites as evidence marked. */
export function highlightEvidence(doc: Document, sent: string, answer: AgentResponse): HTMLElement {
  // An evidence message is the matched text, then " | " and the line's attribute values.
  const evidence = new Set(answer.suggestions.flatMap((s) => s.evidence.map((e) => e.message.split(" | ")[0].trim())).filter((m) => m.length > 0));
  const pre = el(doc, "pre", { class: "sent", role: "region", tabindex: "0", "aria-label": "Sent log lines; evidence lines are highlighted" });
  for (const line of sent.split("\n")) {
    const cited = [...evidence].some((message) => line.includes(message));
    pre.append(cited ? el(doc, "mark", { class: "evidence" }, line) : line, "\n");
  }
  return pre;
}

function commandItem(doc: Document, command: DiagnosticCommand, actions: AnswerActions): HTMLElement {
  const button = el(doc, "button", { type: "button", class: "copy", "aria-label": `Copy command: ${command.run}` }, "Copy");
  button.addEventListener("click", async () => {
    await actions.copy(command.run);
    button.textContent = "Copied";
  });
  return el(doc, "li", {}, el(doc, "code", {}, command.run), " ", button, el(doc, "div", { class: "why" }, `${command.platform}: ${command.why}`));
}

function suggestionItem(doc: Document, suggestion: Hypothesis, rank: number, actions: AnswerActions): HTMLElement {
  const id = `suggestion-${rank}`;
  const status = el(doc, "span", { class: "feedback-status", role: "status", "aria-live": "polite" });
  const feedbackButton = (outcome: "worked" | "did-not-work", label: string) => {
    const button = el(doc, "button", { type: "button", class: `feedback ${outcome}`, "aria-pressed": "false", "aria-describedby": `${id}-title` }, label);
    button.addEventListener("click", async () => {
      for (const other of button.parentElement?.querySelectorAll("button") ?? []) other.setAttribute("disabled", "");
      status.textContent = "Sending…";
      try {
        const rate = await actions.feedback(suggestion.rootCause, outcome);
        button.setAttribute("aria-pressed", "true");
        status.textContent = `Thanks: counted. This cause now works ${percent(rate)} of the time.`;
      } catch (error) {
        status.textContent = `Not sent: ${(error as Error).message}`;
        for (const other of button.parentElement?.querySelectorAll("button") ?? []) other.removeAttribute("disabled");
      }
    });
    return button;
  };
  const item = el(
    doc,
    "li",
    { class: "suggestion", "aria-labelledby": `${id}-title` },
    // The list numbers the suggestions; the heading carries the title alone.
    el(doc, "h3", { id: `${id}-title` }, suggestion.title),
    el(
      doc,
      "div",
      { class: "confidence" },
      el(doc, "meter", { min: "0", max: "1", value: String(suggestion.confidence), "aria-label": `Confidence ${percent(suggestion.confidence)}` }),
      ` confidence ${percent(suggestion.confidence)}`,
    ),
    el(doc, "p", {}, suggestion.description),
  );
  if (suggestion.evidence.length > 0) {
    item.append(
      el(doc, "h4", {}, `Evidence (${suggestion.evidenceCount} line${suggestion.evidenceCount === 1 ? "" : "s"})`),
      el(doc, "ul", { class: "evidence-lines" }, ...suggestion.evidence.map((e) => el(doc, "li", {}, el(doc, "mark", { class: "evidence" }, e.message)))),
    );
  }
  if (suggestion.steps.length > 0) item.append(el(doc, "h4", {}, "Steps"), el(doc, "ol", { class: "steps" }, ...suggestion.steps.map((s) => el(doc, "li", {}, s))));
  if (suggestion.commands.length > 0) item.append(el(doc, "h4", {}, "Commands"), el(doc, "ul", { class: "commands" }, ...suggestion.commands.map((c) => commandItem(doc, c, actions))));
  item.append(el(doc, "div", { class: "feedback-buttons", role: "group", "aria-label": `Did "${suggestion.title}" fix it?` }, feedbackButton("worked", "Worked"), feedbackButton("did-not-work", "Did not work"), status));
  return item;
}

/** The whole answer: sent lines with evidence highlighted, findings, ranked root causes, similar incidents. */
export function renderAnswer(doc: Document, sent: string, answer: AgentResponse, actions: AnswerActions): HTMLElement {
  const section = el(doc, "section", { class: "answer", "aria-labelledby": "answer-title" }, el(doc, "h2", { id: "answer-title", tabindex: "-1" }, "FaultMaven's answer"));
  section.append(el(doc, "p", { class: "summary" }, `${answer.eventCount} events read, ${answer.findings.length} finding${answer.findings.length === 1 ? "" : "s"}, ${answer.suggestions.length} likely root cause${answer.suggestions.length === 1 ? "" : "s"}.`));
  // The API has no page for an incident yet (GET /incidents/{id} needs a bearer token), so the panel names it.
  if (actions.incidentId) section.append(el(doc, "p", { class: "incident" }, "Stored as incident ", el(doc, "code", {}, actions.incidentId), " (GET /incidents/", actions.incidentId, ")."));
  if (answer.findings.length > 0) {
    section.append(
      el(doc, "h3", {}, "Findings"),
      el(doc, "ul", { class: "findings" }, ...answer.findings.map((f) => el(doc, "li", { class: `severity-${f.severity}` }, el(doc, "strong", {}, f.title), ` — ${f.severity}, ${f.count}×`))),
    );
  }
  section.append(el(doc, "h3", {}, "What you sent"), highlightEvidence(doc, sent, answer));
  section.append(
    el(doc, "h3", {}, "Likely root causes"),
    answer.suggestions.length > 0
      ? el(doc, "ol", { class: "suggestions" }, ...answer.suggestions.map((s, i) => suggestionItem(doc, s, i + 1, actions)))
      : el(doc, "p", {}, "No known root cause matches these lines."),
  );
  if (answer.similarIncidents.length > 0) {
    section.append(
      el(doc, "h3", {}, "Similar past incidents"),
      el(doc, "ul", { class: "similar" }, ...answer.similarIncidents.map((s) => el(doc, "li", {}, el(doc, "strong", {}, s.title), ` (${percent(s.similarity)} similar)`, el(doc, "div", {}, s.resolution ? `Resolved by: ${s.resolution}` : "Not resolved yet.")))),
    );
  }
  return section;
}
