/**
 * The pages' sign-in: the API key is kept in an httpOnly, SameSite=Strict cookie, so the pages' own
 * script never holds it and no other site can send it. Requests carrying it are authenticated as the
 * key would be, with the same roles and need-to-know (the key guard reads it when there is no
 * Authorization header).
 */
export const SESSION_COOKIE = 'ledger_key';
const EIGHT_HOURS = 8 * 3600;

/** The key in the request's cookie, if any. */
export function keyFromCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader || cookieHeader.length > 8192) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The Set-Cookie value that signs in (`secure` when the page was reached over HTTPS). */
export function sessionCookie(key: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(key)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${EIGHT_HOURS}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that signs out. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
