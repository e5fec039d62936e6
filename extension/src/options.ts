// The options page: the API URL (asking for host permission for that origin only), the client id, the issuer.
import { loadSettings, normalizeApiUrl, normalizeIssuerUrl, originPattern, saveSettings } from "./settings";

const form = document.getElementById("settings") as HTMLFormElement;
const saved = document.getElementById("saved")!;
const field = (id: string) => document.getElementById(id) as HTMLInputElement;

function showRegistration(clientId: string): void {
  document.getElementById("register")!.textContent =
    `scripts/fm admin create-client ${clientId || "fm-extension"} --role responder --redirect-uri "${chrome.identity.getRedirectURL()}"`;
}

void loadSettings().then((settings) => {
  field("api-url").value = settings.apiUrl;
  field("client-id").value = settings.clientId;
  field("issuer").value = settings.issuer;
  showRegistration(settings.clientId);
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const apiUrl = normalizeApiUrl(field("api-url").value);
    const issuer = field("issuer").value.trim() ? normalizeIssuerUrl(field("issuer").value) : "";
    const clientId = field("client-id").value.trim();
    const origins = [...new Set([apiUrl, issuer].filter(Boolean).map(originPattern))];
    // Asked for here, on the user's click, and only for the origins just typed (webRequest only sees requests to them:
    // it tells an untrusted certificate from an API that is down).
    const granted = await chrome.permissions.request({ origins, permissions: ["webRequest"] });
    if (!granted) throw new Error(`the extension needs access to ${origins.join(" and ")} to talk to FaultMaven`);
    await saveSettings({ apiUrl, clientId, issuer });
    showRegistration(clientId);
    saved.textContent = `Saved. FaultMaven at ${apiUrl}.`;
  } catch (error) {
    saved.textContent = `Not saved: ${(error as Error).message}`;
  }
});
