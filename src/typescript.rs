//! The TypeScript declarations of what the core takes (its input and the
//! config's shape) and returns, generated from the Rust types (serde's renames, tags and skipped fields included)
//! into `js/lib/types.generated.d.ts`. A test keeps the committed file
//! current, as it does for the JSON Schema.

#[cfg(test)]
mod tests {
    use crate::shape::{self, typescript as forms};
    use crate::{answer, baseline, error, event, fetch, lint, outputs, run, select, unless};
    use ts_rs::{Config, TS};

    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/js/lib/types.generated.d.ts");

    fn decl<T: TS>(cfg: &Config) -> String {
        let docs = T::docs().unwrap_or_default();
        format!("{docs}export {}\n", T::decl(cfg))
    }

    fn generate() -> String {
        // serde_wasm_bindgen's JSON-compatible serializer writes u64 as a number.
        let cfg = Config::new().with_large_int("number");
        let decls = [
            decl::<run::Outcome>(&cfg),
            decl::<run::Decision>(&cfg),
            decl::<event::Reason>(&cfg),
            decl::<outputs::PartitionResult>(&cfg),
            decl::<outputs::Selected>(&cfg),
            decl::<select::Why>(&cfg),
            decl::<select::ChangedFile>(&cfg),
            decl::<error::Problem>(&cfg),
            decl::<error::ProblemKind>(&cfg),
            decl::<run::Plan>(&cfg),
            decl::<fetch::Request>(&cfg),
            decl::<lint::Validation>(&cfg),
            decl::<lint::LintResult>(&cfg),
            decl::<lint::Finding>(&cfg),
            decl::<lint::FindingKind>(&cfg),
            decl::<run::Input>(&cfg),
            decl::<run::Source>(&cfg),
            decl::<run::MatrixText>(&cfg),
            decl::<run::EventInput>(&cfg),
            decl::<run::Changes>(&cfg),
            decl::<run::BaselineInput>(&cfg),
            decl::<baseline::Mode>(&cfg),
            decl::<answer::Response>(&cfg),
            decl::<answer::Failure>(&cfg),
            decl::<answer::FailureKind>(&cfg),
            decl::<shape::RawFile>(&cfg),
            decl::<shape::RawMatrixSource>(&cfg),
            decl::<shape::RawSourceRule>(&cfg),
            decl::<shape::RawSharedRule>(&cfg),
            decl::<forms::Selector>(&cfg),
            decl::<forms::SelectKeyword>(&cfg),
            decl::<unless::Unless>(&cfg),
            decl::<forms::Condition>(&cfg),
            decl::<forms::ConditionValue>(&cfg),
            decl::<forms::Matcher>(&cfg),
            decl::<forms::Scalar>(&cfg),
            decl::<forms::OneOrMany<String>>(&cfg),
            decl::<shape::RawOutputs>(&cfg),
            decl::<shape::RawPartition>(&cfg),
            decl::<shape::RawGroup>(&cfg),
            decl::<shape::RawLimits>(&cfg),
            decl::<shape::Unwatched>(&cfg),
        ];
        format!(
            "// Generated from the Rust types by `cargo test --lib typescript`; do not edit.\n// Run `UPDATE_TYPES=1 cargo test --lib typescript` after changing them.\n\n{}",
            decls.join("\n")
        )
    }

    /// The committed declarations are exactly what the types generate.
    #[test]
    fn committed_declarations_match_the_types() {
        let text = generate();
        if std::env::var_os("UPDATE_TYPES").is_some() {
            std::fs::write(PATH, &text).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(committed == text, "js/lib/types.generated.d.ts is stale: run `UPDATE_TYPES=1 cargo test --lib typescript` and commit it");
    }
}
