/**
 * Parameter declarations: each experiment (and each figure control) declares a parameter once
 * (default, range, step, label), and that declaration drives sliders, URL state, command-line
 * flags and validation. Values arrive as numbers, strings or lists; bad ones are reported all
 * together with the parameter's name and what was expected, and nothing is half-applied.
 */

export interface NumberParam {
  kind: 'number' | 'int';
  default: number;
  min: number;
  max: number;
  step: number;
  label: string;
  /** Shown beside the value, e.g. a unit. */
  unit?: string;
  /** 'log' lays a slider out on a log scale (its values stay plain numbers). */
  scale?: 'linear' | 'log';
  /**
   * 'number' gives a figure a number field instead of a slider: for a value whose order means
   * nothing and whose range is too wide to pick from by pointer, such as a seed (0 to 999,999).
   */
  control?: 'slider' | 'number';
}

export interface ChoiceParam {
  kind: 'choice';
  default: string;
  options: readonly { value: string; label: string }[];
  label: string;
}

export interface SizesParam {
  kind: 'sizes';
  default: readonly number[];
  /** Each entry's range. */
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  label: string;
}

export interface BoolParam {
  kind: 'boolean';
  default: boolean;
  label: string;
}

export type ParamSpec = NumberParam | ChoiceParam | SizesParam | BoolParam;
export type ParamDecl = Record<string, ParamSpec>;

type ValueOf<S extends ParamSpec> = S extends NumberParam
  ? number
  : S extends ChoiceParam
    ? string
    : S extends SizesParam
      ? number[]
      : boolean;

export type ParamValues<D extends ParamDecl> = { [K in keyof D]: ValueOf<D[K]> };

export class ParamError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ParamError';
  }
}

export function defaults<D extends ParamDecl>(decl: D): ParamValues<D> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(decl)) {
    out[name] = spec.kind === 'sizes' ? [...spec.default] : spec.default;
  }
  return out as ParamValues<D>;
}

/** A name for comparing a value with its label: lower case, letters and digits only. */
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

function describe(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'int':
      return `an integer from ${spec.min} to ${spec.max}`;
    case 'number':
      return `a number from ${spec.min} to ${spec.max}`;
    case 'choice':
      // With the menu's words where they differ from the value (not just in case or spacing), so
      // a reader who knows the menu can find the value: he-residual (ReLU + He + skips), off (none).
      return `one of ${spec.options.map((o) => (o.label && squash(o.label) !== squash(o.value) ? `${o.value} (${o.label.replace(/^\((.*)\)$/, '$1')})` : o.value)).join(', ')}`;
    case 'sizes':
      return `${spec.minLength} to ${spec.maxLength} comma-separated integers, each from ${spec.min} to ${spec.max}`;
    case 'boolean':
      return 'true or false';
  }
}

/**
 * A number from a value or from text written as people write numbers: decimal, with an optional
 * sign and exponent ("0.5", "-2", "1e-3", " 12 "). Number() alone also reads "0x10" as 16, "0b11"
 * as 3 and "Infinity": a link or a command line with those is refused rather than guessed at.
 */
function toNumber(raw: unknown): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(raw)) return Number(raw);
  return NaN;
}

/** Checks one value against its declaration; returns the value or a problem description. */
export function checkParam(name: string, spec: ParamSpec, raw: unknown): { value: unknown } | { problem: string } {
  // JSON prints NaN and Infinity as null. NaN is what a number field hands over when it cannot
  // read what was typed ("-", "1e").
  const got = typeof raw !== 'number' || Number.isFinite(raw) ? JSON.stringify(raw) : Number.isNaN(raw) ? 'something that is not a number' : String(raw);
  const bad = () => ({ problem: `${name}: got ${got}, expected ${describe(spec)}` });
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const v = toNumber(raw);
      if (!Number.isFinite(v) || v < spec.min || v > spec.max) return bad();
      if (spec.kind === 'int' && !Number.isInteger(v)) return bad();
      return { value: v };
    }
    case 'choice':
      return typeof raw === 'string' && spec.options.some((o) => o.value === raw) ? { value: raw } : bad();
    case 'sizes': {
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
      if (!list || list.length < spec.minLength || list.length > spec.maxLength) return bad();
      const nums = list.map(toNumber);
      if (nums.some((v) => !Number.isInteger(v) || v < spec.min || v > spec.max)) return bad();
      return { value: nums };
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === '1') return { value: true };
      if (raw === false || raw === 'false' || raw === '0') return { value: false };
      return bad();
  }
}

