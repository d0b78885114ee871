//! Amazon S3: buckets, their versioning and policy, and objects.

pub(crate) mod bucket;
pub(crate) mod bucket_data;
pub(crate) mod bucket_policy;
pub(crate) mod bucket_versioning;
pub(crate) mod object;
