export { main, CLI_VERSION, type CommandModule } from './main.js';
export { CliError, EXIT, formatProblem, type ExitCode, type Problem } from './errors.js';
export { nodeIO, type CliIO } from './io.js';
export { formatPlan } from './format.js';
