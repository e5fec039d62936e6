// Sign-in with OAuth2 authorization code + PKCE (S256) through chrome.identity.launchWebAuthFlow, against FaultMaven's
// embedded authorization server or the configured issuer; tokens in chrome.storage.local, refreshed before they expire.
import { ApiError, networkError, responseError } from "./errors";
import { createPkce, randomState } from "./pkce";
import { type Settings, loadSettings } from "./settings";

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number;
}

interface Endpoints {
  authorization: string;
  token: string;
}

/** Refresh this long before the access token expires, so a request never leaves with a token about to lapse. */
const refreshMarginMs = 60_000;

export async function endpoints(settings: Settings): Promise<Endpoints> {
  const issuer = (settings.issuer || settings.apiUrl).replace(/\/$/, "");
  try {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    if (response.ok) {
      const metadata = (await response.json()) as { authorization_endpoint: string; token_endpoint: string };
      return { authorization: metadata.authorization_endpoint, token: metadata.token_endpoint };
    }
  } catch {
    // Fall through: the embedded server's fixed paths.
  }
  return { authorization: `${issuer}/connect/authorize`, token: `${issuer}/connect/token` };
}

export async function loadTokens(): Promise<Tokens | undefined> {
  const { tokens } = await chrome.storage.local.get("tokens");
  return tokens as Tokens | undefined;
}

async function storeTokens(response: Response, previous?: Tokens): Promise<Tokens> {
  const body = (await response.json()) as { access_token: string; refresh_token?: string; expires_in?: number };
  const tokens: Tokens = {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? previous?.refreshToken,
    expiresAt: Date.now() + (body.expires_in ?? 3600) * 1000,
  };
  await chrome.storage.local.set({ tokens });
  return tokens;
}

async function postForm(url: string, form: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form) });
  } catch {
    throw networkError(url, undefined);
  }
}

/** Opens the authorization server's sign-in page; resolves with the tokens once the user has signed in. */
export async function signIn(): Promise<Tokens> {
  const settings = await loadSettings();
  if (!settings.apiUrl) throw new ApiError("not-configured", "Set FaultMaven's API URL first.", "Open the options page.");
  const { authorization, token } = await endpoints(settings);
  const { verifier, challenge } = await createPkce();
  const state = randomState();
  const redirectUri = chrome.identity.getRedirectURL();
  const url = new URL(authorization);
  url.search = new URLSearchParams({
    client_id: settings.clientId,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "api offline_access",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
  }).toString();
  const redirected = await chrome.identity.launchWebAuthFlow({ url: url.toString(), interactive: true });
  if (!redirected) throw new ApiError("signed-out", "Sign-in was cancelled.");
  const answer = new URL(redirected).searchParams;
  if (answer.get("error")) throw new ApiError("signed-out", `Sign-in failed: ${answer.get("error")} ${answer.get("error_description") ?? ""}`.trim());
  if (answer.get("state") !== state) throw new ApiError("signed-out", "Sign-in failed: the answer was not for this request (state mismatch).");
  const response = await postForm(token, {
    grant_type: "authorization_code",
    code: answer.get("code") ?? "",
    redirect_uri: redirectUri,
    client_id: settings.clientId,
    code_verifier: verifier,
  });
  if (!response.ok) throw await responseError(response);
  return storeTokens(response);
}

let refreshing: Promise<Tokens> | undefined;

/** Trades the refresh token for new tokens; concurrent callers share one request. */
export function refresh(tokens: Tokens): Promise<Tokens> {
  refreshing ??= (async () => {
    try {
      const settings = await loadSettings();
      if (!tokens.refreshToken) throw new ApiError("expired", "Your sign-in has expired.", "Sign in again; what you typed is kept.");
      const response = await postForm((await endpoints(settings)).token, { grant_type: "refresh_token", refresh_token: tokens.refreshToken, client_id: settings.clientId });
      if (!response.ok) {
        await chrome.storage.local.remove("tokens");
        throw new ApiError("expired", "Your sign-in has expired.", "Sign in again; what you typed is kept.");
      }
      return await storeTokens(response, tokens);
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** A current access token: the stored one, or a refreshed one when it is about to expire. */
export async function accessToken(now = Date.now()): Promise<string> {
  const tokens = await loadTokens();
  if (!tokens) throw new ApiError("signed-out", "You are not signed in to FaultMaven.", "Sign in to analyze.");
  if (tokens.expiresAt - refreshMarginMs > now) return tokens.accessToken;
  return (await refresh(tokens)).accessToken;
}

export async function signOut(): Promise<void> {
  await chrome.storage.local.remove("tokens");
}
