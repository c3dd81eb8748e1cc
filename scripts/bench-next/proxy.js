// Clerk's middleware on the benchmark's routes, verifying Bearer tokens offline with `jwtKey`
// (the PEM public key in CLERK_JWT_KEY; @clerk/nextjs does not read that variable itself).
//   /bare      outside the matcher: Next.js without Clerk
//   /open      clerkMiddleware() without protection (a valid token is verified)
//   /admin/x   auth.protect({ role: 'org:admin' })
//   /invoices  auth.protect({ permission: 'org:invoices:read' })
import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';

const isAdmin = createRouteMatcher(['/admin(.*)']);
const isInvoices = createRouteMatcher(['/invoices']);

export default clerkMiddleware(
  async (auth, req) => {
    if (isAdmin(req)) await auth.protect({ role: 'org:admin' });
    if (isInvoices(req)) await auth.protect({ permission: 'org:invoices:read' });
  },
  { jwtKey: process.env.CLERK_JWT_KEY },
);

export const config = {
  matcher: ['/open', '/admin/:path*', '/invoices'],
};
