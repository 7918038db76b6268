// Generated from the Rust types by `cargo test --lib typescript`; do not edit.
// Run `UPDATE_TYPES=1 cargo test --lib typescript` after changing them.

/**
 * What `decide` returns.
 */
export type Result = { errors: Array<Problem>, decision: Decision, 
/**
 * Absent (serialised as `""`) when the decision is `error`.
 */
reason: Reason | "", reasonDetail: string, outputs: Array<[string, string]>, partitions: Array<Partition>, changedFiles: number, warnings: Array<string>, notes: Array<string>, summary: string, };

/**
 * What a run does.
 */
export type Decision = "filtered" | "run-all" | "nothing" | "error";

/**
 * Why a run is not filtered, or that it is. A closed set: callers may match on it.
 */
export type Reason = "filtered" | "tag" | "schedule" | "workflow-dispatch" | "force-all" | "config-changed" | "first-push" | "branch-deleted" | "unknown-event" | "missing-fields" | "event-unreadable" | "api-error" | "truncated" | "too-many-files" | "internal-error" | "no-baseline";

export type Partition = { id: string, entries: Array<SelectedEntry>, };

/**
 * An entry as reported in results (not in outputs).
 */
export type SelectedEntry = { list: string, index: number, line: number, name: string, key: string, why: Array<Why>, };

/**
 * Why an entry was selected.
 */
export type Why = { file?: string, rule: string, };

/**
 * A changed file as the GitHub API lists it.
 */
export type File = { filename: string, 
/**
 * `added`, `removed`, `renamed`, `modified` …; absent means modified.
 */
status?: string | null, 
/**
 * A rename's old path.
 */
previous_filename?: string | null, };

/**
 * One authoring problem, with position and hint.
 */
export type Problem = { kind: ProblemKind, file: string, line: number, column: number, message: string, hint: string, };

/**
 * The class of an authoring problem.
 */
export type ProblemKind = "syntax" | "limit" | "unknown-key" | "missing-key" | "type" | "glob" | "template" | "output-name" | "matrix" | "matrix-size" | "internal";

/**
 * What `plan` returns: requests to answer, or the problems that stop everything.
 */
export type PlanResult = { requests: Array<Request>, errors: Array<Problem>, };

/**
 * One I/O request for the caller.
 */
export type Request = { id: string, owner?: string, repo?: string, } & ({ "kind": "read", path: string, } | { "kind": "pull-files", number: number, maxFiles: number, } | { "kind": "compare", base: string, head: string, } | { "kind": "commits", base: string, head: string, maxCommits: number, } | { "kind": "commit-files", sha: string, maxFiles: number, } | { "kind": "content", path: string, ref?: string, } | { "kind": "workflow-run", runId: number, } | { "kind": "workflow-runs", 
/**
 * The workflow's numeric id or file name.
 */
workflow: string, branch: string, perPage: number, });

export type ValidateResult = { errors: Array<Problem>, warnings: Array<string>, matrixPath?: string, entries?: number, };

export type LintResult = { errors: Array<Problem>, findings: Array<LintFinding>, };

export type LintFinding = { kind: LintFindingKind, message: string, file: string, line: number, };

/**
 * What a lint finding is about.
 */
export type LintFindingKind = "unwatched-path" | "unwatched-entry" | "dead-source-rule" | "dead-shared-rule" | "shadowed-shared-rule" | "empty-shared-rule" | "unwatched-file" | "unmatched-field";

/**
 * Everything `plan` and `decide` look at.
 */
export type Input = { config: Source, matrix?: MatrixText, event?: EventInput, changes?: Changes, responses?: Array<Response>, fallbackReason?: string, 
/**
 * Absent: pushes are compared with their `before`.
 */
baseline?: BaselineInput, 
/**
 * The config's raw bytes in place of `config.text`, when the caller
 * found them not to be UTF-8: the core reports where.
 */
configBytes?: Array<number>, 
/**
 * The event file's size, when the caller did not read it because it is
 * over the limit (so "too large" is not reported as "missing").
 */
eventSize?: number, };

/**
 * A file's path (for messages) and text.
 */
export type Source = { path: string, text: string, };

/**
 * The matrix file's text; its path is always the config's `matrix.file`.
 */
