//! Every provider Terrace ships, in one list.

use terrace_provider_sdk::ProviderFactory;

/// The factories of all built-in and bundled providers.
pub fn factories() -> Vec<Box<dyn ProviderFactory>> {
    let mut all = terrace_providers_builtin::factories();
    all.push(Box::new(terrace_provider_kubernetes::factory()));
    all.push(Box::new(terrace_provider_postgresql::factory()));
    all.push(Box::new(terrace_provider_prometheus::factory()));
    all.push(Box::new(terrace_provider_http::factory()));
    all.push(terrace_provider_aws::factory());
    all
}
