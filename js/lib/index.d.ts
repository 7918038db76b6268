/**
 * changed-backends: select the matrix entries whose inputs changed, or run
 * everything with a reason. The decisions are made by a WebAssembly core;
 * these are the shapes that cross into and out of it.
 */

// ---------------------------------------------------------------------------
// Loading

/**
 * Loads the WebAssembly core. In Node it is loaded at import and this
 * resolves at once; in browsers it fetches `wasm/changed_backends_bg.wasm`
 * next to the library unless `source` says where the module is: a URL, a
 * fetch Response (or a promise of one), bytes, or a compiled WebAssembly.Module.
 */
export function init(source?: string | URL | ArrayBuffer | ArrayBufferView | object): Promise<void>;
export default init;

/**
 * Loads the WebAssembly core synchronously from its bytes or a compiled
 * WebAssembly.Module. Does nothing in Node, where the core loads at import.
 */
export function initSync(source: ArrayBuffer | ArrayBufferView | object): void;

/** The core's version string. */
export function version(): string;

// ---------------------------------------------------------------------------
// Config file (.github/changed-backends.yml)

/** A value or a list of values; a lone value is a one-item list. */
export type OneOrMany<T> = T | T[];

type Scalar = string | number | boolean;

/**
 * A test on one entry field: equal to a value, one of a list, matching a
 * glob, or present/absent (present = exists, not null, not empty).
 */
export type FieldTest =
  | Scalar
  | Scalar[]
  | { equals: Scalar }
  | { in: Scalar[] }
  | { glob: string }
  | { present: boolean };

/**
 * Which entries a rule applies to; every key must hold. Keys other than the
 * reserved ones name entry fields (e.g. `backend`, `dockerfile`).
 */
export interface Condition {
  /** The matrix list the entry belongs to (e.g. `include`). */
  list?: FieldTest;
  /** Every listed condition holds. */
  all?: Condition[];
  /** At least one listed condition holds. */
  any?: Condition[];
  /** The condition does not hold. */
  not?: Condition;
  /** Tests on fields whose names clash with the reserved keys above. */
  fields?: Record<string, FieldTest>;
  [field: string]: FieldTest | Condition | Condition[] | Record<string, FieldTest> | undefined;
}

/** Paths (globs with `{field}` templates) that belong to the entries `when` selects. */
export interface SourceRule {
  /** Names the rule in the why of a selection; defaults to its position, e.g. `sources[0]`. */
  label?: string;
  /** Defaults to every entry. */
  when?: Condition;
  /** Globs; `{field}` is replaced by the entry's value; a leading `!` excludes. */
  paths: OneOrMany<string>;
}

/** Rules tried in order; only the first that applies counts. */
export interface FirstMatch<R> {
  'first-match': R[];
}

/** A build input shared by many entries. */
export interface SharedRule {
  label?: string;
  /** Globs of changed files this rule reacts to; a leading `!` excludes. */
  files: OneOrMany<string>;
  /** The entries a matching change selects. */
  select: 'all' | 'none' | Condition;
  /** Skip the rule for a `.proto` change whose previous declarations all survive. */
  unless?: 'proto-additive';
}

/** Output names (templates) of the general outputs; `false` or `null` turns one off. */
export interface OutputsConfig {
  /** `true` on a full run, else `false`. Default name `run-all`. */
  'run-all'?: string | false | null;
  /** The closed-set reason of the decision. Default name `reason`. */
  reason?: string | false | null;
  /** The names (per the `name` template) that are selected. Default name `names`. */
  names?: string | false | null;
  /** One `true`/`false` output per name; the template uses `{name}`. Off by default. */
  'name-flags'?: string | false | null;
}

/** The selected entries of a partition grouped by a field into a second matrix. */
export interface GroupConfig {
  /** The field whose distinct values form the groups, in order of first appearance. */
  by: string;
  /** Fields copied from each group's first entry. */
  carry?: OneOrMany<string>;
  /** Output name of the group matrix (`{shard}` allowed with shards). */
  matrix: string;
  /** Output name of its `true`/`false` non-emptiness flag. */
  'has-entries': string;
}

