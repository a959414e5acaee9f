/**
 * A fake Cloud Run Admin API v2 on loopback: a real gRPC server built from the protos that
 * `@google-cloud/run` ships, answering `Services.GetService` and `Revisions.GetRevision` from a map the
 * test fills. Unknown names answer NOT_FOUND, like the API.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const runProtos = join(dirname(require.resolve('@google-cloud/run/package.json')), 'build/protos');
// google-gax's entry is build/src/index.js; its protos (google/api, longrunning, iam) sit in build/protos.
const gaxProtos = join(
  dirname(createRequire(require.resolve('@google-cloud/run')).resolve('google-gax')),
  '../protos',
);

export interface FakeRevision {
  /** Short revision name, e.g. `orch-p2-00012-abc`. */
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface FakeCloudRun {
  endpoint: string;
  /** `service name` → its serving revision (100% traffic) and the calls seen. */
  setService(project: string, region: string, service: string, revision: FakeRevision): void;
  calls: string[];
  close(): Promise<void>;
}

type Call = grpc.ServerUnaryCall<{ name: string }, unknown>;
type Done = grpc.sendUnaryData<unknown>;

export async function startFakeCloudRun(): Promise<FakeCloudRun> {
  const definition = loadSync(['google/cloud/run/v2/service.proto', 'google/cloud/run/v2/revision.proto'], {
    includeDirs: [runProtos, gaxProtos],
    longs: String,
    enums: String,
    defaults: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    google: { cloud: { run: { v2: Record<string, { service: grpc.ServiceDefinition }> } } };
  };
  const v2 = pkg.google.cloud.run.v2;
  const services = new Map<string, FakeRevision>();
  const calls: string[] = [];
  const notFound = (done: Done, name: string) =>
    done({ code: grpc.status.NOT_FOUND, details: `Resource '${name}' was not found` } as grpc.ServiceError);

  const server = new grpc.Server();
  server.addService(v2.Services!.service, {
    getService: (call: Call, done: Done) => {
      const name = call.request.name;
      calls.push(`GetService ${name}`);
      const rev = services.get(name);
      if (!rev) return notFound(done, name);
      done(null, {
        name,
        latestReadyRevision: `${name}/revisions/${rev.name}`,
        trafficStatuses: [
          { type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION', revision: rev.name, percent: 100 },
        ],
      });
    },
  });
  server.addService(v2.Revisions!.service, {
    getRevision: (call: Call, done: Done) => {
      const name = call.request.name;
      calls.push(`GetRevision ${name}`);
      const serviceName = name.split('/revisions/')[0]!;
      const rev = services.get(serviceName);
      if (!rev || name !== `${serviceName}/revisions/${rev.name}`) return notFound(done, name);
      done(null, { name, labels: rev.labels ?? {}, annotations: rev.annotations ?? {} });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    setService(project, region, service, revision) {
      services.set(`projects/${project}/locations/${region}/services/${service}`, revision);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
