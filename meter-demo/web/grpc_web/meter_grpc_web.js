// The dashboard's gRPC-Web client of meter.v1.MeterService, as one ES
// module. Not served as it is: at build time (grpc_web/build_client.sh)
// protoc + protoc-gen-es generate meter_pb.js from
// protos/meter/v1/meter.proto next to this file, and esbuild bundles both
// with the protobuf and Connect runtimes into vendor/meter_grpc_web.js,
// which the page imports (src/grpc_web_api.js). No bundler at run time.
// [START client]
import { create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError, createClient } from '@connectrpc/connect';
import { createGrpcWebTransport } from '@connectrpc/connect-web';
import * as meter from './protos/meter/v1/meter_pb.js';

// A client of the meter service at `baseUrl` (the page's own server by
// default), over gRPC-Web with binary protobuf messages; or over
// `transport`, e.g. Node's (test/interop).
export function createMeterClient(baseUrl = globalThis.location?.origin, transport = undefined) {
  return createClient(
    meter.MeterService,
    transport ?? createGrpcWebTransport({ baseUrl, useBinaryFormat: true }),
  );
}
// [END client]

export { meter, create, fromBinary, toBinary, toJson, timestampFromMs, timestampMs, Code, ConnectError };
