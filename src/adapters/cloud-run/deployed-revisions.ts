/**
 * The revision serving a Cloud Run service (2nd gen Cloud Functions are Cloud Run services) and the
 * commit on it, through the Cloud Run Admin API v2 (`@google-cloud/run`, gRPC): `GetService` for the
 * traffic split, `GetRevision` for the labels and annotations of the revision taking the most traffic.
 * `CLOUD_RUN_API_ENDPOINT` (e.g. `http://127.0.0.1:9070`) points the client at a fake over plaintext
 * gRPC with no credentials; otherwise Application Default Credentials are used.
 */
import type { RevisionsClient, ServicesClient } from '@google-cloud/run';
import type { DeploymentService } from '../../monitors/config-schema.js';
import type { DeployedRevisions, ServingRevision } from '../../monitors/ports.js';

/** Why 15 s: two small reads; longer means the API is in trouble and the check says so. */
const CALL_TIMEOUT_MS = 15_000;

interface Clients {
  services: ServicesClient;
  revisions: RevisionsClient;
}

export class CloudRunRevisions implements DeployedRevisions {
  private clients?: Promise<Clients>;

  constructor(private readonly opts: { project: string; endpoint?: string }) {}

  async serving(svc: DeploymentService, commitLabel: string): Promise<ServingRevision> {
    this.clients ??= this.connect();
    const { services, revisions } = await this.clients;
    const name = `projects/${this.opts.project}/locations/${svc.region}/services/${svc.name}`;
    const call = { timeout: CALL_TIMEOUT_MS, retry: null };
    const [service] = await services.getService({ name }, call);
    const top = [...(service.trafficStatuses ?? [])].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
    const short = top?.revision || service.latestReadyRevision;
    if (!short) throw new Error(`${svc.name} has no serving revision`);
    const revisionName = short.includes('/') ? short : `${name}/revisions/${short}`;
    const [revision] = await revisions.getRevision({ name: revisionName }, call);
    const commit = revision.labels?.[commitLabel] || revision.annotations?.[commitLabel] || undefined;
    return { service: svc.name, revision: revisionName.split('/').pop()!, commit };
  }

  private async connect(): Promise<Clients> {
    const { ServicesClient, RevisionsClient } = await import('@google-cloud/run');
    let options = {};
    if (this.opts.endpoint) {
      const url = new URL(this.opts.endpoint);
      const grpc = await import('@grpc/grpc-js');
      options = {
        apiEndpoint: url.hostname,
        port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        sslCreds:
          url.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure(),
      };
    }
    return { services: new ServicesClient(options), revisions: new RevisionsClient(options) };
  }
}
