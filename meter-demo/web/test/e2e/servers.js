// The real meter servers for the browser tests: each a child process that is
// ready once it prints "listening on ADDRESS" (waited for on its output, not
// on a timer), and that is stopped with SIGTERM.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const START_TIMEOUT_MS = 30_000;

export class Server {
  // Starts `binary` with `args`; resolves once it listens.
  static async start(name, binary, args) {
    const server = new Server(name, binary, args);
    await server.ready;
    return server;
  }

  constructor(name, binary, args) {
    this.name = name;
    this.output = [];
    this.lineListeners = new Set();
    this.process = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = once(this.process, 'exit');
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(
        `${name} did not print "listening on" within ${START_TIMEOUT_MS} ms:\n${this.log()}`)),
      START_TIMEOUT_MS);
      for (const stream of [this.process.stdout, this.process.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          this.output.push(line);
          for (const listener of [...this.lineListeners]) listener(line);
          const match = /listening on (\S+)/.exec(line);
          if (match) {
            clearTimeout(timer);
            this.address = match[1];
            resolve();
          }
        });
      }
      this.process.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before listening:\n${this.log()}`));
      });
    });
  }

  log() {
    return this.output.join('\n');
  }

  // Resolves with the first line of output (from now on, or already
  // printed) that matches `pattern`; rejects after `timeoutMs`.
  waitForLine(pattern, timeoutMs = START_TIMEOUT_MS) {
    const seen = this.output.find((line) => pattern.test(line));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.lineListeners.delete(listener);
        reject(new Error(`${this.name} printed no line matching ${pattern}:\n${this.log()}`));
      }, timeoutMs);
      const listener = (line) => {
        if (!pattern.test(line)) return;
        clearTimeout(timer);
        this.lineListeners.delete(listener);
        resolve(line);
      };
      this.lineListeners.add(listener);
    });
  }

  // The port of an address such as http://127.0.0.1:8080 or 127.0.0.1:50051.
  get port() {
    return Number(/:(\d+)$/.exec(this.address)[1]);
  }

  // SIGKILL, then waits for the exit.
  async kill() {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGKILL');
    await this.exited;
  }

  // SIGTERM, then waits for the exit; the servers exit with 0 on it.
  async stop() {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const [code] = await this.exited;
    if (code !== 0) throw new Error(`${this.name} exited with ${code}:\n${this.log()}`);
  }
}

// Runs a binary to its end; rejects if it fails.
export async function run(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${code}`);
}

// Runs `binary` with `args`; resolves with its stdout once it exits 0.
export async function output(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${binary} ${args.join(' ')} exited with ${code}`);
  return stdout;
}

// POST /api/v1/meters/{meter}/readings with a CSV body; returns the reply.
export async function uploadCsv(baseUrl, meter, csv) {
  const response = await fetch(`${baseUrl}/api/v1/meters/${meter}/readings`, {
    method: 'POST', body: csv, headers: { 'Content-Type': 'text/csv' },
  });
  const reply = await response.json();
  if (!response.ok || reply.rejectedCount !== '0') {
    throw new Error(`upload to ${meter} failed: ${response.status} ${JSON.stringify(reply)}`);
  }
  return reply;
}
