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
// Shapes, generated from the Rust types (see types.generated.d.ts)

/* The config file (.github/changed-backends.yml), as the core reads it. */
import type { Condition, Config, FieldTest, GroupConfig, LimitsConfig, MatrixSource, OneOrMany, OutputsConfig, PartitionConfig, Scalar, SelectKeyword, Selector, SharedRule, SourceRule, Unless, Unwatched } from './types.generated.js';
export type { Condition, Config, FieldTest, GroupConfig, LimitsConfig, MatrixSource, OneOrMany, OutputsConfig, PartitionConfig, Scalar, SelectKeyword, Selector, SharedRule, SourceRule, Unless, Unwatched };

/* What the core takes. */
import type { BaselineInput, BaselineMode, Changes, EventInput, FailureKind, Input, MatrixText, RequestFailure, Response, Source } from './types.generated.js';
export type { BaselineInput, BaselineMode, Changes, EventInput, FailureKind, Input, MatrixText, RequestFailure, Response, Source };

/* What the core returns. */
import type { Decision, File, LintFinding, LintFindingKind, LintResult, Partition, PlanResult, Problem, ProblemKind, Reason, Request, Result, SelectedEntry, ValidateResult, Why } from './types.generated.js';
export type { Decision, File, LintFinding, LintFindingKind, LintResult, Partition, PlanResult, Problem, ProblemKind, Reason, Request, Result, SelectedEntry, ValidateResult, Why };

/** A rule that is a `first-match` block. Hand-written: no Rust type of its own (a block is a rule with only `first-match` set). */
export type FirstMatch<R extends { 'first-match'?: unknown }> = Required<Pick<R, 'first-match'>>;

/** How a caller classifies a failed request (a RequestError's kind). */
export type ErrorKind = FailureKind;

/**
 * The data answering each request kind. Hand-written: the core reads an
 * answer key by key from JSON (`Response.data` is any value), so no Rust
 * type has this shape.
 */
export interface RequestData {
  /** `bytes` instead of `text` when the file is not UTF-8 (the core reports where). */
  read: { text: string } | { bytes: number[] };
  /**
   * `headSha`: the head after the files were listed, 40 hex digits; `headShaBefore`: the head
   * seen when listing began, with the first page (optional; when either differs from the event's
   * head, the event's range is compared instead); `changedFiles`: the PR's `changed_files`, which
   * the distinct names listed must equal.
   */
  'pull-files': { files: File[]; headSha: string; headShaBefore?: string; changedFiles: number };
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

/**
 * Text safe to print on one line of a log or a terminal: control characters and
 * line separators written as `\uXXXX` (names from a fork cannot start a workflow command).
 */
export function oneLine(text: string): string;

/**
 * Parses one changed file per line: a path, or `git diff --name-status` output
 * (`-z` too). A path in double quotes is decoded as git quotes unusual names;
 * one that cannot be decoded throws an Error whose `line` is its 1-based line.
 */
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
