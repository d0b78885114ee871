//! The `provider "aws"` block: its schema, as the Terraform AWS provider
//! names the arguments, and the SDK clients it configures.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_smithy_http_client::tls;
use terrace_provider_sdk::{
    Attribute, Block, Diagnostic, Diagnostics, NestedBlock, Nesting, Schema, Type, Value,
};

use crate::attrs::{attr, boolean, int, string, string_list, string_map};
use crate::error::aws_err;

/// The services an `endpoints` block can point elsewhere.
pub(crate) const SERVICES: &[&str] = &[
    "cloudwatch",
    "cloudwatchlogs",
    "dynamodb",
    "elasticache",
    "iam",
    "rds",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "sts",
];

/// The provider block's schema.
pub(crate) fn schema() -> Schema {
    let strings = Type::list(Type::String);
    let mut block = Block::with_attributes([
        ("region", Attribute::optional(Type::String)),
        ("profile", Attribute::optional(Type::String)),
        ("access_key", Attribute::optional(Type::String)),
        ("secret_key", Attribute::optional(Type::String).sensitive()),
        ("token", Attribute::optional(Type::String).sensitive()),
        ("shared_config_files", Attribute::optional(strings.clone())),
        ("shared_credentials_files", Attribute::optional(strings)),
        (
            "skip_credentials_validation",
            Attribute::optional(Type::Bool),
        ),
        (
            "skip_requesting_account_id",
            Attribute::optional(Type::Bool),
        ),
        ("skip_region_validation", Attribute::optional(Type::Bool)),
        ("skip_metadata_api_check", Attribute::optional(Type::String)),
        ("s3_use_path_style", Attribute::optional(Type::Bool)),
        ("max_retries", Attribute::optional(Type::Number)),
    ]);
    let single = |b: Block| NestedBlock {
        nesting: Nesting::Single,
        block: b,
        min_items: 0,
        max_items: 1,
    };
    block.blocks.insert(
        "assume_role".into(),
        single(Block::with_attributes([
            ("role_arn", Attribute::optional(Type::String)),
            ("session_name", Attribute::optional(Type::String)),
            ("external_id", Attribute::optional(Type::String)),
        ])),
    );
    block.blocks.insert(
        "default_tags".into(),
        single(Block::with_attributes([(
            "tags",
            Attribute::optional(Type::map(Type::String)),
        )])),
    );
    block.blocks.insert(
        "endpoints".into(),
        single(Block::with_attributes(
            SERVICES
                .iter()
                .chain(["logs", "cloudwatchevents"].iter())
                .map(|s| (*s, Attribute::optional(Type::String))),
        )),
    );
    Schema { version: 0, block }
}

/// One configured provider instance: its clients and settings.
pub(crate) struct Aws {
    pub region: String,
    pub account_id: Option<String>,
    pub default_tags: BTreeMap<String, String>,
    pub s3: aws_sdk_s3::Client,
    pub rds: aws_sdk_rds::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub sns: aws_sdk_sns::Client,
    pub iam: aws_sdk_iam::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub sts: aws_sdk_sts::Client,
}

/// The HTTPS client every SDK client shares (rustls with ring).
fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

fn invalid(name: &str, detail: impl Into<String>) -> Diagnostics {
    Diagnostic::error(format!("Invalid provider argument {name:?}"), detail).into()
}

