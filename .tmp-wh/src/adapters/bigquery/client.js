/** An auth client that never does anything (handed to google-auth-library instead of ADC discovery). */
function noCredentials(projectId) {
    return {
        universeDomain: 'googleapis.com',
        projectId,
        getProjectId: async () => projectId,
        getUniverseDomain: async () => 'googleapis.com',
        getAccessToken: async () => ({ token: 'unused' }),
        getRequestHeaders: async () => new Headers(),
    };
}
export async function createBigQuery(options) {
    const { BigQuery } = await import('@google-cloud/bigquery');
    return new BigQuery({
        projectId: options.projectId,
        ...(options.location ? { location: options.location } : {}),
        maxRetries: options.maxRetries ?? 2,
        ...(options.emulatorHost
            ? { apiEndpoint: options.emulatorHost, authClient: noCredentials(options.projectId) }
            : {}),
    });
}
//# sourceMappingURL=client.js.map