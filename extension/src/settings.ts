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

/** Checks a URL typed on the options page: http(s) only, no credentials; plain http only for loopback (tokens must not cross a network in clear). */
function checkedUrl(typed: string): URL {
  let url: URL;
  try {
    url = new URL(typed.trim());
  } catch {
    throw new Error(`"${typed}" is not a URL; use e.g. https://faultmaven.example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("use an https:// URL");
  if (url.username || url.password) throw new Error("leave credentials out of the URL; sign in instead");
  // The manifest's optional host permissions and connect-src name these two loopback hosts only.
  const loopback = ["127.0.0.1", "localhost"].includes(url.hostname);
  if (url.protocol === "http:" && !loopback) throw new Error("use https:// (plain http only for 127.0.0.1 or localhost)");
  return url;
}

/** The API's origin from a URL typed on the options page (FaultMaven serves at the root, so a pasted path or query is dropped). */
export function normalizeApiUrl(typed: string): string {
  return checkedUrl(typed).origin;
}

/**
 * An external authorization server's issuer as typed, path kept (an issuer such as https://keycloak.example.com/realms/ops
 * is a path under its host; discovery reads ISSUER/.well-known/openid-configuration); no query or fragment.
 */
export function normalizeIssuerUrl(typed: string): string {
  const url = checkedUrl(typed);
  if (url.search || url.hash) throw new Error("leave the query and fragment out of the issuer URL");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The host permission pattern of one origin, e.g. https://127.0.0.1:5443/* (Chrome ignores the port when matching). */
export function originPattern(origin: string): string {
  return `${new URL(origin).origin}/*`;
}
