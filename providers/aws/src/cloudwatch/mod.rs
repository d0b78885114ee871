//! Amazon CloudWatch: metric alarms, dashboards, and CloudWatch Logs groups.

pub(crate) mod alarm;
pub(crate) mod dashboard;
pub(crate) mod log_group;
