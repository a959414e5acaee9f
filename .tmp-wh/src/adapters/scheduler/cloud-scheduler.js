import { JobTriggerError } from '../../heal/ports.js';
const DEFAULT_TIMEOUT_MS = 15_000;
export function jobName(ref) {
    return `projects/${ref.project}/locations/${ref.location}/jobs/${ref.job}`;
}
/** gRPC codes after which the job certainly did not run (the request was rejected). */
const DEFINITE_GRPC = new Set([3, 5, 7, 9, 16]); // INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION, UNAUTHENTICATED
export class CloudSchedulerJobTrigger {
    opts;
    client;
    constructor(opts = {}) {
        this.opts = opts;
    }
    async runJob(ref) {
        const name = jobName(ref);
        if (this.opts.endpoint)
            return this.runRest(name);
        this.client ??= import('@google-cloud/scheduler').then((m) => new m.CloudSchedulerClient());
        const client = await this.client;
        try {
            await client.runJob({ name }, { timeout: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, retry: null });
        }
        catch (err) {
            const code = err.code;
            const message = err instanceof Error ? err.message : String(err);
            const definite = typeof code === 'number' && DEFINITE_GRPC.has(code);
            throw new JobTriggerError(`Cloud Scheduler ${name}:run failed: ${message}`, !definite);
        }
    }
    async runRest(name) {
        const base = this.opts.endpoint.replace(/\/+$/, '');
        const url = `${base}/v1/${name.split('/').map(encodeURIComponent).join('/')}:run`;
        const doFetch = this.opts.fetch ?? fetch;
        let res;
        try {
            res = await doFetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: '{}',
                signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
            });
        }
        catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            // A refused connection means the request never arrived; a timeout or reset may have run it.
            const refused = /ECONNREFUSED|ENOTFOUND/.test(String(err.cause?.code ?? message));
            throw new JobTriggerError(`Cloud Scheduler ${name}:run failed: ${message}`, !refused);
        }
        if (!res.ok) {
            const body = (await res.text().catch(() => '')).slice(0, 300);
            throw new JobTriggerError(`Cloud Scheduler ${name}:run answered ${res.status}: ${body}`, false, res.status);
        }
        await res.body?.cancel().catch(() => { });
    }
}
//# sourceMappingURL=cloud-scheduler.js.map