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
export type LintFindingKind = "unwatched-path" | "unwatched-entry" | "dead-source-rule" | "dead-shared-rule" | "shadowed-shared-rule" | "empty-shared-rule" | "unwatched-file";
