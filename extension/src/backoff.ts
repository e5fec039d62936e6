// When to fetch the open incidents next: every minute while it works, doubling after each failure up to 30 minutes.

export const pollMinutes = 1;
export const maxPollMinutes = 30;

export function nextPollMinutes(consecutiveFailures: number): number {
  return Math.min(maxPollMinutes, pollMinutes * 2 ** Math.max(0, consecutiveFailures));
}

export function badgeText(openIncidents: number, more: boolean): string {
  if (openIncidents === 0) return "";
  return openIncidents > 99 || more ? "99+" : String(openIncidents);
}
