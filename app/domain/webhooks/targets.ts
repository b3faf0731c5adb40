// Where a webhook may be sent (SSRF): the URL's form, and each address its host resolves to. Pure;
// the service resolves names and passes the addresses in.
import ipaddr from "ipaddr.js";

/** Ranges the private-targets setting opens: addresses inside a network or on this machine. */
const PRIVATE_RANGES = new Set(["loopback", "private", "linkLocal", "uniqueLocal", "carrierGradeNat"]);

export interface TargetPolicy {
  /** The admin setting: private, loopback and link-local targets allowed (a lab, an on-premises receiver). */
  allowPrivate: boolean;
  /** Plain http is allowed (development and test, or with allowPrivate). */
  allowHttp: boolean;
}

export type UrlCheck = { ok: true; url: URL; host: string; port: number } | { ok: false; message: string };

export const MAX_URL_LENGTH = 2000;

/** The URL's form: absolute http(s), no credentials, no fragment, https unless the policy allows http. */
export function checkWebhookUrl(raw: string, policy: TargetPolicy): UrlCheck {
  const text = raw.trim();
  if (text === "") return { ok: false, message: "Enter the URL that receives the events." };
  if (text.length > MAX_URL_LENGTH) return { ok: false, message: `Keep the URL under ${MAX_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: "Enter a full URL, like https://hooks.example.com/assay." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, message: "The URL must start with https://." };
  if (url.protocol === "http:" && !policy.allowHttp)
    return { ok: false, message: "The URL must use https:// (plain http is refused: the events would cross the network unencrypted)." };
  if (url.username || url.password) return { ok: false, message: "Leave user names and passwords out of the URL: the signature authenticates Assay." };
  if (url.hash) return { ok: false, message: "Leave the #fragment out of the URL." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) return { ok: false, message: "The URL needs a host name." };
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  return { ok: true, url, host, port };
}

/** Why an address may not be a target, or null when it may. */
export function addressRefusal(address: string, policy: TargetPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address.`;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1: judge (and name) the IPv4 address inside.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    address = parsed.toString();
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  if (PRIVATE_RANGES.has(range)) {
    if (policy.allowPrivate) return null;
    return `${address} is a ${describeRange(range)} address, inside a private network or this machine; an admin can allow private targets on the webhooks page.`;
  }
  // Multicast, broadcast, unspecified, reserved, translation and tunnel prefixes (6to4, Teredo, NAT64, whose
  // IPv4 address inside could be private): never a receiver.
  return `${address} is a ${describeRange(range)} address, which cannot receive webhooks.`;
}

function describeRange(range: string): string {
  switch (range) {
    case "loopback":
      return "loopback";
    case "private":
    case "uniqueLocal":
      return "private";
    case "linkLocal":
      return "link-local";
    case "carrierGradeNat":
      return "shared (CGNAT)";
    case "multicast":
      return "multicast";
    case "unspecified":
      return "unspecified";
    default:
      return `reserved (${range})`;
  }
}

/** The first refusal among a host's addresses (all must be allowed, so a mixed answer cannot slip through), or null. */
export function addressesRefusal(host: string, addresses: readonly string[], policy: TargetPolicy): string | null {
  if (addresses.length === 0) return `${host} does not resolve to any address.`;
  for (const address of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) return host === address ? refusal : `${host} resolves to ${refusal}`;
  }
  return null;
}
