//! Amazon SNS: topics and their subscriptions.

pub(crate) mod subscription;
pub(crate) mod topic;
