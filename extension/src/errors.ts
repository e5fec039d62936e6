// What went wrong, said so the engineer knows what to do next.

export type ErrorKind = "not-configured" | "signed-out" | "expired" | "unreachable" | "certificate" | "forbidden" | "rate-limited" | "problem";

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** What to do about it, when there is something. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The hint for a certificate the browser does not trust: FaultMaven's local CA (scripts/run.sh) must be trusted first. */
export const trustLocalCaHint =
  "If this is a local FaultMaven started by scripts/run.sh, its certificate comes from the local CA in .faultmaven/tls/ca.crt. " +
  "Trust it once: Chrome settings → Privacy and security → Security → Manage certificates → Authorities → Import (tick \"Trust this certificate for identifying websites\"), " +
  "or on Linux: certutil -d sql:$HOME/.pki/nssdb -A -t C,, -n faultmaven-local -i .faultmaven/tls/ca.crt; then reload.";

/** Maps a network error (chrome.webRequest's net::ERR_…, when known) of a failed fetch to a clear message. */
export function networkError(url: string, netError: string | undefined): ApiError {
  const origin = new URL(url).origin;
  if (netError && /CERT|SSL|TLS/i.test(netError)) {
    return new ApiError("certificate", `The browser does not trust the certificate of ${origin} (${netError}).`, trustLocalCaHint);
  }
  return new ApiError(
    "unreachable",
    `FaultMaven's API at ${origin} cannot be reached${netError ? ` (${netError})` : ""}.`,
    `Check that it is running (scripts/run.sh prints its URL) and that the URL on the options page is right. ${netError ? "" : "If it uses a certificate from a local CA, the browser may not trust it: " + trustLocalCaHint}`.trim(),
  );
}

/** Maps an API response that is not a success to a clear message, from its RFC 9457 problem details when it has them. */
export async function responseError(response: Response): Promise<ApiError> {
  let detail = "";
  try {
    const problem = (await response.json()) as { title?: string; detail?: string; errors?: Record<string, string[]> };
    const fields = problem.errors ? Object.entries(problem.errors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ") : "";
    detail = [problem.title, problem.detail, fields].filter(Boolean).join(" — ");
  } catch {
    detail = response.statusText;
  }
  switch (response.status) {
    case 401:
      return new ApiError("expired", "Your sign-in has expired.", "Sign in again; what you typed is kept.");
    case 403:
      return new ApiError("forbidden", `FaultMaven refused this: ${detail}`, "Analyzing needs the responder role; ask an admin (fm admin grant NAME responder).");
    case 429:
      return new ApiError("rate-limited", "Too many analyses in a short time.", `Try again in ${response.headers.get("Retry-After") ?? "a few"} seconds.`);
    default:
      return new ApiError("problem", `FaultMaven answered ${response.status}: ${detail}`);
  }
}
