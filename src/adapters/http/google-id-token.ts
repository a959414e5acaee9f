/**
 * ID tokens for `auth: oidc` probes from google-auth-library's IdTokenClient (Application Default
 * Credentials: the Cloud Run service account in production). One client per audience, reused.
 */
import type { IdTokenSource } from './service-prober.js';

export function googleIdTokenSource(): IdTokenSource {
  const clients = new Map<string, Promise<import('google-auth-library').IdTokenClient>>();
  return {
    async headers(audience) {
      let client = clients.get(audience);
      if (!client) {
        client = import('google-auth-library').then(({ GoogleAuth }) =>
          new GoogleAuth().getIdTokenClient(audience),
        );
        client.catch(() => clients.delete(audience));
        clients.set(audience, client);
      }
      const headers = await (await client).getRequestHeaders(audience);
      const authorization = headers.get('authorization');
      if (!authorization) throw new Error('the ID token client gave no Authorization header');
      return { authorization };
    },
  };
}
