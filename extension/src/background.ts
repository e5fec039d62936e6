// The service worker: the "Analyze with FaultMaven" menu, the side panel, and the open-incidents badge.
import { openIncidents } from "./api";
import { capturePage, type Capture } from "./capture";
import { saveDraft } from "./drafts";
import { badgeText, nextPollMinutes } from "./backoff";
import { ApiError } from "./errors";

const menuId = "analyze-with-faultmaven";
const pollAlarm = "open-incidents";

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: menuId, title: "Analyze with FaultMaven", contexts: ["selection", "page"] });
  void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
  void schedulePoll(0);
});
chrome.runtime.onStartup.addListener(() => void schedulePoll(0));

/** Opens the side panel on the tab and hands it what the page shows: the selection, else the log a viewer shows. */
export async function onMenuClicked(info: chrome.contextMenus.OnClickData, tab?: chrome.tabs.Tab): Promise<Capture | undefined> {
  if (info.menuItemId !== menuId || tab?.id === undefined) return undefined;
  // Opening the panel needs the click's user gesture, so it comes before any await.
  const opened = chrome.sidePanel.open({ tabId: tab.id }).catch(() => undefined);
  let capture: Capture;
  try {
    const [result] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: capturePage });
    capture = result.result as Capture;
  } catch {
    // Pages the extension may not script (the Web Store, chrome://): the menu's own copy of the selection.
    capture = { kind: "selection", text: info.selectionText ?? "", url: tab.url ?? "", title: tab.title ?? "" };
  }
  await saveDraft({ ...capture, kind: capture.kind });
  await opened;
  return capture;
}
chrome.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab));

async function schedulePoll(failures: number): Promise<void> {
  await chrome.storage.session.set({ pollFailures: failures });
  await chrome.alarms.create(pollAlarm, { delayInMinutes: failures === 0 ? 0.05 : nextPollMinutes(failures) });
}

/** Fetches the open incidents the user may see and shows their count on the toolbar icon; backs off on failure. */
export async function pollIncidents(): Promise<void> {
  const { pollFailures = 0 } = (await chrome.storage.session.get("pollFailures")) as { pollFailures?: number };
  try {
    const page = await openIncidents();
    await chrome.action.setBadgeText({ text: badgeText(page.items.length, Boolean((page as { nextCursor?: string }).nextCursor)) });
    await chrome.action.setBadgeBackgroundColor({ color: "#b3261e" });
    await chrome.action.setTitle({ title: `FaultMaven: ${page.items.length} open incident${page.items.length === 1 ? "" : "s"}` });
    await chrome.storage.session.set({ pollFailures: 0 });
    await chrome.alarms.create(pollAlarm, { delayInMinutes: nextPollMinutes(0) });
  } catch (error) {
    const quiet = error instanceof ApiError && (error.kind === "signed-out" || error.kind === "not-configured");
    await chrome.action.setBadgeText({ text: quiet ? "" : "!" });
    await chrome.action.setTitle({ title: `FaultMaven: ${(error as Error).message}` });
    await chrome.storage.session.set({ pollFailures: pollFailures + 1 });
    await chrome.alarms.create(pollAlarm, { delayInMinutes: nextPollMinutes(pollFailures + 1) });
  }
}
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === pollAlarm) void pollIncidents();
});
// Signing in or out, or a new API URL, counts at once rather than at the next alarm.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && ("tokens" in changes || "settings" in changes)) void schedulePoll(0);
});

// The end-to-end test presses the menu item the way Chrome does (Playwright cannot click native menus) and polls at once.
Object.assign(globalThis, { faultmaven: { onMenuClicked, pollIncidents } });
