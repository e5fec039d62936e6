// What the user is about to send, kept in chrome.storage.session so that closing the side panel, an expired sign-in
// or an unreachable API never loses it (session storage lives until the browser closes, and never touches disk).
import type { PageKind } from "./capture";

export interface Draft {
  text: string;
  url: string;
  title: string;
  kind: PageKind | "paste";
}

export async function loadDraft(): Promise<Draft | undefined> {
  const { draft } = await chrome.storage.session.get("draft");
  return draft as Draft | undefined;
}

export async function saveDraft(draft: Draft): Promise<void> {
  await chrome.storage.session.set({ draft });
}
