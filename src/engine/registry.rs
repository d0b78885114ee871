//! Every provider Terrace ships, in one list.

use terrace_provider_sdk::ProviderFactory;

/// The factories of all built-in and bundled providers.
pub fn factories() -> Vec<Box<dyn ProviderFactory>> {
    let mut all = terrace_providers_builtin::factories();
    all.push(terrace_provider_aws::factory());
    all
}
