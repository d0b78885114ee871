//! The `http` provider: Terraform's `http` data source (one request and
//! its response) and `http_resource`, a generic REST object for internal
//! APIs that have no provider of their own.

mod data_http;
mod request;
mod resource;

use terrace_provider_sdk::framework::Router;
use terrace_provider_sdk::{Provider, ProviderFactory, Schema};

/// Creates `http` provider instances.
pub struct Factory;

/// The factory the engine registers.
pub fn factory() -> Factory {
    Factory
}

impl ProviderFactory for Factory {
    fn name(&self) -> &'static str {
        "http"
    }

    fn source(&self) -> &'static str {
        "hashicorp/http"
    }

    fn create(&self) -> Box<dyn Provider> {
        Box::new(Router::new(
            Schema::default(),
            |_config| Ok(()),
            vec![Box::new(resource::HttpResource)],
            vec![Box::new(data_http::HttpData)],
        ))
    }
}
