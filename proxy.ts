import { NextResponse, type NextRequest } from 'next/server';

/**
 * Tells server components which page was asked for (`x-kubewatch-path`), so the sign-in check in a
 * section's layout (which runs before a loading skeleton streams, when a redirect can still be a
 * real 307) sends a signed-out visitor to /login?next=<that page>. Any such header from the client
 * is replaced.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-kubewatch-path', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|metrics|favicon.ico|icon.svg|vendor/).*)'],
};