/** One output matrix made of the selected entries that `when` picks. */
export interface PartitionConfig {
  id: string;
  /** Defaults to every entry. */
  when?: Condition;
  /** Cut into this many contiguous, balanced shards (1..256); `{shard}` in names is 1-based. */
  shards?: number;
  /** Output name of the matrix JSON (`{"include":[...]}`). */
  matrix: string;
  /** Output name of the `true`/`false` non-emptiness flag. */
  'has-entries': string;
  group?: GroupConfig;
}

/** Bounds; past them the run falls back to running everything. */
export interface LimitsConfig {
  /** More changed files than this runs everything (`too-many-files`). Default 20000. */
  'max-changed-files'?: number;
  /** Most commits listed one by one when a compare answer is capped. Default 100. */
  'max-commits'?: number;
}

/** The whole config file (`.github/changed-backends.yml`). */
export interface Config {
  matrix: {
    /** Workspace path of the data-only matrix file. */
    file: string;
    /** Top-level keys of the matrix file that hold entry lists. Default `include`. */
    lists?: OneOrMany<string>;
  };
  /** Fields that identify an entry across revisions of the matrix file. */
  identity?: OneOrMany<string>;
  /** Template naming an entry for per-name outputs, e.g. `"{backend}"`. */
  name?: string;
  sources?: Array<SourceRule | FirstMatch<SourceRule>>;
  shared?: Array<SharedRule | FirstMatch<SharedRule>>;
  /** Globs of changed files that never select anything. */
  ignore?: OneOrMany<string>;
  outputs?: OutputsConfig;
  /** Default: one partition `all` with outputs `matrix` and `has-entries`. */
  partitions?: PartitionConfig[];
  limits?: LimitsConfig;
  /** Entries that no source rule gives paths to: warn (default) or fail. */
  unwatched?: 'warn' | 'error';
}

// ---------------------------------------------------------------------------
// Core input and output

/* What the core returns, generated from its Rust types (see types.generated.d.ts). */
import type { Decision, File, LintFinding, LintFindingKind, LintResult, Partition, PlanResult, Problem, ProblemKind, Reason, Request, Result, SelectedEntry, ValidateResult, Why } from './types.generated.js';
export type { Decision, File, LintFinding, LintFindingKind, LintResult, Partition, PlanResult, Problem, ProblemKind, Reason, Request, Result, SelectedEntry, ValidateResult, Why };

/** A file's text; `path` is used in error messages. */
export interface Source {
  path: string;
  text: string;
}

export interface EventInput {
  /** GITHUB_EVENT_NAME (`push`, `pull_request`, `schedule`...), or `range` for a local base/head. */
  name: string;
  /** Raw text of the event payload file, `""` when missing; for `range`: `{"base":"..","head":".."}`. */
  payload: string;
  forceAll?: boolean;
  /** `owner/name`, used when the payload lacks it. */
  repository?: string;
}

export interface Input {
  config: Source;
  /** The matrix file's text (its path is the config's `matrix.file`); omit to have the core ask for it with a `read` request. */
  matrix?: { text: string };
  event?: EventInput;
  /**
   * A complete list of changed files. Alone, it is the change; with an
   * event, it answers the event's file-list requests (pull files, compare,
   * commits) while the event still decides whether the run is filtered and
   * names the revisions content-aware rules read.
   */
  changes?: { files: File[] };
  responses?: Response[];
  fallbackReason?: 'internal-error';
  /** Absent: a push is compared with its `before`. */
  baseline?: BaselineInput;
  /** The config's raw bytes in place of `config.text` when they are not UTF-8: the core reports the first bad byte's line and column. */
  configBytes?: number[];
  /** The event file's size when it was not read for being over 25 MB (reported as such, not as missing). */
  eventSize?: number;
}

/** What a branch push is compared with (the action's `baseline` input). */
export interface BaselineInput {
  /** `last-success`: the head of the last successful run of the workflow on the branch. */
  mode: 'event' | 'last-success';
  /** GITHUB_RUN_ID: this run, never its own baseline. */
  runId?: string;
  /** GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/x.yml@ref`. */
  workflowRef?: string;
}