export type MatrixText = { text: string, };

/**
 * The event as the caller found it.
 */
export type EventInput = { name: string, payload: string, forceAll?: boolean, repository?: string, };

/**
 * An explicit, complete list of changed files (library, CLI and playground
 * use). Alone, it is the change; with an event, it answers the event's
 * file-list requests while the event still names the repository, the
 * revisions and whether the run is filtered at all.
 */
export type Changes = { files: Array<File>, };

/**
 * What a push is compared with, and where the current run comes from.
 */
export type BaselineInput = { 
/**
 * The `baseline` input.
 */
mode: BaselineMode, 
/**
 * `GITHUB_RUN_ID`.
 */
runId?: string, 
/**
 * `GITHUB_WORKFLOW_REF`.
 */
workflowRef?: string, };

/**
 * What a push is compared with.
 */
export type BaselineMode = "event" | "last-success";

/**
 * The caller's answer to one request, as it crosses the boundary.
 */
export type Response = { id: string, ok: boolean, 
/**
 * The answer's data; its shape is checked per request kind when read.
 */
data?: unknown, error?: RequestFailure, };

/**
 * A failed request, as the caller saw it.
 */
export type RequestFailure = { kind: FailureKind, status?: number, message: string, };

/**
 * Why a request failed, as the caller classified it.
 */
export type FailureKind = "http" | "network" | "timeout" | "malformed" | "not-found" | "io" | "error";

/**
 * changed-backends config: which matrix entries a change selects.
 */
export type Config = { 
/**
 * The data-only matrix file and the top-level lists holding entries.
 */
matrix: MatrixSource, 
/**
 * Fields identifying an entry across revisions of the matrix file (for the
 * self-diff and the entry keys in explanations). Default: the whole entry.
 */
identity?: OneOrMany<string>, 
/**
 * Template giving each entry's name, e.g. `{backend}`, for the `names`
 * output and the per-name flags.
 */
name?: string, 
/**
 * Where each entry's sources live: rules, and `first-match` blocks whose
 * first applicable rule wins.
 */
sources?: Array<SourceRule>, 
/**
 * Build inputs shared by many entries: changed files → a selection.
 */
shared?: Array<SharedRule>, 
/**
 * Files that never select anything (patterns in the syntax of a
 * workflow's `paths` filter). Listing the config file itself here stops
 * an edit to it from building everything (`config-changed`).
 */
ignore?: OneOrMany<string>, 
/**
 * Names of the general outputs.
 */
outputs?: OutputsConfig, 
/**
 * Named sub-matrices, optionally sharded and grouped. Default: one
 * partition of every entry writing `matrix` and `has-entries`.
 */
partitions?: Array<PartitionConfig>, 
/**
 * Tunable bounds.
 */
limits?: LimitsConfig, 
/**
 * What to do with entries that no source rule gives paths to.
 */
unwatched?: Unwatched, };

/**
 * The matrix file.
 */
export type MatrixSource = { 
/**
 * Path from the repository root, e.g. `.github/backend-matrix.yml`.
 */
file: string, 
/**
 * Top-level lists holding entries. Default: `[include]`.
 */
lists?: OneOrMany<string>, };

/**
 * A source rule, or a `first-match` block of them.
 */
export type SourceRule = { 
/**
 * Shown in explanations instead of the rule's position.
 */
label?: string, 
/**
 * Which entries the rule applies to. Default: every entry.
 */
when?: Condition, 
/**
 * Path patterns in the syntax of a workflow's `paths` filter, with `{field}`
 * placeholders (`backend/python/{backend}/**`; `\{` is a literal brace);
 * the last matching pattern decides, so a later `!pattern` excludes.
 */
paths?: OneOrMany<string>, 
/**
 * A block: of these rules, only the first whose `when` holds applies.
 * A block holds nothing else.
 */
"first-match"?: Array<SourceRule>, };

/**
 * A shared rule, or a `first-match` block of them.
 */
