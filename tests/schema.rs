//! Every example config validates against the committed JSON Schema (which
//! a unit test keeps identical to what the config types generate), and
//! configs the decoder rejects for their shape are rejected by the schema too.

use boon::{Compiler, Schemas};
use changed_backends::yaml::{self, Node, Scalar, Value};
use serde_json::{json, Value as Json};

const SCHEMA: &str = include_str!("../schema/config.schema.json");

fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Scalar(Scalar::Null) => Json::Null,
        Value::Scalar(Scalar::Bool(b)) => json!(b),
        Value::Scalar(Scalar::Int(i)) => json!(i),
        Value::Scalar(Scalar::Float(f)) => json!(f),
        Value::Scalar(Scalar::Str(s)) => json!(&**s),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(items) => Json::Object(
            items
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().map_or_else(String::new, str::to_string),
                        to_json(v),
                    )
                })
                .collect(),
        ),
    }
}

fn valid(text: &str) -> Result<(), String> {
    let mut schemas = Schemas::new();
    let mut compiler = Compiler::new();
    let schema: Json = serde_json::from_str(SCHEMA).unwrap();
    compiler.add_resource("config.schema.json", schema).unwrap();
    let index = compiler
        .compile("config.schema.json", &mut schemas)
        .unwrap();
    let node = yaml::parse("c.yml", text, &yaml::LIMITS).unwrap();
    schemas
        .validate(&to_json(&node), index)
        .map_err(|e| e.to_string())
}

#[test]
fn example_configs_validate() {
    let examples = [
        include_str!("../examples/localai/changed-backends.yml"),
        include_str!("../examples/basic/changed-backends.yml"),
        include_str!("../js/playground/presets/monorepo/config.yml"),
    ];
    for text in examples {
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "examples name the schema for editors"
        );
        valid(text).unwrap();
        changed_backends::config::Config::parse("c.yml", text).unwrap();
    }
}

#[test]
fn shape_errors_are_rejected_by_both() {
    let bad = [
        "sources: []\n",                                                    // no matrix
        "matrix: { file: m.yml }\nsoruces: []\n",                          // unknown key
        "matrix: { file: m.yml, lists: [[a]] }\n",                         // nested list
        "matrix: { file: m.yml }\nunwatched: loud\n",                      // bad enum
        "matrix: { file: m.yml }\nshared:\n  - files: [a]\n    select: some\n", // bad selector
        "matrix: { file: m.yml }\noutputs: { run-all: true }\n",            // outputs take names or false
        "matrix: { file: m.yml }\nsources:\n  - paths: [a]\n    when: { d: { glob: x, in: [y] } }\n",
    ];
    for text in bad {
        assert!(valid(text).is_err(), "schema accepts {text:?}");
        assert!(
            changed_backends::config::Config::parse("c.yml", text).is_err(),
            "decoder accepts {text:?}"
        );
    }
}