/** The data answering each request kind. */
export interface RequestData {
  /** `bytes` instead of `text` when the file is not UTF-8 (the core reports where). */
  read: { text: string } | { bytes: number[] };
  /** `headSha`: 40 hex digits; `changedFiles`: the PR's `changed_files`, which the distinct names listed must equal. */
  'pull-files': { files: File[]; headSha: string; changedFiles: number };
  compare: { status: string; totalCommits: number; files: File[] | null };
  commits: { shas: string[] };
  'commit-files': { files: File[] };
  content: { text: string };
  /** The API's fields, as received: the core checks their shape. */
  'workflow-run': { workflow_id: number; path?: string };
  'workflow-runs': {
    total_count?: number;
    workflow_runs: Array<{
      id: number;
      head_sha: string;
      head_branch?: string | null;
      event?: string;
      status?: string | null;
      conclusion?: string | null;
      run_number: number;
      workflow_id?: number;
      html_url?: string;
      created_at?: string;
    }>;
  };
}

export type ErrorKind = 'http' | 'network' | 'timeout' | 'malformed' | 'not-found' | 'io';

export type Response =
  | { id: string; ok: true; data: RequestData[keyof RequestData] }
  | { id: string; ok: false; error: { kind: ErrorKind; status?: number; message: string } };

// ---------------------------------------------------------------------------
// Functions

/** YAML text (path defaults apply) or a `{ path, text }` source. */
export type Text = string | Source;
/** A map from path to file text. */
export type Files = Record<string, string> | Map<string, string>;

export interface SelectOptions {
  /** The config file; as a string its path is `.github/changed-backends.yml`. */
  config: Text;
  /** The matrix file; as a string its path is the config's `matrix.file`. */
  matrix: Text;
  /** The complete list of changed files: paths or File objects. */
  files: Array<string | File>;
  /** Previous revisions (path → text) for content-aware rules; missing ones count as unreadable. */
  previous?: Files;
  /** Other workspace files (path → text) the core may ask to read. */
  workspace?: Files;
}

/** Selects the entries the changed files reach; runs the whole request loop in memory. */
export function select(options: SelectOptions): Result;

/** One round of the core: what it still needs to know, given the responses so far. */
export function plan(input: Input): PlanResult;

/** The decision, given every response to the requests plan() returned. */
export function decide(input: Input): Result;

/** Checks a config (and a matrix, if given) without deciding anything. */
export function validate(options: { config: Text; matrix?: Text }): ValidateResult;

/**
 * Checks the config against a repository's file list: a source directory
 * matching nothing, a dead rule, or tracked files that nothing watches.
 */
export function lint(options: { config: Text; matrix: Text; files: string[] }): LintResult;

/**
 * Runs plan() until the core needs nothing more, answering each request with
 * `answer` (throw a RequestError for a failed answer), then decide().
 */
export function run(
  input: Input,
  answer: (request: Request) => unknown | Promise<unknown>,
): Promise<Result>;

/** run() for an `answer` that returns its data synchronously (in-memory answers). */
export function runSync(input: Input, answer: (request: Request) => unknown): Result;

/** The why of each selected entry (or the problems) as plain text. */
export function explain(result: Result | { errors: Problem[] }): string;

/** `file:line:col: message` and its hint. */
export function formatProblem(problem: Problem): string;

/** Parses one changed file per line: a path, or `git diff --name-status` output. */
export function parseChanges(text: string): File[];

/** A failed answer to a request, reported back to the core. */
export class RequestError extends Error {
  constructor(kind: ErrorKind, message: string, status?: number);
  kind: ErrorKind;
  status?: number;
}

/**
 * The core threw: a bug (a WebAssembly trap), never bad input. A core that
 * trapped is not entered again by run(), runSync() or select().
 */
export class CoreFailure extends Error {
  constructor(cause: unknown);
  cause: unknown;
}

/** The most plan() rounds run() and select() perform before deciding. */
export const MAX_ROUNDS: number;

/** The config path assumed when none is given (`.github/changed-backends.yml`), as the core defines it. */
export function defaultConfigPath(): string;
