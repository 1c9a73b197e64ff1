'use client';

import { callApi } from './api-client';

export function SignOutButton() {
  return (
    <button
      className="linklike"
      type="button"
      onClick={async () => {
        await callApi('POST', '/api/auth/sign-out', {});
        window.location.assign('/login');
      }}
    >
      Sign out
    </button>
  );
}
