// Where the API is and how to sign in to it, as set on the options page (chrome.storage.local).

export interface Settings {
  /** The API's base URL, e.g. https://127.0.0.1:5443 (no trailing slash). */
  apiUrl: string;
  /** The public OAuth2 client registered with `fm admin create-client NAME --redirect-uri <this extension's redirect URI>`. */
  clientId: string;
  /** The OAuth2/OIDC issuer; empty means FaultMaven's embedded authorization server at apiUrl. */
  issuer: string;
}

export const defaultSettings: Settings = { apiUrl: "", clientId: "fm-extension", issuer: "" };

export async function loadSettings(): Promise<Settings> {
  const { settings } = await chrome.storage.local.get("settings");
  return { ...defaultSettings, ...(settings as Partial<Settings> | undefined) };
}

export async function saveSettings(settings: Settings): Promise<void> {
  await chrome.storage.local.set({ settings });
}

/**
 * Checks and normalizes a URL typed on the options page: http(s) only, no path, query or credentials; plain http only
 * for loopback (tokens must not cross a network in clear). Returns the origin, or throws with what is wrong.
 */
export function normalizeApiUrl(typed: string): string {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw new Error(`"${typed}" is not a URL; use e.g. https://faultmaven.example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("use an https:// URL");
  if (url.username || url.password) throw new Error("leave credentials out of the URL; sign in instead");
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && !loopback) throw new Error("use https:// (plain http only for 127.0.0.1 or localhost)");
  return url.origin;
}

/** The host permission pattern of one origin, e.g. https://127.0.0.1:5443/* (Chrome ignores the port when matching). */
export function originPattern(origin: string): string {
  return `${new URL(origin).origin}/*`;
}
