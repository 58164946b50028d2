/**
 * A server in its own process, for the crash tests: reads the config from the environment, listens on a
 * free loopback port and prints `{"url": ...}` once ready. Killed with SIGKILL by the test.
 */
import { configOrThrow } from '../config.js';
import { fixtureDetector } from '../analysis/detector.js';
import { startServer } from '../server.js';

const config = configOrThrow(process.env);
const server = await startServer(config, { detector: fixtureDetector({ delayMs: 5 }) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
