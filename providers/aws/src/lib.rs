//! The AWS provider, on the AWS SDK for Rust: the Terraform AWS provider's
//! argument names, resource types, attribute names and import IDs, so a
//! configuration written for it plans and applies here unchanged.

mod attrs;
mod common;
mod config;
mod error;
mod naming;
mod provider;
mod resource;

mod cloudwatch;
mod dynamodb;
mod dynamodb_indexes;
mod dynamodb_settings;
mod elasticache;
mod iam;
mod identity;
mod rds;
mod s3;
mod secrets;
mod sns;
mod sqs;

pub use provider::{AwsProvider, Factory};

use resource::{DataSource, Resource};

/// The provider's factory, for the engine's registry.
pub fn factory() -> Box<dyn terrace_provider_sdk::ProviderFactory> {
    Box::new(Factory)
}

fn resources() -> Vec<Box<dyn Resource>> {
    vec![
        Box::new(s3::bucket::Bucket),
        Box::new(s3::bucket_versioning::BucketVersioning),
        Box::new(s3::bucket_policy::BucketPolicy),
        Box::new(s3::object::Object),
        Box::new(rds::instance::Instance),
        Box::new(rds::subnet_group::SubnetGroup),
        Box::new(rds::parameter_group::ParameterGroup),
        Box::new(elasticache::Cluster),
        Box::new(dynamodb::Table),
        Box::new(sqs::Queue),
        Box::new(sns::topic::Topic),
        Box::new(sns::subscription::Subscription),
        Box::new(cloudwatch::alarm::Alarm),
        Box::new(cloudwatch::log_group::LogGroupResource),
        Box::new(cloudwatch::dashboard::Dashboard),
        Box::new(iam::role::Role),
        Box::new(iam::policy::Policy),
        Box::new(iam::attachment::Attachment),
        Box::new(secrets::secret::Secret),
        Box::new(secrets::version::Version),
    ]
}

fn data_sources() -> Vec<Box<dyn DataSource>> {
    vec![
        Box::new(identity::CallerIdentity),
        Box::new(identity::Region),
        Box::new(rds::instance_data::InstanceData),
        Box::new(s3::bucket_data::BucketData),
        Box::new(iam::policy_document::PolicyDocument),
    ]
}
