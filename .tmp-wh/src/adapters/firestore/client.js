/**
 * An auth client that never does anything. Handing it to google-gax as `authClient` means
 * `GoogleAuth.getClient()` returns it instead of searching for Application Default Credentials,
 * which would read `~/.config/gcloud` and probe the GCE metadata server (gax asks for the
 * credential's universe domain even when `sslCreds` replace the credentials).
 */
function noCredentials(projectId) {
    return {
        universeDomain: 'googleapis.com',
        projectId,
        getProjectId: async () => projectId,
        getAccessToken: async () => ({ token: 'owner' }),
        getRequestHeaders: async () => ({ Authorization: 'Bearer owner' }),
    };
}
/** Settings for the emulator: plain-text gRPC, the emulator's admin token, no credential lookup. */
function emulatorSettings(projectId, emulatorHost) {
    return {
        projectId,
        host: emulatorHost,
        ssl: false,
        // The REST transport authenticates through the auth client; keep to gRPC with insecure creds.
        preferRest: false,
        // `Bearer owner` makes the emulator treat us as admin (bypasses security rules).
        customHeaders: { Authorization: 'Bearer owner' },
        authClient: noCredentials(projectId),
    };
}
/** The complete client settings (exported so tests can build a client synchronously). */
export function firestoreSettings(options) {
    return {
        ...(options.emulatorHost
            ? emulatorSettings(options.projectId, options.emulatorHost)
            : { projectId: options.projectId }),
        ...(options.databaseId ? { databaseId: options.databaseId } : {}),
        ignoreUndefinedProperties: true,
    };
}
export async function createFirestore(options) {
    const { Firestore } = await import('@google-cloud/firestore');
    return new Firestore(firestoreSettings(options));
}
//# sourceMappingURL=client.js.map