// What the extension reads from a page. capturePage runs inside the page (chrome.scripting.executeScript serializes it),
// so it is one self-contained function: no imports, no helpers outside it.

/** The log viewers the extension knows, then plain pre/code blocks. */
export type PageKind = "selection" | "github-actions" | "kubernetes-dashboard" | "kibana-discover" | "grafana-explore" | "pre-code" | "none";

export interface Capture {
  kind: PageKind;
  /** The log lines, '\n' separated, unmasked (the side panel masks them before showing or sending anything). */
  text: string;
  url: string;
  title: string;
}

/**
 * Reads the user's selection, else the log a known viewer shows, else the page's pre/code blocks.
 * The viewers are recognised by their DOM (class names and test ids of their current releases):
 * GitHub Actions `.CheckStep-line`, Kubernetes dashboard `kd-logs`, Kibana Discover's data grid or legacy doc table,
 * Grafana Explore's `logRows`.
 */
export function capturePage(root: Document = document, preferSelection = true): Capture {
  const view = root.defaultView;
  const url = view?.location?.href ?? "";
  const title = root.title;
  const clean = (s: string | null | undefined) => (s ?? "").replace(/\u00a0/g, " ").replace(/[ \t]+$/gm, "").trim();
  const lines = (elements: Iterable<Element>, read: (e: Element) => string) =>
    [...elements].map(read).map(clean).filter((line) => line.length > 0).join("\n");
  const cells = (row: Element, selector: string) =>
    [...row.querySelectorAll(selector)].map((cell) => clean(cell.textContent).replace(/\s*\n\s*/g, " ")).filter((s) => s.length > 0).join(" ");

  const selection = preferSelection ? clean(view?.getSelection?.()?.toString()) : "";
  if (selection) return { kind: "selection", text: selection, url, title };

  const viewers: [PageKind, () => string][] = [
    ["github-actions", () => lines(root.querySelectorAll(".CheckStep-line .CheckStep-line-content, .js-check-step-line .js-check-line-content"), (e) => e.textContent ?? "")],
    ["kubernetes-dashboard", () => lines(root.querySelectorAll("kd-logs .kd-logs-element, .kd-logs-container .kd-logs-element"), (e) => e.textContent ?? "")],
    [
      "kibana-discover",
      () =>
        lines(root.querySelectorAll('[data-test-subj="discoverDocTable"] .euiDataGridRow'), (row) => cells(row, '.euiDataGridRowCell:not([data-gridcell-column-id="openDetails"]):not([data-gridcell-column-id="select"]) .euiDataGridRowCell__content')) ||
        lines(root.querySelectorAll('[data-test-subj="docTableRow"], tr.kbnDocTable__row'), (row) => cells(row, '[data-test-subj="docTableField"], td.kbnDocTableCell__dataField, td[data-test-subj="docTableField"]')),
    ],
    [
      "grafana-explore",
      () => lines(root.querySelectorAll('[data-testid="logRows"] tr, table.logs-rows tr'), (row) => {
        const message = row.querySelector('[data-testid="log-row-message"], .logs-row__message');
        const time = row.querySelector(".logs-row__localtime, [data-testid='logs-row__localtime']");
        return message ? `${clean(time?.textContent)} ${message.textContent ?? ""}` : "";
      }),
    ],
    [
      "pre-code",
      () => [...root.querySelectorAll("pre, code")].filter((e) => !e.parentElement?.closest("pre")).map((e) => clean(e.textContent)).filter((s) => s.length > 0).join("\n"),
    ],
  ];
  for (const [kind, read] of viewers) {
    const text = read();
    if (text) return { kind, text, url, title };
  }
  return { kind: "none", text: "", url, title };
}
