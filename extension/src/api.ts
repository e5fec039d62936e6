// FaultMaven's API as the extension uses it: /logs/analyze, /feedback, /incidents. Every call carries a current token,
// retries once with a refreshed token on 401, and turns failures into ApiError with a clear message.
import { accessToken, loadTokens, refresh } from "./auth";
import { ApiError, networkError, responseError } from "./errors";
import { loadSettings } from "./settings";

export interface EvidenceLine { position: number; level: string; message: string; timestamp: string }
export interface DiagnosticCommand { platform: string; run: string; why: string }
export interface Hypothesis {
  rootCause: string;
  title: string;
  description: string;
  confidence: number;
  successRate: number;
  evidence: EvidenceLine[];
  evidenceCount: number;
  steps: string[];
  commands: DiagnosticCommand[];
  references: string[];
}
export interface Finding { id: string; kind: string; severity: string; title: string; count: number; examples: string[] }
export interface SimilarIncident { incidentId: string; title: string; similarity: number; resolution?: string | null }
export interface AgentResponse {
  findings: Finding[];
  suggestions: Hypothesis[];
  steps: string[];
  commands: DiagnosticCommand[];
  similarIncidents: SimilarIncident[];
  eventCount: number;
  unreadLines: number;
}
export interface LogAnalysisResponse { analysis: AgentResponse; incidentIds: string[] }
export interface FeedbackResponse { id: string; incidentId: string; rootCause: string; outcome: string; successRate: number }
export interface Incident { id: string; title?: string; status: string; source?: string }

/** The net::ERR_… of the last failed request to a URL, seen through chrome.webRequest when that optional permission is granted. */
async function withNetError<T>(url: string, run: () => Promise<T>): Promise<T> {
  let netError: string | undefined;
  const listener = (details: { url: string; error: string }) => {
    if (details.url.startsWith(url.split("?")[0])) netError = details.error;
  };
  const webRequest = typeof chrome !== "undefined" ? chrome.webRequest : undefined;
  const { protocol, hostname } = new URL(url);
  webRequest?.onErrorOccurred.addListener(listener, { urls: [`${protocol}//${hostname}/*`] });
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The error event may arrive just after fetch rejects.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw networkError(url, netError);
  } finally {
    webRequest?.onErrorOccurred.removeListener(listener);
  }
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { apiUrl } = await loadSettings();
  if (!apiUrl) throw new ApiError("not-configured", "Set FaultMaven's API URL first.", "Open the options page.");
  const url = apiUrl + path;
  const send = async (token: string) =>
    withNetError(url, () => fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}`, Accept: "application/json" } }));
  let response = await send(await accessToken());
  if (response.status === 401) {
    const tokens = await loadTokens();
    if (tokens) response = await send((await refresh(tokens)).accessToken);
  }
  if (!response.ok) throw await responseError(response);
  return (await response.json()) as T;
}

/** Analyzes masked log text and stores its findings as an incident of `source`, so feedback can name it. */
export function analyzeLogs(logs: string, source: string): Promise<LogAnalysisResponse> {
  return apiFetch<LogAnalysisResponse>("/logs/analyze", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ logs, source, storeAsIncident: true }),
  });
}

export function sendFeedback(incidentId: string, rootCause: string, outcome: "worked" | "did-not-work", note?: string): Promise<FeedbackResponse> {
  return apiFetch<FeedbackResponse>("/feedback", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ incidentId, rootCause, outcome, note }),
  });
}

/** Open incidents the user may see (the API filters by team); one page is enough for a badge count. */
export function openIncidents(): Promise<{ items: Incident[] }> {
  return apiFetch<{ items: Incident[] }>("/incidents?status=open&limit=100");
}

/** The source an analysis is stored under: the page's host, so incidents group per site (e.g. browser:github.com). */
export function sourceFor(pageUrl: string): string {
  try {
    const host = new URL(pageUrl).hostname;
    return host ? `browser:${host}` : "browser";
  } catch {
    return "browser";
  }
}
