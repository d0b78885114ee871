//! The providers built into Terrace, so a configuration using Terraform's
//! utility providers plans and applies with nothing installed: `terraform`
//! (`terraform_data`), `null`, `random`, `local`, `time` and `external`.
//! Each resource type keeps the attributes, defaults, computed values,
//! replacement rules and import IDs of its Terraform namesake.

mod attrs;
mod plan;
mod provider;

mod external;
mod local;
mod null;
mod random;
mod terraform;
mod time;

use terrace_provider_sdk::ProviderFactory;

/// A factory for each built-in provider.
pub fn factories() -> Vec<Box<dyn ProviderFactory>> {
    vec![
        Box::new(terraform::factory()),
        Box::new(null::factory()),
        Box::new(random::factory()),
        Box::new(local::factory()),
        Box::new(time::factory()),
        Box::new(external::factory()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_has_a_distinct_name_and_source() {
        let names: Vec<(&str, &str)> = factories().iter().map(|f| (f.name(), f.source())).collect();
        assert_eq!(
            names,
            vec![
                ("terraform", "terraform.io/builtin/terraform"),
                ("null", "hashicorp/null"),
                ("random", "hashicorp/random"),
                ("local", "hashicorp/local"),
                ("time", "hashicorp/time"),
                ("external", "hashicorp/external"),
            ]
        );
    }

    #[test]
    fn every_schema_lists_what_the_provider_serves() {
        for f in factories() {
            let schema = f.create().schema();
            assert!(
                !schema.resources.is_empty() || !schema.data_sources.is_empty(),
                "{} serves nothing",
                f.name()
            );
        }
    }
}
