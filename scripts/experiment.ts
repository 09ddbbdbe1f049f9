/**
 * Command line for the engine's experiments, the same code the figures run:
 *   npm run --silent experiment -- <name> [--param value ...] [--json]
 *   npm run --silent experiment -- --list
 * --engine reference runs the TypeScript reference instead of the WebAssembly kernels (same
 * numbers, bit for bit; slower). With --json it prints exactly one JSON object on stdout. Bad input prints a message on stderr
 * and exits with status 2; a failure while running exits with status 1.
 */
import { experiments, formatParam, getExperiment, ParamError, runExperiment } from '../engine/index';
import type { Experiment } from '../engine/index';
import { loadSplitFromDisk } from '../engine/node-data';
import { useBackend } from '../engine/backend';
import type { BackendChoice } from '../engine/backend';

const ENGINES: BackendChoice[] = ['auto', 'wasm', 'reference'];

class UsageError extends Error {}

// `npm run experiment layer-speeds --seed 3` hands --seed to npm itself and only "3" to us.
const underNpm = process.env.npm_lifecycle_event === 'experiment';
const NPM_HINT = '; under npm, options go after a lone --: npm run --silent experiment -- <name> --param value';

function usage(e?: Experiment): string {
  if (!e) {
    const width = Math.max(...Object.values(experiments).map((x) => x.name.length));
    const list = Object.values(experiments).map((x) => `  ${x.name.padEnd(width)}  ${x.description}`).join('\n');
    return `usage: npm run --silent experiment -- <name> [--param value ...] [--json]\n\nexperiments:\n${list}\n\nMore: npm run --silent experiment -- <name> --help`;
  }
  // One column for every option, the engine's and --json's too.
  const width = Math.max('engine'.length, ...Object.keys(e.params).map((n) => n.length));
  const option = (name: string, text: string) => `  --${name.padEnd(width)}  ${text}`;
  const params = Object.entries(e.params)
    .map(([name, spec]) => {
      const range = spec.kind === 'choice' ? spec.options.map((o) => o.value).join('|')
        : spec.kind === 'int' || spec.kind === 'number' ? `${spec.min}..${spec.max}`
        : spec.kind === 'sizes' ? `comma-separated, ${spec.minLength}..${spec.maxLength} layers` : 'true|false';
      return option(name, `${spec.label} (${range}; default ${formatParam(spec, spec.default)})`);
    })
    .join('\n');
  return `${e.name}: ${e.title}\n${e.description}\n\nparameters:\n${params}\n${option('engine', 'auto|wasm|reference: the WebAssembly kernels (auto: where they run) or the TypeScript reference; same numbers')}\n${option('json', 'print one JSON object on stdout')}`;
}

function parseArgs(argv: string[]): { name?: string; raw: Record<string, string>; json: boolean; help: boolean } {
  const raw: Record<string, string> = {};
  let name: string | undefined;
  let json = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h' || arg === '--list') help = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      if (key in raw) throw new UsageError(`--${key} given twice`);
      raw[key] = value;
    } else if (name === undefined) name = arg;
    else throw new UsageError(`unexpected argument "${arg}" (parameters are given as --name value)${underNpm ? NPM_HINT : ''}`);
  }
  return { name, raw, json, help };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`experiment: ${(e as Error).message}\n`);
    return 2;
  }
  if (!args.name) {
    (args.help ? process.stdout : process.stderr).write(usage() + '\n');
    return args.help ? 0 : 2;
  }
  let experiment: Experiment;
  try {
    experiment = getExperiment(args.name);
  } catch (e) {
    process.stderr.write(`experiment: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage(experiment) + '\n');
    return 0;
  }
  const { engine = 'auto', ...raw } = args.raw;
  if (!ENGINES.includes(engine as BackendChoice)) {
    process.stderr.write(`experiment: --engine must be one of ${ENGINES.join(', ')}, got "${engine}"\n`);
    return 2;
  }
  try {
    useBackend(engine as BackendChoice);
  } catch (e) {
    process.stderr.write(`experiment: ${(e as Error).message}\n`);
    return 2;
  }
  const showProgress = !args.json && process.stderr.isTTY;
  try {
    const result = await runExperiment(args.name, raw, (split) => loadSplitFromDisk(split), {
      onProgress: showProgress ? (f) => process.stderr.write(`\r${(100 * f).toFixed(0)}% `) : undefined,
    });
    if (showProgress) process.stderr.write('\r');
    const text = JSON.stringify(result, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v), args.json ? undefined : 2);
    process.stdout.write(text + '\n');
    return 0;
  } catch (e) {
    if (e instanceof ParamError) {
      // A figure's controls are not always the experiment's parameters (layer-speeds' "hidden"
      // becomes "sizes"): say where a figure's own run lists the names this command takes.
      const unknown = e.problems.some((p) => p.startsWith('unknown parameter'));
      const figureHint = unknown ? '\nA figure\'s controls can differ from its experiment\'s parameters: the figure\'s JSON download lists the run\'s parameters under "params", in the names this command takes.' : '';
      process.stderr.write(`experiment ${args.name}: bad parameters:\n  ${e.problems.join('\n  ')}${figureHint}\nSee: npm run --silent experiment -- ${args.name} --help\n`);
      return 2;
    }
    process.stderr.write(`experiment ${args.name}: ${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