export type SharedRule = { 
/**
 * Shown in explanations instead of the rule's position.
 */
label?: string, 
/**
 * Changed-file patterns in the syntax of a workflow's `paths` filter; the
 * last matching pattern decides, so a later `!pattern` excludes.
 */
files?: OneOrMany<string>, 
/**
 * The entries a matching file selects: `all`, `none` or a condition.
 */
select?: Selector, 
/**
 * A content-aware exception.
 */
unless?: Unless, 
/**
 * A block: per changed file, only the first matching rule applies.
 * A block holds nothing else.
 */
"first-match"?: Array<SharedRule>, };

/**
 * `all`, `none`, or the entries a condition picks.
 */
export type Selector = SelectKeyword | Condition;

/**
 * Every entry, or none.
 */
export type SelectKeyword = "all" | "none";

/**
 * Content-aware exceptions to a shared rule.
 */
export type Unless = "proto-additive";

/**
 * Which entries a rule applies to; every key must hold. Keys other than
 * the reserved ones name entry fields (e.g. `backend`, `dockerfile`).
 */
export type Condition = { 
/**
 * The matrix list the entry belongs to (e.g. `include`).
 */
list?: FieldTest, 
/**
 * Every listed condition holds.
 */
all?: Array<Condition>, 
/**
 * At least one listed condition holds.
 */
any?: Array<Condition>, 
/**
 * The condition does not hold.
 */
not?: Condition, 
/**
 * Tests on fields whose names clash with the reserved keys above.
 */
fields?: { [key in string]: FieldTest }, } & ({ [key in string]: FieldTest | Array<Condition> | Condition | { [key in string]: FieldTest } });

/**
 * What a key of a condition may hold (TypeScript types every key of an
 * object with an index signature by it, reserved keys included).
 */
export type ConditionValue = FieldTest | Array<Condition> | Condition | { [key in string]: FieldTest };

/**
 * A test on one entry field: equal to a value, one of a list, matching a
 * glob, or present/absent (present = exists, not null, not empty).
 */
export type FieldTest = Scalar | Array<Scalar> | { equals: Scalar, } | { in: Array<Scalar>, } | { glob: string, } | { present: boolean, };

/**
 * A matrix value as a condition compares it (as text).
 */
export type Scalar = string | number | boolean;

/**
 * A value or a list of values; a lone value is a one-item list.
 */
export type OneOrMany<T> = T | Array<T>;

/**
 * Output names; `false` disables one.
 */
export type OutputsConfig = { 
/**
 * `true` on a full run. Default name: `run-all`.
 */
"run-all"?: string | false | null, 
/**
 * The reason code. Default name: `reason`.
 */
reason?: string | false | null, 
/**
 * JSON array of the selected names. Default name: `names`.
 */
names?: string | false | null, 
/**
 * One `true`/`false` output per name; a template using `{name}`. Default: off.
 */
"name-flags"?: string | false | null, };

/**
 * A named sub-matrix.
 */
export type PartitionConfig = { 
/**
 * A unique id, used in results and as `{id}` in templates.
 */
id: string, 
/**
 * Which selected entries belong here. Default: all.
 */
when?: Condition, 
/**
 * Cut into this many contiguous balanced matrices (1-256). Default: 1.
 */
shards?: number, 
/**
 * Output name of the matrix; may use `{shard}` and `{id}`.
 */
matrix: string, 
/**
 * Output name of the `true`/`false` non-emptiness flag.
 */
"has-entries": string, 
/**
 * A grouped matrix: one item per distinct value of a field.
 */
group?: GroupConfig, };

/**
 * A grouped matrix derived from a partition.
 */
export type GroupConfig = { 
/**
 * The field whose distinct values make the items (entries lacking it are skipped).
 */
by: string, 
/**
 * Fields copied from each group's first entry (`""` when absent).
 */
carry?: OneOrMany<string>, 
/**
 * Output name of the grouped matrix.
 */
matrix: string, 
/**
 * Output name of its non-emptiness flag.
 */
"has-entries": string, };

/**
 * Tunable bounds.
 */
export type LimitsConfig = { 
/**
 * More changed paths than this → run everything (`too-many-files`). Default 20000.
 */
"max-changed-files"?: number, 
/**
 * Most commits listed one by one when a compare answer is capped. Default 100.
 */
"max-commits"?: number, };

/**
 * What to do with entries no source rule watches.
 */
export type Unwatched = "warn" | "error";
