// Masks text as the server does (FaultMaven.Analysis.Masking.Masker.MaskLine), from the rules the server build exports
// (src/generated/masking-rules.json): the side panel shows the user exactly what will leave the browser.
import exported from "./generated/masking-rules.json";

/** One exported rule: an ECMAScript pattern, a .NET-style replacement, optional trigger words and a named check. */
export interface ExportedRule {
  name: string;
  source: string;
  flags: string;
  replacement: string;
  triggers?: string[];
  check?: string;
}

export interface ExportedRules {
  rules: ExportedRule[];
  privateKeyLines: { name: string; begin: { source: string; flags: string }; end: { source: string; flags: string }; replacement: string };
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3, reflected, as System.IO.Hashing.Crc32) of an ASCII string. */
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = crcTable[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Shannon entropy in bits per character; characters beyond ASCII count as one symbol, as on the server. */
function bitsPerCharacter(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) {
    const key = c.charCodeAt(0) < 128 ? c : "\u0080";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) bits -= (count / value.length) * Math.log2(count / value.length);
  return bits;
}

function classChanges(value: string): number {
  let changes = 0;
  let previous = 0;
  for (const c of value) {
    const current = /[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 0;
    if (current !== 0 && previous !== 0 && current !== previous) changes++;
    previous = current;
  }
  return changes;
}

/**
 * The checks a rule may name, each applied to the match's group named "value" when the pattern has one, else to the
 * whole match; the server has the same under the same names (MaskingValidators).
 */
export const checks: Record<string, (match: string) => boolean> = {
  luhn: (match) => {
    let sum = 0;
    let digits = 0;
    for (let i = match.length - 1; i >= 0; i--) {
      const c = match.charCodeAt(i);
      if (c < 48 || c > 57) continue;
      let digit = c - 48;
      if (digits++ % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    return digits >= 13 && digits <= 19 && sum % 10 === 0;
  },
  // GitHub's and npm's token checksum: 4-character prefix, 30 random characters, their CRC-32 in base62 (6 characters).
  "base62-crc32": (token) => {
    if (token.length <= 10) return false;
    let actual = 0;
    for (const c of token.slice(-6)) {
      const digit = base62.indexOf(c);
      if (digit < 0) return false;
      actual = actual * 62 + digit;
    }
    return actual === crc32(token.slice(4, -6));
  },
  // A value that looks random rather than like a word, a name or a number (the server's Entropy.LooksRandom).
  "high-entropy": (value) =>
    value.length >= 16 &&
    /[0-9]/.test(value) &&
    /[a-zA-Z]/.test(value) &&
    classChanges(value) * 4 >= value.length &&
    bitsPerCharacter(value) >= 3.0,
};

interface CompiledRule {
  name: string;
  pattern: RegExp;
  replacement: string;
  triggers?: string[];
  accept?: (match: string) => boolean;
}

/** Expands a .NET substitution ($1, ${name}, $0, $&, $$) for one match. */
function expand(replacement: string, match: string, groups: (string | undefined)[], named: Record<string, string | undefined> | undefined): string {
  return replacement.replace(/\$(?:(\d+)|\{(\w+)\}|(&)|(\$))/g, (whole, number?: string, name?: string, amp?: string, dollar?: string) => {
    if (dollar) return "$";
    if (amp) return match;
    if (number !== undefined) {
      const index = Number(number);
      return index === 0 ? match : index <= groups.length ? groups[index - 1] ?? "" : whole;
    }
    if (name !== undefined) {
      if (/^\d+$/.test(name)) return Number(name) === 0 ? match : groups[Number(name) - 1] ?? "";
      return named && name in named ? named[name] ?? "" : whole;
    }
    return whole;
  });
}

function compile(rule: ExportedRule): CompiledRule {
  const accept = rule.check === undefined ? undefined : checks[rule.check];
  if (rule.check !== undefined && accept === undefined) {
    throw new Error(`masking rule '${rule.name}' names check '${rule.check}', which the extension does not implement`);
  }
  return {
    name: rule.name,
    pattern: new RegExp(rule.source, rule.flags + "g"),
    replacement: rule.replacement,
    triggers: rule.triggers?.map((t) => t.toUpperCase()),
    accept,
  };
}

/** Masks lines of text with a rule set; keeps the "inside a PEM private key" state from line to line. */
export class Masker {
  private readonly rules: CompiledRule[];
  private readonly keyBegin: RegExp;
  private readonly keyEnd: RegExp;
  private readonly maskedKey: string;

  constructor(rules: ExportedRules = exported as ExportedRules) {
    this.rules = rules.rules.map(compile);
    this.keyBegin = new RegExp(rules.privateKeyLines.begin.source, rules.privateKeyLines.begin.flags + "g");
    this.keyEnd = new RegExp(rules.privateKeyLines.end.source, rules.privateKeyLines.end.flags + "g");
    this.maskedKey = rules.privateKeyLines.replacement;
  }

  /** Masks text line by line ('\n' separated, as the server reads it); every other character is kept. */
  maskText(text: string): string {
    const state = { insidePrivateKey: false };
    return text.split("\n").map((line) => this.maskLine(line, state)).join("\n");
  }

  maskLine(line: string, state: { insidePrivateKey: boolean }): string {
    line = this.maskPrivateKeyLines(line, state);
    for (const rule of this.rules) line = apply(rule, line);
    return line;
  }

  private maskPrivateKeyLines(line: string, state: { insidePrivateKey: boolean }): string {
    if (state.insidePrivateKey) {
      this.keyEnd.lastIndex = 0;
      const end = this.keyEnd.exec(line);
      if (!end) return this.maskedKey;
      state.insidePrivateKey = false;
      return this.maskedKey + line.slice(end.index + end[0].length);
    }
    this.keyBegin.lastIndex = 0;
    const begin = this.keyBegin.exec(line);
    if (begin) {
      this.keyEnd.lastIndex = begin.index;
      if (!this.keyEnd.test(line)) {
        state.insidePrivateKey = true;
        return line.slice(0, begin.index) + this.maskedKey;
      }
    }
    return line;
  }
}

function apply(rule: CompiledRule, text: string): string {
  if (rule.triggers) {
    const upper = text.toUpperCase();
    if (!rule.triggers.some((trigger) => upper.includes(trigger))) return text;
  }
  return text.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
    const hasNamed = typeof rest[rest.length - 1] === "object" && rest[rest.length - 1] !== null;
    const named = hasNamed ? (rest[rest.length - 1] as Record<string, string | undefined>) : undefined;
    const groups = rest.slice(0, rest.length - (hasNamed ? 3 : 2)) as (string | undefined)[];
    if (rule.accept && !rule.accept(named?.value ?? match)) return match;
    return expand(rule.replacement, match, groups, named);
  });
}

/** The rule names the server masks with, as bundled into this build. */
export const ruleNames = (exported as ExportedRules).rules.map((r) => r.name);