/// Builds the clients from the provider block's value.
// aws-config's profile file types are deprecated aliases of aws-runtime's;
// its loader still takes them.
#[allow(deprecated)]
pub(crate) async fn configure(config: &Value) -> Result<Aws, Diagnostics> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client());
    let region = string(config, "region")?
        .or_else(|| std::env::var("AWS_REGION").ok())
        .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok());
    if let Some(r) = &region {
        loader = loader.region(Region::new(r.clone()));
    }
    let config_files = string_list(config, "shared_config_files")?.unwrap_or_default();
    let credential_files = string_list(config, "shared_credentials_files")?.unwrap_or_default();
    let files = if config_files.is_empty() && credential_files.is_empty() {
        None
    } else {
        use aws_config::profile::profile_file::{ProfileFileKind, ProfileFiles};
        let mut files = ProfileFiles::builder();
        for f in config_files.into_iter().flatten() {
            files = files.with_file(ProfileFileKind::Config, expand_home(&f));
        }
        for f in credential_files.into_iter().flatten() {
            files = files.with_file(ProfileFileKind::Credentials, expand_home(&f));
        }
        Some(files.build())
    };
    if let Some(p) = string(config, "profile")? {
        check_profile(&p, files.as_ref()).await?;
        loader = loader.profile_name(p);
    }
    if let Some(files) = files {
        loader = loader.profile_files(files);
    }
    let access_key = string(config, "access_key")?;
    let secret_key = string(config, "secret_key")?;
    match (access_key, secret_key) {
        (Some(a), Some(s)) => {
            let token = string(config, "token")?;
            loader = loader.credentials_provider(Credentials::new(a, s, token, None, "terrace"));
        }
        (None, None) => {}
        _ => {
            return Err(invalid(
                "access_key",
                "access_key and secret_key must be set together.",
            ))
        }
    }
    let max_retries = int(config, "max_retries")?.unwrap_or(25);
    if !(0..=1000).contains(&max_retries) {
        return Err(invalid(
            "max_retries",
            "max_retries must be between 0 and 1000.",
        ));
    }
    loader = loader.retry_config(
        RetryConfig::standard()
            .with_max_attempts(max_retries as u32 + 1)
            .with_max_backoff(Duration::from_secs(20)),
    );
    let endpoints = attr(config, "endpoints");
    let endpoint = |name: &str| -> Result<Option<String>, Diagnostics> {
        if endpoints.is_null() {
            return Ok(None);
        }
        string(endpoints, name)
    };
    if let Some(sts) = endpoint("sts")? {
        loader = loader.endpoint_url(sts);
    }
    let mut base = loader.load().await;
    let assume = attr(config, "assume_role");
    if !assume.is_null() {
        if let Some(role_arn) = string(assume, "role_arn")? {
            let mut b = aws_config::sts::AssumeRoleProvider::builder(role_arn)
                .session_name(
                    string(assume, "session_name")?.unwrap_or_else(|| "terrace".to_string()),
                )
                .configure(&base);
            if let Some(id) = string(assume, "external_id")? {
                b = b.external_id(id);
            }
            let provider = b.build().await;
            base = base
                .into_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(provider),
                )
                .build();
        }
    }
    let Some(region) = base.region().map(|r| r.to_string()) else {
        return Err(invalid(
            "region",
            "No AWS region is set: set region in the provider block, or AWS_REGION, or a region in the profile.",
        ));
    };
    let default_tags = {
        let d = attr(config, "default_tags");
        if d.is_null() {
            BTreeMap::new()
        } else {
            string_map(d, "tags")?
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect()
        }
    };
    let path_style = boolean(config, "s3_use_path_style")?.unwrap_or(false);
    let with_endpoint = |name: &str| -> Result<SdkConfig, Diagnostics> {
        Ok(match endpoint(name)? {
            Some(url) => base.to_builder().endpoint_url(url).build(),
            None => base.clone(),
        })
    };
    let logs_endpoint = match endpoint("cloudwatchlogs")? {
        Some(u) => Some(u),
        None => endpoint("logs")?,
    };
    let logs_config = match logs_endpoint {
        Some(url) => base.to_builder().endpoint_url(url).build(),
        None => base.clone(),
    };
    let s3_config = aws_sdk_s3::config::Builder::from(&with_endpoint("s3")?)
        .force_path_style(path_style)
        .build();
    let mut out = Aws {
        region,
        account_id: None,
        default_tags,
        s3: aws_sdk_s3::Client::from_conf(s3_config),
        rds: aws_sdk_rds::Client::new(&with_endpoint("rds")?),
        cloudwatch: aws_sdk_cloudwatch::Client::new(&with_endpoint("cloudwatch")?),
        logs: aws_sdk_cloudwatchlogs::Client::new(&logs_config),
        sqs: aws_sdk_sqs::Client::new(&with_endpoint("sqs")?),
        sns: aws_sdk_sns::Client::new(&with_endpoint("sns")?),
        iam: aws_sdk_iam::Client::new(&with_endpoint("iam")?),
        dynamodb: aws_sdk_dynamodb::Client::new(&with_endpoint("dynamodb")?),
        elasticache: aws_sdk_elasticache::Client::new(&with_endpoint("elasticache")?),
        secrets: aws_sdk_secretsmanager::Client::new(&with_endpoint("secretsmanager")?),
        sts: aws_sdk_sts::Client::new(&with_endpoint("sts")?),
    };
    let skip_validation = boolean(config, "skip_credentials_validation")?.unwrap_or(false);
    let skip_account = boolean(config, "skip_requesting_account_id")?.unwrap_or(false);
    if !skip_validation || !skip_account {
        match out.sts.get_caller_identity().send().await {
            Ok(id) => out.account_id = id.account().map(str::to_string),
            Err(e) => {
                if !skip_validation {
                    let mut d = aws_err("GetCallerIdentity", e).diagnostic();
                    d.summary = "Invalid AWS credentials".to_string();
                    return Err(d.into());
                }
            }
        }
    }
    Ok(out)
}

/// A profile named in the block must be in the shared files: the SDK would
/// otherwise carry on without it and fail later on a missing region or
/// missing credentials, far from the cause.
#[allow(deprecated)]
async fn check_profile(
    name: &str,
    files: Option<&aws_config::profile::profile_file::ProfileFiles>,
) -> Result<(), Diagnostics> {
    use aws_types::os_shim_internal::{Env, Fs};
    let default = aws_config::profile::profile_file::ProfileFiles::default();
    let set = aws_config::profile::load(
        &Fs::real(),
        &Env::real(),
        files.unwrap_or(&default),
        Some(name.to_string().into()),
    )
    .await
    .map_err(|e| {
        invalid(
            "profile",
            format!("The shared AWS config files could not be read: {e}."),
        )
    })?;
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let wher = if files.is_some() {
        "shared_config_files and shared_credentials_files"
    } else {
        "~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE)"
    };
    Err(invalid(
        "profile",
        format!(
            "No profile {name:?} is defined in {wher}. Name a profile these files define, or add a [profile {name}] section."
        ),
    ))
}

fn expand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}
