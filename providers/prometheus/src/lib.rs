//! The `prometheus` provider: alerting and recording rule groups written as
//! rule files and checked before they are written, and file-based service
//! discovery target groups. Prometheus is told to reload after a change and
//! read back through its HTTP API.

mod client;
mod files;
mod rule_group;
mod rules;
mod scrape_targets;

use terrace_provider_sdk::framework::Router;
use terrace_provider_sdk::{
    Attribute, Block, NestedBlock, Nesting, Provider, ProviderFactory, Schema, Type,
};

/// Creates `prometheus` provider instances.
pub struct Factory;

/// The factory the engine registers.
pub fn factory() -> Factory {
    Factory
}

fn provider_schema() -> Schema {
    let s = |d: &str| Attribute::optional(Type::String).describe(d);
    let mut block = Block::with_attributes([
        ("url", s("Prometheus's address (http://localhost:9090).")),
        (
            "rules_dir",
            s("Where rule files are written; prometheus.yml's rule_files should cover it."),
        ),
        (
            "file_sd_dir",
            s("Where file_sd target files are written; file_sd_configs should cover it."),
        ),
        (
            "reload",
            Attribute::optional(Type::Bool).describe("POST /-/reload after writing rules (true)."),
        ),
        (
            "bearer_token",
            s("A bearer token sent with every request.").sensitive(),
        ),
    ]);
    block.blocks.insert(
        "basic_auth".into(),
        NestedBlock {
            nesting: Nesting::Single,
            block: Block::with_attributes([
                ("username", Attribute::required(Type::String)),
                ("password", Attribute::optional(Type::String).sensitive()),
            ]),
            min_items: 0,
            max_items: 1,
        },
    );
    Schema { version: 0, block }
}

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "prometheus"
    }

    fn source(&self) -> &'static str {
        "terrace/prometheus"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(Router::new(
            provider_schema(),
            client::Client::from_config,
            vec![
                Box::new(rule_group::RuleGroup),
                Box::new(scrape_targets::ScrapeTargetGroup),
            ],
            Vec::new(),
        ))
    }
}
