// The side panel: the draft (selection, captured log or paste), exactly what will be sent after masking, then the answer.
import { analyzeLogs, sendFeedback, sourceFor } from "./api";
import { loadTokens, signIn, signOut } from "./auth";
import { capturePage, type Capture } from "./capture";
import { type Draft, loadDraft, saveDraft } from "./drafts";
import { ApiError } from "./errors";
import { Masker } from "./masking";
import { renderAnswer } from "./render";
import { loadSettings } from "./settings";

const started = performance.now();
const masker = new Masker();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const draftBox = $<HTMLTextAreaElement>("draft");
const preview = $<HTMLPreElement>("preview");
const analyzeButton = $<HTMLButtonElement>("analyze");
const answer = $<HTMLDivElement>("answer");
let draft: Draft = { text: "", url: "", title: "", kind: "paste" };

function showError(error: unknown): void {
  const box = $("error");
  if (error === undefined) {
    box.hidden = true;
    return;
  }
  const apiError = error instanceof ApiError ? error : new ApiError("problem", (error as Error).message ?? String(error));
  $("error-message").textContent = apiError.message;
  $("error-hint").textContent = apiError.hint ?? "";
  box.dataset.kind = apiError.kind;
  box.hidden = false;
  if (apiError.kind === "expired" || apiError.kind === "signed-out") void showAccount();
}

/** The masked text with each mask marked, so the user sees what was hidden; returns the text that will be sent. */
function renderPreview(): string {
  const masked = masker.maskText(draft.text);
  preview.replaceChildren();
  for (const part of masked.split(/(<masked:[a-z0-9-]+>)/)) {
    if (!part) continue;
    if (part.startsWith("<masked:")) {
      const span = document.createElement("span");
      span.className = "masked";
      span.textContent = part;
      preview.append(span);
    } else preview.append(part);
  }
  const masks = masked.match(/<masked:[a-z0-9-]+>/g)?.length ?? 0;
  $("preview-summary").textContent = draft.text.trim()
    ? `${masked.split("\n").filter((l) => l.trim()).length} lines as source "${sourceFor(draft.url)}", ${masks} value${masks === 1 ? "" : "s"} masked by the server's rules before anything leaves the browser.`
    : "Secrets and personal data are masked here, by the same rules as the server, before anything leaves the browser.";
  $("context").textContent = draft.url ? `From ${draft.title || draft.url} (${draft.url}), read as ${draft.kind}.` : "";
  analyzeButton.disabled = !draft.text.trim();
  return masked;
}

function setDraft(next: Draft, persist: boolean): void {
  draft = next;
  if (draftBox.value !== next.text) draftBox.value = next.text;
  renderPreview();
  if (persist) void saveDraft(draft);
}

async function showAccount(): Promise<void> {
  const [tokens, settings] = await Promise.all([loadTokens(), loadSettings()]);
  const signedIn = tokens !== undefined;
  $("who").textContent = !settings.apiUrl ? "Set the API URL in Settings" : signedIn ? `Signed in to ${new URL(settings.apiUrl).host}` : "Not signed in";
  $("sign-in").hidden = signedIn;
  $("sign-out").hidden = !signedIn;
}

draftBox.addEventListener("input", () => setDraft({ ...draft, text: draftBox.value, kind: draft.text ? draft.kind : "paste" }, true));

$("sign-in").addEventListener("click", async () => {
  showError(undefined);
  try {
    await signIn();
  } catch (error) {
    showError(error);
  }
  await showAccount();
});

$("sign-out").addEventListener("click", async () => {
  await signOut();
  await showAccount();
});

$("capture").addEventListener("click", async () => {
  showError(undefined);
  try {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    if (tab?.id === undefined) throw new Error("no page to capture");
    const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: capturePage });
    const capture = result.result as Capture;
    if (!capture.text) throw new ApiError("problem", "No log found on this page.", "Select the lines and choose \"Analyze with FaultMaven\" from the menu, or paste them.");
    setDraft({ ...capture }, true);
  } catch (error) {
    showError(error instanceof ApiError ? error : new ApiError("problem", "This page cannot be read.", "Open the side panel from the page's menu (\"Analyze with FaultMaven\"), which lets the extension read it once."));
  }
});

analyzeButton.addEventListener("click", async () => {
  showError(undefined);
  const sent = renderPreview();
  analyzeButton.disabled = true;
  analyzeButton.textContent = "Analyzing…";
  answer.setAttribute("aria-busy", "true");
  try {
    const response = await analyzeLogs(sent, sourceFor(draft.url));
    const incidentId = response.incidentIds[0];
    const section = renderAnswer(document, sent, response.analysis, {
      incidentId,
      copy: (text) => navigator.clipboard.writeText(text),
      feedback: async (rootCause, outcome) => {
        if (!incidentId) throw new Error("this analysis stored no incident to give feedback on");
        return (await sendFeedback(incidentId, rootCause, outcome)).successRate;
      },
    });
    answer.replaceChildren(section);
    section.querySelector<HTMLElement>("#answer-title")?.focus();
  } catch (error) {
    showError(error);
  } finally {
    answer.removeAttribute("aria-busy");
    analyzeButton.textContent = "Analyze";
    analyzeButton.disabled = !draft.text.trim();
  }
});

// A selection sent from the page's menu while the panel is open.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "session" && changes.draft?.newValue) setDraft(changes.draft.newValue as Draft, false);
  if (area === "local" && ("tokens" in changes || "settings" in changes)) void showAccount();
});

void Promise.all([loadDraft(), showAccount()]).then(([saved]) => {
  if (saved) setDraft(saved, false);
  document.body.dataset.readyMs = (performance.now() - started).toFixed(1);
});