/**
 * Validates a partial set of raw values (from an object, URL or command line) against a
 * declaration, filling defaults. Throws a ParamError listing every problem, including unknown
 * names, so a caller can show one clear message and keep its previous state.
 */
export function parseParams<D extends ParamDecl>(decl: D, raw: Record<string, unknown>, what = 'parameter'): ParamValues<D> {
  const problems: string[] = [];
  const out = defaults(decl) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    const spec = decl[name];
    if (!spec) {
      problems.push(`unknown ${what} "${name}" (expected one of: ${Object.keys(decl).join(', ')})`);
      continue;
    }
    const r = checkParam(name, spec, value);
    if ('problem' in r) problems.push(r.problem);
    else out[name] = r.value;
  }
  if (problems.length) throw new ParamError(problems);
  return out as ParamValues<D>;
}

/** The value as it goes into a URL or a command line. */
export function formatParam(spec: ParamSpec, value: unknown): string {
  return spec.kind === 'sizes' ? (value as number[]).join(',') : String(value);
}

/**
 * A figure's control for an experiment's parameter, declared as a narrowing of the experiment's own
 * declaration: a sub-range, a coarser step (a whole multiple of the experiment's), its own default
 * or label, a subset of the options. The figure then cannot drift from the experiment: what is
 * not overridden is the experiment's, and an override that the experiment would reject throws
 * when the module loads (tests/lib/figure-params.test.ts also checks every figure).
 */
export function narrow<S extends ParamSpec>(spec: S, overrides: Partial<S>): S {
  const out = { ...spec, ...overrides } as S;
  const problems = narrowingProblems(spec, out);
  if (problems.length) throw new Error(`narrow(${spec.label}): ${problems.join('; ')}`);
  sources.set(out, spec);
  return out;
}

const sources = new WeakMap<ParamSpec, ParamSpec>();

/**
 * The declaration `spec` was narrowed from, if it came from narrow(): a figure's control is either
 * its experiment's own declaration or narrowed from it, never a copy, which would keep its own
 * default when the experiment's changed (tests/lib/figure-params.test.ts checks every figure).
 */
export function narrowedFrom(spec: ParamSpec): ParamSpec | undefined {
  return sources.get(spec);
}

/** Why `figure` is not a narrowing of `experiment` (empty when it is). */
export function narrowingProblems(experiment: ParamSpec, figure: ParamSpec): string[] {
  const problems: string[] = [];
  if (figure.kind !== experiment.kind) return [`kind ${figure.kind} is not the experiment's ${experiment.kind}`];
  const check = checkParam('default', experiment, figure.default);
  if ('problem' in check) problems.push(`default ${JSON.stringify(figure.default)} is one the experiment rejects (${check.problem})`);
  if ((figure.kind === 'number' || figure.kind === 'int') && (experiment.kind === 'number' || experiment.kind === 'int')) {
    if (figure.min < experiment.min || figure.max > experiment.max) problems.push(`range ${figure.min}..${figure.max} leaves the experiment's ${experiment.min}..${experiment.max}`);
    const ratio = figure.step / experiment.step;
    if (Math.abs(ratio - Math.round(ratio)) > 1e-9 || ratio < 1 - 1e-9) problems.push(`step ${figure.step} is not a whole multiple of the experiment's ${experiment.step}`);
    if ((figure.scale ?? 'linear') !== (experiment.scale ?? 'linear')) problems.push(`scale ${figure.scale ?? 'linear'} differs from the experiment's ${experiment.scale ?? 'linear'}`);
  }
  if (figure.kind === 'choice' && experiment.kind === 'choice') {
    const known = new Set(experiment.options.map((o) => o.value));
    const extra = figure.options.filter((o) => !known.has(o.value)).map((o) => o.value);
    if (extra.length) problems.push(`options ${extra.join(', ')} are not the experiment's`);
  }
  if (figure.kind === 'sizes' && experiment.kind === 'sizes') {
    if (figure.min < experiment.min || figure.max > experiment.max || figure.minLength < experiment.minLength || figure.maxLength > experiment.maxLength) {
      problems.push('sizes outside the experiment\'s limits');
    }
  }
  return problems;
}
